"""Dates as French readers expect them, in a territory's own time. Pure functions.

Hygie's interface is French only, so names are fixed here rather than looked
up through the translation machinery at each call: lists of fifty deadlines
or journal entries render several times faster.

France lives in twelve time zones. Each territory is known here by its IANA
zone (the choices of an organisation's `time_zone`): its name as people say
it (« heure de la Martinique ») and its public holidays (the `holidays`
package's subdivision of France). Formatting functions take the zone to show
(Paris by default); the legal clocks count working days in the territory of
the zone their times are given in.
"""

from __future__ import annotations

import calendar
import functools
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
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


@dataclass(frozen=True)
class Territory:
    zone: str  # IANA name, as stored in Organisation.time_zone
    time_name: str  # « heure de la Martinique »
    # The territory's public holidays: the subdivision of the `holidays`
    # package's France, "" for metropolitan France (its national holidays).
    holidays: str


METROPOLE = Territory("Europe/Paris", "heure de Paris", "")
TERRITORIES = {
    t.zone: t
    for t in (
        METROPOLE,
        Territory("America/Guadeloupe", "heure de la Guadeloupe", "971"),
        Territory("America/Martinique", "heure de la Martinique", "972"),
        Territory("America/Cayenne", "heure de la Guyane", "973"),
        Territory("Indian/Reunion", "heure de La Réunion", "974"),
        Territory("Indian/Mayotte", "heure de Mayotte", "976"),
        Territory("America/Miquelon", "heure de Saint-Pierre-et-Miquelon", "PM"),
        Territory("America/St_Barthelemy", "heure de Saint-Barthélemy", "BL"),
        Territory("America/Marigot", "heure de Saint-Martin", "MF"),
        Territory("Pacific/Noumea", "heure de la Nouvelle-Calédonie", "NC"),
        Territory("Pacific/Tahiti", "heure de Tahiti", "PF"),
        Territory("Pacific/Wallis", "heure de Wallis-et-Futuna", "WF"),
    )
}


def territory(tz: tzinfo | None) -> Territory:
    """The territory whose zone `tz` is; metropolitan France for any other.

    Guadeloupe, Saint-Barthélemy and Saint-Martin share their clock but not
    their holidays: a territory is told by the zone's name, which ZoneInfo
    keeps, not by its offsets.
    """
    key = getattr(tz, "key", None)
    if key in TERRITORIES:
        return TERRITORIES[key]
    if key is None or key == METROPOLE.zone:
        return METROPOLE
    return Territory(key, f"heure de {key}", "")


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
def public_holidays(year: int, holidays: str = "") -> frozenset[date]:
    """The public holidays of a year in a territory: France's national ones,
    plus the territory's own (`holidays`: a subdivision of the `holidays`
    package's France, such as "972" for Martinique; "" for metropolitan
    France)."""
    import holidays as calendars

    return frozenset(calendars.France(years=year, subdiv=holidays or None))


def is_working_day(day: date, holidays: str = "") -> bool:
    """Monday to Friday, the territory's public holidays excluded."""
    return day.weekday() < 5 and day not in public_holidays(day.year, holidays)


def last_working_day(day: date, holidays: str = "") -> date:
    """`day` if it is a working day, else the working day before it."""
    while not is_working_day(day, holidays):
        day -= timedelta(days=1)
    return day


def working_days_after(day: date, days: int, holidays: str = "") -> date:
    """The `days`-th working day after `day` (not counted itself)."""
    left = days
    while left > 0:
        day += timedelta(days=1)
        if is_working_day(day, holidays):
            left -= 1
    return day
