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


class DetailsPunctuationTestCase(SimpleTestCase):
    def test_a_value_ending_with_a_full_stop_is_not_followed_by_a_semicolon(self):
        # PostgreSQL's jsonb orders keys its own way: any value may come first.
        entry = Entry(details={"texte": "Lettre produite.", "entrée": 118})
        self.assertEqual(entry.details_text, "texte : Lettre produite ; entrée : 118")
