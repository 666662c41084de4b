"""The per-year figures a practice shows the CNIL: count, median time, share on time."""

from datetime import UTC, datetime, timedelta
from unittest import TestCase

from hygie.rights.stats import Row, yearly

T0 = datetime(2026, 3, 3, 9, 0, tzinfo=UTC)
NOW = datetime(2026, 12, 1, tzinfo=UTC)


def row(received: datetime, answered_after: float | None, limit_days: int = 8, year=None) -> Row:
    answered = None if answered_after is None else received + timedelta(days=answered_after)
    return Row(year or received.year, received, answered, received + timedelta(days=limit_days))


class YearlyTestCase(TestCase):
    def test_table(self):
        rows = [
            row(T0, 3),  # on time
            row(T0, 8),  # on the limit: on time
            row(T0, 10),  # late
            row(T0, None),  # open and overdue
            row(NOW - timedelta(days=1), None),  # open, not yet due
            row(T0.replace(year=2025), 20, limit_days=30),
        ]
        this, last = yearly(rows, NOW)
        self.assertEqual((this.year, this.received, this.answered, this.on_time), (2026, 5, 3, 2))
        self.assertEqual(this.overdue_open, 1)
        self.assertEqual(this.median_days, 8.0)
        self.assertEqual(this.on_time_share, 67)
        self.assertEqual(
            (last.year, last.received, last.on_time_share, last.median_days), (2025, 1, 100, 20.0)
        )

    def test_nothing_answered_has_no_share_nor_median(self):
        (only,) = yearly([row(T0, None)], NOW)
        self.assertIsNone(only.on_time_share)
        self.assertIsNone(only.median_days)

    def test_no_requests_no_years(self):
        self.assertEqual(yearly([], NOW), [])
