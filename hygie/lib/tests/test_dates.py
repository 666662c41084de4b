from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.test import SimpleTestCase

from hygie.law.territories import TERRITORIES, territory
from hygie.lib.dates import (
    is_paris,
    long_date,
    long_datetime,
    relative,
    short_datetime,
)

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


class FrenchDatesTestCase(SimpleTestCase):
    def test_long_dates(self):
        for day, text in [
            (date(2026, 11, 21), "samedi 21 novembre 2026"),
            (date(2026, 2, 1), "dimanche 1er février 2026"),
            (date(2027, 8, 15), "dimanche 15 août 2027"),
            (date(2026, 12, 31), "jeudi 31 décembre 2026"),
        ]:
            with self.subTest(day=day):
                self.assertEqual(long_date(day), text)

    def test_times_are_shown_in_paris_time_summer_and_winter(self):
        for moment, text in [
            # Winter: UTC+1.
            (datetime(2026, 11, 21, 8, 0, tzinfo=UTC), "samedi 21 novembre 2026 à 09:00"),
            # Summer: UTC+2.
            (datetime(2026, 7, 14, 8, 0, tzinfo=UTC), "mardi 14 juillet 2026 à 10:00"),
            # Late evening UTC is already the next day in Paris.
            (datetime(2026, 12, 31, 23, 30, tzinfo=UTC), "vendredi 1er janvier 2027 à 00:30"),
        ]:
            with self.subTest(moment=moment):
                self.assertEqual(long_datetime(moment), text)

    def test_short_form(self):
        moment = datetime(2026, 3, 29, 1, 30, 5, tzinfo=UTC)  # the night summer time starts
        self.assertEqual(short_datetime(moment), "29/03/2026 03:30")
        self.assertEqual(short_datetime(moment, seconds=True), "29/03/2026 03:30:05")

    def test_relative_times(self):
        for delta, text in [
            (timedelta(seconds=30), "à l'instant"),
            (timedelta(seconds=-30), "à l'instant"),
            (timedelta(minutes=1), "dans 1 minute"),
            (timedelta(minutes=59), "dans 59 minutes"),
            (timedelta(hours=1), "dans 1 heure"),
            (timedelta(hours=-5), "il y a 5 heures"),
            (timedelta(hours=47), "dans 1 jour"),
            (timedelta(days=5, hours=8), "dans 5 jours"),
            (timedelta(days=-13), "il y a 13 jours"),
            (timedelta(days=14), "dans 2 semaines"),
            (timedelta(days=59), "dans 8 semaines"),
            (timedelta(days=60), "dans 2 mois"),
            (timedelta(days=-200), "il y a 6 mois"),
            (timedelta(days=365), "dans 1 an"),
            (timedelta(days=800), "dans 2 ans"),
        ]:
            with self.subTest(delta=delta):
                self.assertEqual(relative(NOW + delta, NOW), text)


class TerritoriesTestCase(SimpleTestCase):
    """Each territory's zone and name; their public holidays are the law's
    (hygie/law/tests/test_territories.py)."""

    def test_every_zone_an_organisation_can_choose_is_a_territory(self):
        from hygie.orgs.models import Zone

        self.assertEqual(set(TERRITORIES), set(Zone.values))
        for zone in Zone.values:
            with self.subTest(zone):
                self.assertIs(territory(ZoneInfo(zone)), TERRITORIES[zone])

    def test_times_are_named_by_their_territory(self):
        for zone, name in [
            ("Europe/Paris", "heure de Paris"),
            ("America/Martinique", "heure de la Martinique"),
            ("Indian/Reunion", "heure de La Réunion"),
            ("Pacific/Noumea", "heure de la Nouvelle-Calédonie"),
        ]:
            with self.subTest(zone):
                self.assertEqual(territory(ZoneInfo(zone)).time_name, name)
        self.assertTrue(is_paris(ZoneInfo("Europe/Paris")))
        self.assertFalse(is_paris(ZoneInfo("America/Martinique")))

    def test_times_are_shown_in_the_zone_asked_for(self):
        moment = datetime(2026, 3, 31, 3, 59, tzinfo=UTC)
        martinique, reunion = ZoneInfo("America/Martinique"), ZoneInfo("Indian/Reunion")
        self.assertEqual(long_datetime(moment, martinique), "lundi 30 mars 2026 à 23:59")
        self.assertEqual(long_datetime(moment, reunion), "mardi 31 mars 2026 à 07:59")
        self.assertEqual(short_datetime(moment, tz=martinique), "30/03/2026 23:59")
        self.assertEqual(long_datetime(moment), "mardi 31 mars 2026 à 05:59")  # Paris
