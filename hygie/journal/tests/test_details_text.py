from zoneinfo import ZoneInfo

from django.test import SimpleTestCase
from django.utils import timezone

from hygie.journal.models import Entry


class DetailsTextTestCase(SimpleTestCase):
    def test_it_writes_details_as_a_french_reader_reads_them(self):
        for details, expected in [
            ({}, ""),
            ({"rôle": ["Praticien", "Titulaire"]}, "rôle : Praticien → Titulaire"),
            ({"navigateur": None}, "navigateur : —"),
            ({"sessions": ["a", "b", "c"]}, "sessions : a, b, c"),
        ]:
            with self.subTest(details=details):
                self.assertEqual(Entry(details=details).details_text, expected)


class DetailsPunctuationTestCase(SimpleTestCase):
    def test_a_value_ending_with_a_full_stop_is_not_followed_by_a_semicolon(self):
        # PostgreSQL's jsonb orders keys its own way: any value may come first.
        entry = Entry(details={"texte": "Lettre produite.", "entrée": 118})
        self.assertEqual(entry.details_text, "texte : Lettre produite ; entrée : 118")


class StoredBeforeFrenchDetailsTestCase(SimpleTestCase):
    """Entries recorded before details were written in French read as French too."""

    def test_a_field_name_is_shown_by_its_label(self):
        for details, expected in [
            ({"require_mfa": [False, True]}, "exiger la double authentification de tous les "
             "membres : non → oui"),
            ({"double_authentification": True}, "double authentification : oui"),
            ({"codes_restants": 7, "étape": "code"}, "codes restants : 7 ; étape : code"),
            ({"inactivité_minutes": 30}, "inactivité (minutes) : 30"),
            ({"filtres": {"action": "login.success"}}, "filtres : action : Connexion réussie"),
        ]:  # fmt: skip
            with self.subTest(details=details):
                self.assertEqual(Entry(details=details).details_text, expected)

    def test_a_zone_is_shown_by_its_name(self):
        entry = Entry(details={"time_zone": ["Europe/Paris", "America/Martinique"]})
        self.assertEqual(
            entry.details_text, "fuseau horaire : heure de Paris → heure de la Martinique"
        )

    def test_an_iso_time_is_a_french_date_in_the_active_zone(self):
        entry = Entry(
            details={"due_at": ["2026-12-16T17:00:00+00:00", "2026-12-16T18:00:00-04:00"]}
        )
        with timezone.override(ZoneInfo("America/Martinique")):
            self.assertEqual(
                entry.details_text,
                "échéance : mercredi 16 décembre 2026 à 13:00 (heure de la Martinique) → "
                "mercredi 16 décembre 2026 à 18:00 (heure de la Martinique)",
            )

    def test_an_iso_date_is_a_french_date(self):
        entry = Entry(details={"envoyé le": "2026-12-01"})
        self.assertEqual(entry.details_text, "envoyé le : mardi 1er décembre 2026")
