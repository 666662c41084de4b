"""Each territory's public holidays and working days (the `holidays` package's
subdivisions of France; the abolition of slavery: loi n° 83-550 du 30 juin
1983 and décret n° 83-1003 du 23 novembre 1983)."""

from datetime import date
from unittest import TestCase
from zoneinfo import ZoneInfo

from hygie.law.days import is_working_day, last_working_day, working_days_after
from hygie.law.territories import territory


class TerritoriesTestCase(TestCase):
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
