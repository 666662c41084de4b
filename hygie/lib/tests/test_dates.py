from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.test import SimpleTestCase

from hygie.lib.dates import (
    TERRITORIES,
    is_paris,
    is_working_day,
    last_working_day,
    long_date,
    long_datetime,
    relative,
    short_datetime,
    territory,
    working_days_after,
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
    """Each territory's zone, name and public holidays (the `holidays` package's
    subdivisions of France; the abolition of slavery: loi n° 83-550 du 30 juin
    1983 and décret n° 83-1003 du 23 novembre 1983)."""

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

    def test_saint_barthelemy_keeps_its_own_holidays_though_it_shares_guadeloupes_clock(self):
        # Both zones are links to the same rules: the name tells them apart.
        self.assertEqual(territory(ZoneInfo("America/St_Barthelemy")).holidays, "BL")
        self.assertEqual(territory(ZoneInfo("America/Guadeloupe")).holidays, "971")

    # (case, day, territory's holidays, working day?)
    HOLIDAYS = [
        ("Mayotte: abolition, 27 April", date(2026, 4, 27), "976", False),
        ("Martinique: abolition, 22 May", date(2026, 5, 22), "972", False),
        ("Martinique: 27 May is worked", date(2026, 5, 27), "972", True),
        ("Guadeloupe: abolition, 27 May", date(2026, 5, 27), "971", False),
        ("Guadeloupe: 22 May is worked", date(2026, 5, 22), "971", True),
        ("Saint-Martin: abolition, 28 May", date(2026, 5, 28), "MF", False),
        ("Guyane: abolition, 10 June", date(2026, 6, 10), "973", False),
        ("Saint-Barthélemy: abolition, 9 October", date(2026, 10, 9), "BL", False),
        ("La Réunion: abolition, 20 December (a Monday in 2027)", date(2027, 12, 20), "974", False),
        ("Paris: 20 December is worked", date(2027, 12, 20), "", True),
        ("Nouvelle-Calédonie: citizenship day, 24 September", date(2026, 9, 24), "NC", False),
        ("national holidays hold everywhere: 14 July in La Réunion", date(2026, 7, 14), "974", False),
    ]  # fmt: skip

    def test_each_territory_has_its_own_public_holidays(self):
        for case, day, holidays, working in self.HOLIDAYS:
            with self.subTest(case):
                self.assertEqual(is_working_day(day, holidays), working)

    def test_working_days_are_counted_on_the_territorys_calendar(self):
        # Friday 18 December 2026 + 2 working days: Tuesday 22 in Paris; Sunday
        # 20 December is La Réunion's holiday, which changes nothing here…
        self.assertEqual(working_days_after(date(2026, 12, 18), 2), date(2026, 12, 22))
        self.assertEqual(working_days_after(date(2026, 12, 18), 2, "974"), date(2026, 12, 22))
        # …but in 2027 it is a Monday: Réunion's count skips it.
        self.assertEqual(working_days_after(date(2027, 12, 17), 2), date(2027, 12, 21))
        self.assertEqual(working_days_after(date(2027, 12, 17), 2, "974"), date(2027, 12, 22))
        self.assertEqual(last_working_day(date(2026, 5, 22), "972"), date(2026, 5, 21))
        self.assertEqual(last_working_day(date(2026, 5, 22)), date(2026, 5, 22))

    def test_times_are_shown_in_the_zone_asked_for(self):
        moment = datetime(2026, 3, 31, 3, 59, tzinfo=UTC)
        martinique, reunion = ZoneInfo("America/Martinique"), ZoneInfo("Indian/Reunion")
        self.assertEqual(long_datetime(moment, martinique), "lundi 30 mars 2026 à 23:59")
        self.assertEqual(long_datetime(moment, reunion), "mardi 31 mars 2026 à 07:59")
        self.assertEqual(short_datetime(moment, tz=martinique), "30/03/2026 23:59")
        self.assertEqual(long_datetime(moment), "mardi 31 mars 2026 à 05:59")  # Paris
