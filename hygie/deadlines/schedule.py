"""When to remind people of a deadline. Pure functions, no Django import."""

from __future__ import annotations

from datetime import datetime, timedelta

# Reminders before the due date, each kept only if the deadline is far enough
# away when it is set for the reminder to tell something new.
OFFSETS = (timedelta(days=7), timedelta(days=1), timedelta(hours=3))
LEAD_FACTOR = 1.5


def reminder_times(now: datetime, due_at: datetime) -> list[tuple[str, datetime]]:
    """[(kind, send_at)]: "before" reminders, then one "due" when it falls due.

    A deadline already past gets its "due" reminder at once.
    """
    times = [
        ("before", due_at - offset) for offset in OFFSETS if due_at - now >= offset * LEAD_FACTOR
    ]
    times.append(("due", max(due_at, now)))
    return times
