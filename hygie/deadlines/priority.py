"""Which deadline comes first: the one order of the home page and of *Échéances*.

1. Legal clocks: a deadline set by a rule of the content library's
   `legal_deadlines` (the CNIL notification and the complaint of an incident
   within 72 hours, a patient's request…). Missing one has consequences the
   law fixes, so each comes before any routine work, even work already late.
2. Routine deadlines already overdue.
3. Routine deadlines due within 7 days.
4. The rest.

Within a level, the deadline due first comes first. A legal clock shows the
hours it has left once under 72 hours (« reste 31 h »). The page, the home
page and the exports (PDF, Excel, CSV) use this order and these words.

Pure functions of plain values: no Django import.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from enum import IntEnum
from typing import Protocol, TypeVar

# As Deadline.urgency(): "soon" is within 7 days.
SOON = timedelta(days=7)
# Under this, a legal clock is counted in hours.
IN_HOURS = timedelta(hours=72)


class Level(IntEnum):
    LEGAL = 0
    OVERDUE = 1
    SOON = 2
    LATER = 3


def level(*, legal: bool, due_at: datetime, now: datetime) -> Level:
    if legal:
        return Level.LEGAL
    if due_at <= now:
        return Level.OVERDUE
    if due_at - now <= SOON:
        return Level.SOON
    return Level.LATER


class Dated(Protocol):
    rule: str
    due_at: datetime


D = TypeVar("D", bound=Dated)


def is_legal(deadline: Dated) -> bool:
    """Set by a legal rule of the content library (Deadline.rule is only ever one)."""
    return bool(deadline.rule)


def by_priority(deadlines: Iterable[D], now: datetime) -> list[D]:
    """The open deadlines, most urgent first."""
    return sorted(
        deadlines,
        key=lambda d: (level(legal=is_legal(d), due_at=d.due_at, now=now), d.due_at),
    )


def is_urgent(deadline: Dated, now: datetime) -> bool:
    """Among « À faire en priorité » on the home page: every legal clock, and
    routine work overdue or due within 7 days."""
    return level(legal=is_legal(deadline), due_at=deadline.due_at, now=now) < Level.LATER


LEVEL_LABELS = {
    Level.OVERDUE: "En retard",
    Level.SOON: "Dans les 7 jours",
    Level.LATER: "À venir",
}


def urgency_label(*, legal: bool, due_at: datetime, now: datetime) -> str:
    """An open deadline's urgency in words: « Délai légal : reste 31 h »,
    « Délai légal dépassé », « En retard », « Dans les 7 jours », « À venir »."""
    if not legal:
        return LEVEL_LABELS[level(legal=False, due_at=due_at, now=now)]
    if due_at <= now:
        return "Délai légal dépassé"
    hours = hours_left(due_at, now)
    if hours is None:
        return "Délai légal"
    if hours == 0:
        return "Délai légal : reste moins d'une heure"
    return f"Délai légal : reste {hours} h"


def label_of(deadline: Dated, now: datetime) -> str:
    return urgency_label(legal=is_legal(deadline), due_at=deadline.due_at, now=now)


def hours_left(due_at: datetime, now: datetime) -> int | None:
    """Whole hours left (rounded down) when under 72 hours, else None; 0 when overdue."""
    left = due_at - now
    if left >= IN_HOURS:
        return None
    return max(0, int(left.total_seconds() // 3600))
