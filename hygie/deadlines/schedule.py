"""When to remind people of a deadline. Pure functions, no Django import."""

from __future__ import annotations

from datetime import datetime, timedelta

# Reminders before the due date, each kept only if the deadline is far enough
# away when it is set for the reminder to tell something new.
OFFSETS = (timedelta(days=7), timedelta(days=1), timedelta(hours=3))
LEAD_FACTOR = 1.5


def reminder_times(
    now: datetime, due_at: datetime, hours_before: tuple[int, ...] = ()
) -> list[tuple[str, datetime]]:
    """[(kind, send_at)]: "before" reminders, then one "due" when it falls due.

    `hours_before` replaces the default offsets (a legal clock of 72 hours is
    recalled 48, 24 and 12 hours before its end); those already past are
    dropped. A deadline already past gets its "due" reminder at once.
    """
    if hours_before:
        times = [
            ("before", due_at - timedelta(hours=h))
            for h in sorted(hours_before, reverse=True)
            if due_at - timedelta(hours=h) > now
        ]
    else:
        times = [
            ("before", due_at - offset)
            for offset in OFFSETS
            if due_at - now >= offset * LEAD_FACTOR
        ]
    times.append(("due", max(due_at, now)))
    return times
