"""The clocks of patients' requests, each case citing the article it checks."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.test import SimpleTestCase

from hygie.rights.clocks import (
    RecordAge,
    Right,
    add_months,
    answer_limit,
    answered_in_time,
    can_extend,
    clocks,
    last_working_day,
    older_than_five_years,
)

PARIS = ZoneInfo("Europe/Paris")


def paris(*args) -> datetime:
    return datetime(*args, tzinfo=PARIS)


def due(received: datetime, right: Right, **kwargs) -> dict[str, datetime]:
    return {c.key: c.at for c in clocks(received, right, **kwargs)}


class RecordAccess(SimpleTestCase):
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


class FiveYears(SimpleTestCase):
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


class OtherRights(SimpleTestCase):
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


class Calendar(SimpleTestCase):
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


class LegalDeadlinesLibrary(SimpleTestCase):
    """The échéances cite the content library's legal deadlines: the durations
    it states are the ones the clocks count."""

    def test_each_rule_exists_and_states_the_clock_duration(self):
        from hygie.content.loader import LIBRARY_DIR, parse_yaml
        from hygie.rights import clocks as c
        from hygie.rights.actions import RULES

        shipped = parse_yaml((LIBRARY_DIR / "legal_deadlines.yaml").read_text())
        rules = {item["id"]: item for item in shipped["items"]}

        expected = {
            "dossier": {"value": c.RECORD_DAYS, "unit": "days"},
            "dossier-ancien": {"value": c.OLD_RECORD_MONTHS, "unit": "months"},
            "reponse": {"value": c.GDPR_MONTHS, "unit": "months"},
        }
        self.assertEqual(set(RULES), set(expected))
        for key, rule in RULES.items():
            with self.subTest(rule):
                self.assertIn(rule, rules)
                self.assertEqual(rules[rule]["duration"], expected[key])
        for rule in ("csp-acces-dossier", "csp-acces-dossier-ancien"):
            minimum = rules[rule]["minimum"]
            self.assertEqual(minimum, {"value": c.REFLECTION_HOURS, "unit": "hours"})

    def test_every_answer_limit_has_a_rule(self):
        from hygie.rights.actions import RULES
        from hygie.rights.clocks import answer_limits

        for right in Right:
            for age in RecordAge:
                for extended in (False, True):
                    found = clocks(paris(2026, 3, 5, 9, 0), right, age=age, extended=extended)
                    for clock in answer_limits(found):
                        self.assertIn(clock.key, RULES)
