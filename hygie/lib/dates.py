"""Dates as French readers expect them, in Europe/Paris. Pure functions.

Hygie's interface is French only, so names are fixed here rather than looked
up through the translation machinery at each call: lists of fifty deadlines
or journal entries render several times faster.
"""

from __future__ import annotations

import calendar
import functools
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

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


def paris(moment: datetime) -> datetime:
    return moment.astimezone(PARIS)


def long_date(day: date) -> str:
    """« samedi 21 novembre 2026 » (« 1er » for the first of the month)."""
    number = "1er" if day.day == 1 else str(day.day)
    return f"{DAYS[day.weekday()]} {number} {MONTHS[day.month - 1]} {day.year}"


def long_datetime(moment: datetime) -> str:
    """« samedi 21 novembre 2026 à 09:00 », in Paris time."""
    local = paris(moment)
    return f"{long_date(local.date())} à {local:%H:%M}"


def short_datetime(moment: datetime, seconds: bool = False) -> str:
    """« 21/11/2026 09:00 » (or with seconds), in Paris time."""
    return paris(moment).strftime("%d/%m/%Y %H:%M:%S" if seconds else "%d/%m/%Y %H:%M")


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


# Calendar arithmetic of legal clocks -------------------------------------------


def utc(moment: datetime) -> datetime:
    """An aware time in UTC; two times of one zone compare on the wall clock."""
    if moment.tzinfo is None:
        raise ValueError("times must be timezone-aware")
    return moment.astimezone(UTC)


def hours_after(moment: datetime, hours: float) -> datetime:
    """`hours` elapsed hours after `moment`, in its own time zone.

    Python adds a timedelta to an aware datetime on the wall clock: across a
    change of time in Europe/Paris that would be an hour off. The addition is
    made in UTC.
    """
    return (utc(moment) + timedelta(hours=hours)).astimezone(moment.tzinfo)


def end_of_day(day: date, tz) -> datetime:
    """23:59 on `day` in `tz`: the last minute a legal clock counted in days
    leaves."""
    return datetime.combine(day, time(23, 59), tz)


def add_months(day: date, months: int) -> date:
    """The same day `months` later (or earlier), or the last day of that month
    if it has none: 31 January + 1 month is 28 or 29 February."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@functools.cache
def _public_holidays(year: int) -> frozenset[date]:
    import holidays

    return frozenset(holidays.France(years=year))


def is_working_day(day: date) -> bool:
    """Monday to Friday, French public holidays excluded."""
    return day.weekday() < 5 and day not in _public_holidays(day.year)


def last_working_day(day: date) -> date:
    """`day` if it is a working day, else the working day before it."""
    while not is_working_day(day):
        day -= timedelta(days=1)
    return day


def working_days_after(day: date, days: int) -> date:
    """The `days`-th working day after `day` (not counted itself)."""
    left = days
    while left > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            left -= 1
    return day
