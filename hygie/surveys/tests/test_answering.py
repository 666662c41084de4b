"""The rules of a filled questionnaire, table-driven."""

from types import SimpleNamespace

from django.test import SimpleTestCase

from hygie.surveys.answering import (
    NOT_A_CHOICE,
    NOT_A_NUMBER,
    REQUIRED,
    clean,
    condition_problem,
)


def q(key, kind="single", required=False, show_if=None, choices=("oui", "non"), **extra):
    return SimpleNamespace(
        key=key,
        kind=kind,
        required=required,
        show_if=show_if,
        choices=[{"key": c, "label": c} for c in choices],
        scale_min=extra.get("scale_min"),
        scale_max=extra.get("scale_max"),
        number_min=extra.get("number_min"),
        number_max=extra.get("number_max"),
    )


DPO = q("dpo", required=True)
DPO_WHO = q("dpo-qui", show_if={"question": "dpo", "answers": ["oui"]}, choices=("a", "b"))
# Conditioned on a conditioned question: hidden when its parent is.
DPO_SINCE = q("dpo-depuis", show_if={"question": "dpo-qui", "answers": ["a"]})
TOPICS = q("sujets", kind="multiple", choices=("rgpd", "usb", "wifi"))
AFTER_TOPICS = q("usb-detail", show_if={"question": "sujets", "answers": ["usb"]})
SCALE = q("niveau", kind="scale", choices=(), scale_min=1, scale_max=5)
HOURS = q("heures", kind="number", choices=(), number_min=0, number_max=100)
TEXT = q("remarque", kind="text", choices=())
QUESTIONS = [DPO, DPO_WHO, DPO_SINCE, TOPICS, AFTER_TOPICS, SCALE, HOURS, TEXT]


class CleanTestCase(SimpleTestCase):
    def test_the_rules_in_a_table(self):
        cases = [
            # (raw answers, expected answers, expected errors)
            ({"dpo": "non"}, {"dpo": "non"}, {}),
            ({}, {}, {"dpo": REQUIRED}),
            ({"dpo": "  "}, {}, {"dpo": REQUIRED}),
            ({"dpo": "peut-etre"}, {}, {"dpo": NOT_A_CHOICE}),
            # A conditional answer is kept only when its condition is met…
            ({"dpo": "oui", "dpo-qui": "a"}, {"dpo": "oui", "dpo-qui": "a"}, {}),
            # …and dropped otherwise, even when invalid.
            ({"dpo": "non", "dpo-qui": "a"}, {"dpo": "non"}, {}),
            ({"dpo": "non", "dpo-qui": "zzz"}, {"dpo": "non"}, {}),
            # A chain: hidden parent, hidden child.
            ({"dpo": "non", "dpo-qui": "a", "dpo-depuis": "oui"}, {"dpo": "non"}, {}),
            (
                {"dpo": "oui", "dpo-qui": "a", "dpo-depuis": "oui"},
                {"dpo": "oui", "dpo-qui": "a", "dpo-depuis": "oui"},
                {},
            ),
            # Multiple choices: in the questionnaire's order, each once.
            (
                {"dpo": "non", "sujets": ["wifi", "rgpd", "wifi"]},
                {"dpo": "non", "sujets": ["rgpd", "wifi"]},
                {},
            ),
            ({"dpo": "non", "sujets": ["rgpd", "x"]}, {"dpo": "non"}, {"sujets": NOT_A_CHOICE}),
            # A condition on a multiple choice: any ticked answer.
            (
                {"dpo": "non", "sujets": ["rgpd", "usb"], "usb-detail": "oui"},
                {"dpo": "non", "sujets": ["rgpd", "usb"], "usb-detail": "oui"},
                {},
            ),
            (
                {"dpo": "non", "sujets": ["rgpd"], "usb-detail": "oui"},
                {"dpo": "non", "sujets": ["rgpd"]},
                {},
            ),
            ({"dpo": "non", "niveau": "5"}, {"dpo": "non", "niveau": 5}, {}),
            (
                {"dpo": "non", "niveau": "6"},
                {"dpo": "non"},
                {"niveau": "Choisissez une valeur de 1 à 5."},
            ),
            ({"dpo": "non", "heures": "12"}, {"dpo": "non", "heures": 12}, {}),
            ({"dpo": "non", "heures": "douze"}, {"dpo": "non"}, {"heures": NOT_A_NUMBER}),
            (
                {"dpo": "non", "heures": "101"},
                {"dpo": "non"},
                {"heures": "Écrivez un nombre entre 0 et 100."},
            ),
            ({"dpo": "non", "remarque": " Merci "}, {"dpo": "non", "remarque": "Merci"}, {}),
            (
                {"dpo": "non", "remarque": "x" * 1001},
                {"dpo": "non"},
                {"remarque": "Écrivez au plus 1000 caractères."},
            ),
            # Unknown keys are ignored.
            ({"dpo": "non", "ip": "10.0.0.1"}, {"dpo": "non"}, {}),
        ]
        for raw, answers, errors in cases:
            with self.subTest(raw=raw):
                self.assertEqual(clean(QUESTIONS, raw), (answers, errors))


class ConditionProblemTestCase(SimpleTestCase):
    def test_a_condition_names_an_earlier_question_and_its_answers(self):
        earlier = {"dpo": ["oui", "non"]}
        cases = [
            (None, ""),
            ({"question": "dpo", "answers": ["oui"]}, ""),
            ({"question": "plus-tard", "answers": ["oui"]}, "placée avant"),
            ({"question": "dpo", "answers": []}, "au moins une réponse"),
            ({"question": "dpo", "answers": ["peut-etre"]}, "peut-etre"),
        ]
        for show_if, expected in cases:
            with self.subTest(show_if=show_if):
                problem = condition_problem(show_if, earlier)
                if expected:
                    self.assertIn(expected, problem)
                else:
                    self.assertEqual(problem, "")
