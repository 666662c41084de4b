"""The clocks of patients' requests, each case citing the article it checks."""

from datetime import date, datetime
from unittest import TestCase
from zoneinfo import ZoneInfo

from hygie.law.days import add_months, last_working_day
from hygie.law.rights import (
    RecordAge,
    Right,
    answer_limit,
    answered_in_time,
    can_extend,
    clocks,
    older_than_five_years,
)

PARIS = ZoneInfo("Europe/Paris")


def paris(*args) -> datetime:
    return datetime(*args, tzinfo=PARIS)


def due(received: datetime, right: Right, **kwargs) -> dict[str, datetime]:
    return {c.key: c.at for c in clocks(received, right, **kwargs)}


class RecordAccess(TestCase):
    """CSP L1111-7 and R1111-1: 48 hours of reflection, 8 days, 2 months."""

    # (case, received, age, {clock: expected})
    CASES = [
        (
            "L1111-7: 8 days from receipt, the day of receipt not counted",
            paris(2026, 3, 3, 10, 15), RecordAge.RECENT,
            {"reflexion": paris(2026, 3, 5, 10, 15), "dossier": paris(2026, 3, 11, 23, 59)},
        ),
        (
            "L1111-7: more than five years old, 2 months",
            paris(2026, 3, 3, 10, 15), RecordAge.OLD,
            {"reflexion": paris(2026, 3, 5, 10, 15), "dossier-ancien": paris(2026, 5, 3, 23, 59)},
        ),
        (
            "L1111-7: both, two limits",
            paris(2026, 3, 3, 10, 15), RecordAge.MIXED,
            {
                "reflexion": paris(2026, 3, 5, 10, 15),
                "dossier": paris(2026, 3, 11, 23, 59),
                "dossier-ancien": paris(2026, 5, 3, 23, 59),
            },
        ),
        # The limit is not moved off a weekend: 8 days after Friday 6 March is Saturday 14.
        (
            "limit on a Saturday stays there",
            paris(2026, 3, 6, 9, 0), RecordAge.RECENT,
            {"reflexion": paris(2026, 3, 8, 9, 0), "dossier": paris(2026, 3, 14, 23, 59)},
        ),
        # 48 elapsed hours across the change to summer time (29 March 2026, 02:00).
        (
            "reflection across the change to summer time",
            paris(2026, 3, 28, 10, 0), RecordAge.RECENT,
            {"reflexion": paris(2026, 3, 30, 11, 0), "dossier": paris(2026, 4, 5, 23, 59)},
        ),
        # Two months from 31 December end on the last day of February.
        (
            "2 months from 31 December",
            paris(2026, 12, 31, 17, 0), RecordAge.OLD,
            {"reflexion": paris(2027, 1, 2, 17, 0), "dossier-ancien": paris(2027, 2, 28, 23, 59)},
        ),
        (
            "received just before midnight",
            paris(2026, 6, 10, 23, 58), RecordAge.RECENT,
            {"reflexion": paris(2026, 6, 12, 23, 58), "dossier": paris(2026, 6, 18, 23, 59)},
        ),
    ]  # fmt: skip

    def test_table(self):
        for case, received, age, expected in self.CASES:
            with self.subTest(case):
                self.assertEqual(due(received, Right.RECORD, age=age), expected)

    def test_the_reflection_period_is_not_a_limit(self):
        reflection = clocks(paris(2026, 3, 3, 10, 15), Right.RECORD)[0]
        self.assertFalse(reflection.limit)
        self.assertIn("48 heures", reflection.title)

    def test_no_extension_for_the_record(self):
        # The record's limits are the CSP's: RGPD art. 12(3)'s extension does not apply.
        self.assertFalse(can_extend(paris(2026, 3, 3), paris(2026, 3, 4), Right.RECORD))


class FiveYears(TestCase):
    """R1111-1: the five years run from the date the information was created."""

    CASES = [
        ("created 5 years before to the day: not more than five", date(2021, 3, 3), date(2026, 3, 3), False),
        ("created 5 years and a day before", date(2021, 3, 2), date(2026, 3, 3), True),
        ("created last year", date(2025, 3, 3), date(2026, 3, 3), False),
        ("created on 29 February", date(2020, 2, 29), date(2025, 2, 28), False),
        ("created on 29 February, a day later", date(2020, 2, 29), date(2025, 3, 1), True),
    ]  # fmt: skip

    def test_table(self):
        for case, created, received, old in self.CASES:
            with self.subTest(case):
                self.assertEqual(older_than_five_years(created, received), old)


class OtherRights(TestCase):
    """RGPD art. 12(3): one month, extendable by two, announced within the first."""

    CASES = [
        ("one month, same date", paris(2026, 3, 5, 9, 0), False, paris(2026, 4, 5, 23, 59)),
        ("31 January: end of February", paris(2026, 1, 31, 9, 0), False, paris(2026, 2, 28, 23, 59)),
        ("31 January in a leap year", paris(2028, 1, 31, 9, 0), False, paris(2028, 2, 29, 23, 59)),
        ("across the year", paris(2026, 12, 15, 9, 0), False, paris(2027, 1, 15, 23, 59)),
        ("extended: three months in all", paris(2026, 3, 5, 9, 0), True, paris(2026, 6, 5, 23, 59)),
        ("extended from 30 November", paris(2026, 11, 30, 9, 0), True, paris(2027, 2, 28, 23, 59)),
        # Sunday 5 April 2026 (and Easter): not moved.
        ("a limit on Easter Sunday stays there", paris(2026, 3, 5, 9, 0), False, paris(2026, 4, 5, 23, 59)),
    ]  # fmt: skip

    def test_table(self):
        for case, received, extended, expected in self.CASES:
            for right in [r for r in Right if r is not Right.RECORD]:
                with self.subTest(case, right=right):
                    self.assertEqual(due(received, right, extended=extended)["reponse"], expected)

    def test_the_extension_notice_ends_with_the_first_month(self):
        received = paris(2026, 3, 5, 9, 0)
        self.assertEqual(due(received, Right.ERASURE)["prolongation"], paris(2026, 4, 5, 23, 59))
        cases = [
            ("12(3): within the first month", paris(2026, 4, 5, 23, 58), True),
            ("12(3): on the last minute", paris(2026, 4, 5, 23, 59), True),
            ("12(3): the day after", paris(2026, 4, 6, 0, 0), False),
        ]
        for case, now, allowed in cases:
            with self.subTest(case):
                self.assertEqual(can_extend(received, now, Right.ERASURE), allowed)

    def test_each_right_names_its_article(self):
        for right in Right:
            with self.subTest(right):
                for clock in clocks(paris(2026, 3, 5, 9, 0), right):
                    self.assertRegex(clock.basis, r"RGPD|CSP")


class Calendar(TestCase):
    def test_add_months(self):
        cases = [
            (date(2026, 1, 31), 1, date(2026, 2, 28)),
            (date(2026, 3, 31), 1, date(2026, 4, 30)),
            (date(2026, 11, 30), 3, date(2027, 2, 28)),
            (date(2026, 12, 5), 1, date(2027, 1, 5)),
            (date(2026, 5, 15), 24, date(2028, 5, 15)),
        ]
        for day, months, expected in cases:
            with self.subTest(day=day, months=months):
                self.assertEqual(add_months(day, months), expected)

    def test_send_by_is_the_last_working_day(self):
        cases = [
            ("a Wednesday", date(2026, 3, 11), date(2026, 3, 11)),
            ("a Saturday: the Friday", date(2026, 3, 14), date(2026, 3, 13)),
            ("Easter Monday: the Friday before", date(2026, 4, 6), date(2026, 4, 3)),
            ("1 May on a Friday: the Thursday", date(2026, 5, 1), date(2026, 4, 30)),
            ("Christmas on a Friday: the Thursday", date(2026, 12, 25), date(2026, 12, 24)),
        ]
        for case, day, expected in cases:
            with self.subTest(case):
                self.assertEqual(last_working_day(day), expected)
        record = clocks(paris(2026, 3, 6, 9, 0), Right.RECORD)[1]
        self.assertEqual(record.send_by(), paris(2026, 3, 13, 23, 59))

    def test_on_time(self):
        limits = clocks(paris(2026, 3, 3, 10, 15), Right.RECORD, age=RecordAge.MIXED)
        self.assertEqual(answer_limit(limits).key, "dossier")
        self.assertTrue(answered_in_time(paris(2026, 3, 11, 23, 59), limits))
        self.assertFalse(answered_in_time(paris(2026, 3, 12, 0, 0), limits))
        limits = clocks(paris(2026, 3, 5, 9, 0), Right.ERASURE)
        self.assertEqual(answer_limit(limits).key, "reponse")
