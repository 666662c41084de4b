"""Dates as French readers expect them, in a territory's own time. Pure functions.

Hygie's interface is French only, so names are fixed here rather than looked
up through the translation machinery at each call: lists of fifty deadlines
or journal entries render several times faster.

France lives in twelve time zones; each territory, its name as people say it
(« heure de la Martinique ») and its public holidays are the law's
(`hygie.law.territories`). Formatting functions take the zone to show (Paris
by default). The calendar arithmetic of the legal clocks (elapsed hours,
months, working days) is in `hygie.law.days`.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo

from hygie.law.territories import METROPOLE, territory

PARIS = ZoneInfo("Europe/Paris")
DAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


def is_paris(tz: tzinfo | None) -> bool:
    return territory(tz) is METROPOLE


def paris(moment: datetime) -> datetime:
    return moment.astimezone(PARIS)


def long_date(day: date) -> str:
    """« samedi 21 novembre 2026 » (« 1er » for the first of the month)."""
    number = "1er" if day.day == 1 else str(day.day)
    return f"{DAYS[day.weekday()]} {number} {MONTHS[day.month - 1]} {day.year}"


def long_datetime(moment: datetime, tz: tzinfo = PARIS) -> str:
    """« samedi 21 novembre 2026 à 09:00 », in `tz` (Paris time by default)."""
    local = moment.astimezone(tz)
    return f"{long_date(local.date())} à {local:%H:%M}"


def named_datetime(moment: datetime, tz: tzinfo = PARIS) -> str:
    """« vendredi 11 décembre 2026 à 23:59 (heure de la Martinique) »: in `tz`,
    always naming it, for text kept as written (the audit journal) that a
    later change of the practice's zone must not make ambiguous."""
    return f"{long_datetime(moment, tz)} ({territory(tz).time_name})"


def short_datetime(moment: datetime, seconds: bool = False, tz: tzinfo = PARIS) -> str:
    """« 21/11/2026 09:00 » (or with seconds), in `tz` (Paris time by default)."""
    return moment.astimezone(tz).strftime("%d/%m/%Y %H:%M:%S" if seconds else "%d/%m/%Y %H:%M")


def _amount(value: int, unit: str) -> str:
    plural = "" if value == 1 or unit == "mois" else "s"
    return f"{value} {unit}{plural}"


def relative(moment: datetime, now: datetime) -> str:
    """How far a moment is from now: « dans 3 jours », « il y a 2 heures », « à l'instant ».

    Rounded down to the largest unit, as people say it: 47 hours is « 1 jour ».
    """
    delta = moment - now
    future = delta >= timedelta(0)
    seconds = abs(delta.total_seconds())
    if seconds < 60:
        return "à l'instant"
    minutes, hours, days = int(seconds // 60), int(seconds // 3600), int(seconds // 86400)
    if days >= 365:
        text = _amount(days // 365, "an")
    elif days >= 60:
        text = _amount(days // 30, "mois")
    elif days >= 14:
        text = _amount(days // 7, "semaine")
    elif days >= 1:
        text = _amount(days, "jour")
    elif hours >= 1:
        text = _amount(hours, "heure")
    else:
        text = _amount(minutes, "minute")
    return f"dans {text}" if future else f"il y a {text}"
