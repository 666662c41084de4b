"""Calendar arithmetic of legal clocks: elapsed hours, the end of a day,
months, working days. Pure functions.

- A period in hours is elapsed time (RGPD art. 33(1)'s 72 hours, CSP
  L1111-7's 48 hours of reflection): counted in UTC, so a change of time in
  the practice's zone neither adds nor takes an hour.
- A period in days or months ends at the end (23:59) of its last day, in the
  practice's time zone; a month that has no such day ends on its last day
  (Regulation (EEC, Euratom) No 1182/71, art. 3).
- Working days (jours ouvrés) are Monday to Friday, the public holidays of the
  territory excluded (`hygie.law.territories`; code du travail L3133-1 for the
  national ones).
"""

from __future__ import annotations

import calendar
import functools
from datetime import UTC, date, datetime, time, timedelta, tzinfo


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


def end_of_day(day: date, tz: tzinfo | None) -> datetime:
    """23:59 on `day` in `tz`: the last minute a legal clock counted in days
    leaves."""
    return datetime.combine(day, time(23, 59), tz)


def add_months(day: date, months: int) -> date:
    """The same day `months` later (or earlier), or the last day of that month
    if it has none: 31 January + 1 month is 28 or 29 February (Regulation
    1182/71, art. 3(2)(c))."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@functools.cache
def public_holidays(year: int, holidays: str = "") -> frozenset[date]:
    """The public holidays of a year in a territory: France's national ones
    (code du travail L3133-1), plus the territory's own (`holidays`: a
    subdivision of the `holidays` package's France, such as "972" for
    Martinique; "" for metropolitan France)."""
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
