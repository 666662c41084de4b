from django.test import SimpleTestCase

from hygie.journal.models import Entry


class DetailsTextTestCase(SimpleTestCase):
    def test_it_writes_details_as_a_french_reader_reads_them(self):
        for details, expected in [
            ({}, ""),
            ({"rôle": ["Praticien", "Titulaire"]}, "rôle : Praticien → Titulaire"),
            ({"require_mfa": [False, True]}, "require_mfa : non → oui"),
            ({"double_authentification": True}, "double_authentification : oui"),
            ({"navigateur": None}, "navigateur : —"),
            ({"codes_restants": 7, "étape": "code"}, "codes_restants : 7 ; étape : code"),
            ({"filtres": {"action": "login.success"}}, "filtres : action : login.success"),
            ({"sessions": ["a", "b", "c"]}, "sessions : a, b, c"),
        ]:
            with self.subTest(details=details):
                self.assertEqual(Entry(details=details).details_text, expected)
