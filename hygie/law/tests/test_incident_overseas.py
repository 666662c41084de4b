"""The clocks of an incident for a practice overseas, each case citing the
article it checks: elapsed hours, its own 23:59 and its territory's working
days."""

from datetime import UTC
from unittest import TestCase

from hygie.law.incident import (
    Qualification,
    Risk,
    cnil_notification,
    complaint,
    insurer_declaration,
)
from hygie.law.tests.zones import GUADELOUPE, MARTINIQUE, NOUMEA, PARIS, REUNION, at


class SeventyTwoHours(TestCase):
    """RGPD art. 33(1) and code des assurances L12-10-1: 72 elapsed hours."""

    # (case, aware at, due)
    CASES = [
        (
            "Martinique has no summer time: 72 hours across Paris's change end at the "
            "same time of day",
            at(MARTINIQUE, 2026, 3, 27, 23, 30), at(MARTINIQUE, 2026, 3, 30, 23, 30),
        ),
        (
            "Paris's change to winter time changes nothing in La Réunion",
            at(REUNION, 2026, 10, 23, 23, 30), at(REUNION, 2026, 10, 26, 23, 30),
        ),
        (
            "Nouméa, 11 hours ahead of UTC",
            at(NOUMEA, 2026, 6, 12, 6, 0), at(NOUMEA, 2026, 6, 15, 6, 0),
        ),
    ]  # fmt: skip

    def test_table(self):
        for case, aware, due in self.CASES:
            q = Qualification(aware_at=aware, risk=Risk.RISK)
            with self.subTest(case, article="RGPD art. 33(1)"):
                self.assertEqual(cnil_notification(q).due_at, due)
                self.assertEqual(cnil_notification(q).due_at.utcoffset(), due.utcoffset())
            with self.subTest(case, article="Code des assurances L12-10-1"):
                self.assertEqual(complaint(q).due_at, due)
            elapsed = due.astimezone(UTC) - aware.astimezone(UTC)
            self.assertEqual(elapsed.total_seconds(), 72 * 3600)

    def test_in_paris_the_same_instant_ends_an_hour_later_on_the_clock(self):
        # RGPD art. 33(1): the Martinique case seen from Paris, which changed time.
        due = cnil_notification(Qualification(at(MARTINIQUE, 2026, 3, 27, 23, 30))).due_at
        self.assertEqual(due.astimezone(PARIS), at(PARIS, 2026, 3, 31, 5, 30))


class InsurerWorkingDays(TestCase):
    """Code des assurances L113-2 (4°): the contract's working days, counted
    on the territory's calendar, to 23:59 there."""

    # (case, aware at, working days, due)
    CASES = [
        (
            "La Réunion: Monday 20 December 2027 (abolition) is not a working day",
            at(REUNION, 2027, 12, 15, 10, 0), 5, at(REUNION, 2027, 12, 23, 23, 59),
        ),
        (
            "Paris: the same five days end on Wednesday 22 December",
            at(PARIS, 2027, 12, 15, 10, 0), 5, at(PARIS, 2027, 12, 22, 23, 59),
        ),
        (
            "Martinique: 22 May 2026 (abolition) and Whit Monday skipped",
            at(MARTINIQUE, 2026, 5, 18, 10, 0), 5, at(MARTINIQUE, 2026, 5, 27, 23, 59),
        ),
        (
            "Guadeloupe: 22 May worked, the count ends before its own 27 May",
            at(GUADELOUPE, 2026, 5, 18, 10, 0), 5, at(GUADELOUPE, 2026, 5, 26, 23, 59),
        ),
        (
            "Nouméa: aware on Friday morning there (Thursday evening in Paris), "
            "counted from Friday",
            at(NOUMEA, 2026, 6, 12, 6, 0), 5, at(NOUMEA, 2026, 6, 19, 23, 59),
        ),
    ]  # fmt: skip

    def test_table(self):
        for case, aware, days, due in self.CASES:
            q = Qualification(aware_at=aware, insurer_days=days)
            with self.subTest(case, article="Code des assurances L113-2 (4°)"):
                found = insurer_declaration(q).due_at
                self.assertEqual(found, due)
                self.assertEqual(found.utcoffset(), due.utcoffset())
