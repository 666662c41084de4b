"""Floods of submissions: responses per ten-minute window, and the windows far
above a survey's usual rate.

A window is flagged when it holds at least MINIMUM responses and more than
FACTOR times the median of the survey's non-empty windows: a newsletter sent
to a whole territory brings a few dozen answers in an hour, a script brings
hundreds in minutes. Pure functions, no Django.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

WINDOW = timedelta(minutes=10)
FACTOR = 5
MINIMUM = 30
EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Window:
    start: datetime
    count: int  # responses counted (not excluded)
    excluded: int
    flagged: bool

    @property
    def end(self) -> datetime:
        return self.start + WINDOW

    @property
    def total(self) -> int:
        return self.count + self.excluded


def window_start(moment: datetime, width: timedelta = WINDOW) -> datetime:
    """The start of the window holding `moment` (windows are aligned on UTC)."""
    return EPOCH + ((moment - EPOCH) // width) * width


def flags(counts: Sequence[int], factor: float = FACTOR, minimum: int = MINIMUM) -> list[bool]:
    """Which windows are far above the usual rate (see the module docstring)."""
    busy = [c for c in counts if c > 0]
    if not busy:
        return [False] * len(counts)
    usual = statistics.median(busy)
    return [c >= minimum and c > factor * usual for c in counts]


def windows(
    submissions: Iterable[tuple[datetime, bool]],
    width: timedelta = WINDOW,
    factor: float = FACTOR,
    minimum: int = MINIMUM,
) -> list[Window]:
    """Every window from the first submission to the last, empty ones included.

    `submissions` are (submitted_at, excluded) pairs. The rate is judged on
    every submission, excluded or not: excluding a flood does not make the
    next window look unusual, and a reintegrated one stays flagged.
    """
    counted: Counter[datetime] = Counter()
    left_out: Counter[datetime] = Counter()
    for moment, excluded in submissions:
        (left_out if excluded else counted)[window_start(moment, width)] += 1
    starts = set(counted) | set(left_out)
    if not starts:
        return []
    first, last = min(starts), max(starts)
    all_starts = [first + i * width for i in range(int((last - first) / width) + 1)]
    totals = [counted[s] + left_out[s] for s in all_starts]
    flagged = flags(totals, factor, minimum)
    return [Window(s, counted[s], left_out[s], f) for s, f in zip(all_starts, flagged, strict=True)]


def coarsen(found: Sequence[Window], most: int = 144) -> list[tuple[datetime, int, bool]]:
    """The windows grouped for a chart of at most `most` bars: (start, total,
    any window flagged), each bar the same whole number of windows."""
    if not found:
        return []
    size = max(1, -(-len(found) // most))
    return [
        (
            found[i].start,
            sum(w.total for w in found[i : i + size]),
            any(w.flagged for w in found[i : i + size]),
        )
        for i in range(0, len(found), size)
    ]
