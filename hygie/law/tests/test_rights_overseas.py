"""The clocks of patients' requests for a practice overseas: its own days, its
own 23:59, its own public holidays. Each case cites the article it checks."""

from unittest import TestCase

from hygie.law.rights import RecordAge, Right, clocks
from hygie.law.tests.zones import GUADELOUPE, MARTINIQUE, NOUMEA, PARIS, REUNION, at


class OverseasLimits(TestCase):
    """The limit, and the last working day to send by (`send_by`), in the
    practice's own calendar."""

    # (case, right, received, limit, send by)
    CASES = [
        (
            "L1111-7: 8 days end at 23:59 in Martinique, not in Paris",
            Right.RECORD, at(MARTINIQUE, 2026, 3, 3, 10, 15),
            at(MARTINIQUE, 2026, 3, 11, 23, 59), at(MARTINIQUE, 2026, 3, 11, 23, 59),
        ),
        (
            "L1111-7: received on 3 March in Nouméa (2 March in Paris): 8 days from the 3rd",
            Right.RECORD, at(NOUMEA, 2026, 3, 3, 8, 0),
            at(NOUMEA, 2026, 3, 11, 23, 59), at(NOUMEA, 2026, 3, 11, 23, 59),
        ),
        (
            "L1111-7: 8 days end on 22 May, Martinique's abolition day: send by the 21st",
            Right.RECORD, at(MARTINIQUE, 2026, 5, 14, 9, 0),
            at(MARTINIQUE, 2026, 5, 22, 23, 59), at(MARTINIQUE, 2026, 5, 21, 23, 59),
        ),
        (
            "L1111-7: the same 22 May is worked in Guadeloupe",
            Right.RECORD, at(GUADELOUPE, 2026, 5, 14, 9, 0),
            at(GUADELOUPE, 2026, 5, 22, 23, 59), at(GUADELOUPE, 2026, 5, 22, 23, 59),
        ),
        (
            "L1111-7: 8 days end on 27 May, Guadeloupe's abolition day: send by the 26th",
            Right.RECORD, at(GUADELOUPE, 2026, 5, 19, 9, 0),
            at(GUADELOUPE, 2026, 5, 27, 23, 59), at(GUADELOUPE, 2026, 5, 26, 23, 59),
        ),
        (
            "L1111-7: the same 27 May is worked in Martinique",
            Right.RECORD, at(MARTINIQUE, 2026, 5, 19, 9, 0),
            at(MARTINIQUE, 2026, 5, 27, 23, 59), at(MARTINIQUE, 2026, 5, 27, 23, 59),
        ),
        (
            "RGPD 12(3): one month ends on Monday 20 December 2027, La Réunion's "
            "abolition day: send by Friday 17",
            Right.ERASURE, at(REUNION, 2027, 11, 20, 11, 0),
            at(REUNION, 2027, 12, 20, 23, 59), at(REUNION, 2027, 12, 17, 23, 59),
        ),
        (
            "RGPD 12(3): the same Monday 20 December 2027 is worked in Paris",
            Right.ERASURE, at(PARIS, 2027, 11, 20, 11, 0),
            at(PARIS, 2027, 12, 20, 23, 59), at(PARIS, 2027, 12, 20, 23, 59),
        ),
    ]  # fmt: skip

    def test_table(self):
        for case, right, received, limit, send_by in self.CASES:
            clock = next(c for c in clocks(received, right) if c.key in ("dossier", "reponse"))
            with self.subTest(case):
                self.assertEqual(clock.at, limit)
                self.assertEqual(clock.at.utcoffset(), limit.utcoffset())
                self.assertEqual(clock.send_by(), send_by)

    def test_the_reflection_is_48_hours_of_the_practices_clock_across_pariss_change_of_time(
        self,
    ):
        # L1111-7: Paris moves to summer time on 29 March 2026, Martinique does
        # not: 48 hours after 10:00 on the 28th is 10:00 on the 30th there
        # (11:00 in Paris).
        [reflection, _] = clocks(at(MARTINIQUE, 2026, 3, 28, 10, 0), Right.RECORD)
        self.assertEqual(reflection.at, at(MARTINIQUE, 2026, 3, 30, 10, 0))
        [reflection, _] = clocks(at(PARIS, 2026, 3, 28, 10, 0), Right.RECORD)
        self.assertEqual(reflection.at, at(PARIS, 2026, 3, 30, 11, 0))

    def test_two_months_for_an_old_record_end_at_2359_in_la_reunion(self):
        # L1111-7 and R1111-1: 2 months from 20 October 2027.
        [_, old] = clocks(at(REUNION, 2027, 10, 20, 9, 0), Right.RECORD, age=RecordAge.OLD)
        self.assertEqual(old.at, at(REUNION, 2027, 12, 20, 23, 59))
        self.assertEqual(old.at.isoformat(), "2027-12-20T23:59:00+04:00")
        self.assertEqual(old.send_by(), at(REUNION, 2027, 12, 17, 23, 59))
