"""Which measures apply to which practice."""

from django.test import SimpleTestCase

from hygie.diagnostic.profile import KEYS, QUESTIONS, applies, memento_storage


class Applies(SimpleTestCase):
    def test_table(self):
        # (applies_if, memento marks, profile, expected)
        local_line = {"line": "x" * 10, "L": True, "C": False, "chapter": "2.2.1"}
        both_line = {"line": "x" * 10, "L": True, "C": True, "chapter": "2.3.2"}
        cases = [
            (None, None, {"wifi": "non"}, True),
            ({"wifi": ["oui"]}, None, {"wifi": "oui"}, True),
            ({"wifi": ["oui"]}, None, {"wifi": "non"}, False),
            ({"effectif": ["petite", "equipe"]}, None, {"effectif": "seul"}, False),
            ({"effectif": ["petite", "equipe"]}, None, {"effectif": "equipe"}, True),
            # Every condition must hold.
            ({"wifi": ["oui"], "mobiles": ["oui"]}, None, {"wifi": "oui", "mobiles": "non"}, False),
            # A profile value not given (découverte) matches.
            ({"wifi": ["oui"]}, None, {}, True),
            # The mémento's L column: local storage, or both.
            (None, local_line, {"stockage": "cloud"}, False),
            (None, local_line, {"stockage": "mixte"}, True),
            (None, local_line, {"stockage": "local"}, True),
            (None, both_line, {"stockage": "cloud"}, True),
            # An explicit storage condition wins over the marks.
            ({"stockage": ["cloud"]}, local_line, {"stockage": "cloud"}, True),
        ]
        for applies_if, memento, profile, expected in cases:
            measure = {}
            if applies_if:
                measure["applies_if"] = applies_if
            if memento:
                measure["memento"] = memento
            with self.subTest(applies_if=applies_if, memento=memento, profile=profile):
                self.assertIs(applies(measure, profile), expected)

    def test_memento_storage(self):
        self.assertEqual(memento_storage({"L": True, "C": False}), ["local", "mixte"])
        self.assertEqual(memento_storage({"L": False, "C": True}), ["cloud", "mixte"])
        self.assertIsNone(memento_storage({"L": True, "C": True}))
        self.assertIsNone(memento_storage(None))

    def test_at_most_eight_questions(self):
        self.assertLessEqual(len(QUESTIONS), 8)
        self.assertEqual(len(set(KEYS)), len(KEYS))
