from datetime import UTC, datetime, timedelta
from unittest import TestCase

from hygie.deadlines.schedule import LEAD_FACTOR, OFFSETS, reminder_times

NOW = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
DAY, HOUR, SECOND = timedelta(days=1), timedelta(hours=1), timedelta(seconds=1)

# A reminder as (kind, how long before the due date it is sent).
WEEK_BEFORE = ("before", 7 * DAY)
DAY_BEFORE = ("before", DAY)
HOURS_BEFORE = ("before", 3 * HOUR)
DUE = ("due", timedelta(0))


def reminders(due_in: timedelta) -> list[tuple[str, timedelta]]:
    due_at = NOW + due_in
    return [(kind, due_at - at) for kind, at in reminder_times(NOW, due_at)]


class ReminderTimesTestCase(TestCase):
    def test_the_reminders_depend_on_how_far_away_the_deadline_is(self):
        table = [
            (30 * DAY, [WEEK_BEFORE, DAY_BEFORE, HOURS_BEFORE, DUE]),
            (72 * HOUR, [DAY_BEFORE, HOURS_BEFORE, DUE]),
            (2 * HOUR, [DUE]),
            (timedelta(0), [DUE]),
            # Each reminder is kept only if the deadline is 1.5 times its offset away.
            (10 * DAY + 12 * HOUR, [WEEK_BEFORE, DAY_BEFORE, HOURS_BEFORE, DUE]),
            (10 * DAY + 12 * HOUR - SECOND, [DAY_BEFORE, HOURS_BEFORE, DUE]),
            (36 * HOUR, [DAY_BEFORE, HOURS_BEFORE, DUE]),
            (36 * HOUR - SECOND, [HOURS_BEFORE, DUE]),
            (4 * HOUR + 30 * 60 * SECOND, [HOURS_BEFORE, DUE]),
            (4 * HOUR + 30 * 60 * SECOND - SECOND, [DUE]),
        ]
        for due_in, expected in table:
            with self.subTest(due_in=due_in):
                self.assertEqual(reminders(due_in), expected)

    def test_a_deadline_already_past_gets_one_due_reminder_now(self):
        for past in (SECOND, 3 * HOUR, 400 * DAY):
            with self.subTest(past=past):
                self.assertEqual(reminder_times(NOW, NOW - past), [("due", NOW)])

    def test_no_reminder_is_ever_set_in_the_past(self):
        for minutes in range(0, 20 * 24 * 60, 37):
            for _, at in reminder_times(NOW, NOW + timedelta(minutes=minutes)):
                self.assertGreaterEqual(at, NOW)

    def test_the_lead_factor_applies_to_every_offset(self):
        for offset in OFFSETS:
            with self.subTest(offset=offset):
                self.assertIn(("before", offset), reminders(offset * LEAD_FACTOR))
                self.assertNotIn(("before", offset), reminders(offset * LEAD_FACTOR - SECOND))

    def test_a_legal_clock_has_its_own_reminders(self):
        # A 72-hour clock set when it starts: 24, 48 and 60 hours later, then due.
        due_at = NOW + 72 * HOUR
        self.assertEqual(
            reminder_times(NOW, due_at, (48, 24, 12)),
            [
                ("before", NOW + 24 * HOUR),
                ("before", NOW + 48 * HOUR),
                ("before", NOW + 60 * HOUR),
                ("due", due_at),
            ],
        )
        # Set 30 hours late (declared after the fact): the 24-hour reminder is past.
        self.assertEqual(
            reminder_times(NOW, NOW + 42 * HOUR, (48, 24, 12)),
            [("before", NOW + 18 * HOUR), ("before", NOW + 30 * HOUR), ("due", NOW + 42 * HOUR)],
        )
