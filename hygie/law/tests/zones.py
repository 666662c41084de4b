"""Time zones of France's territories that the clocks' table tests use."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")
MARTINIQUE = ZoneInfo("America/Martinique")
GUADELOUPE = ZoneInfo("America/Guadeloupe")
REUNION = ZoneInfo("Indian/Reunion")
NOUMEA = ZoneInfo("Pacific/Noumea")


def at(tz: ZoneInfo, *args) -> datetime:
    """A wall-clock time in `tz`: at(MARTINIQUE, 2026, 3, 27, 23, 30)."""
    return datetime(*args, tzinfo=tz)
