"""Ids, numbers and dates read from an address or a form. Pure functions.

Every id, number or date a view reads from what a visitor sends goes through
here, so that a value no page would send is refused at the door rather than
failing deep in a query or a computation:

- `str.isdigit()` and `int()` accept digits of any script (« ² », « ٣ »);
  only ASCII digits are read here.
- A database integer has 64 bits: a longer number cannot name a row.
- A date in year 9999 overflows as soon as a duration is added to it; the
  dates Hygie deals with (events, deadlines, retention periods) fall in a
  much narrower range.
"""

from __future__ import annotations

import re
from datetime import date

# The largest value of a 64-bit signed integer: SQLite's INTEGER and
# PostgreSQL's bigint, the type of every primary key.
MAX_INT = 2**63 - 1
# The years a date typed into Hygie may fall in: far enough back for a birth
# date or an old record, far enough ahead for a retention period's end.
FIRST_YEAR = 1900
LAST_YEAR = 2200

_INTEGER = re.compile(r"-?[0-9]{1,19}")
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def parse_int(text: object, *, low: int = 0, high: int = MAX_INT) -> int | None:
    """The whole number `text` spells in ASCII digits, if it lies in
    [low, high]; None for anything else (a list, « ² », « 1.0 », « +1 », « »)."""
    if not isinstance(text, str) or not _INTEGER.fullmatch(text):
        return None
    value = int(text)
    return value if low <= value <= high else None


def parse_id(text: object) -> int | None:
    """A primary key: a whole number from 1 to the largest a database holds."""
    return parse_int(text, low=1)


def in_range(day: date) -> bool:
    return FIRST_YEAR <= day.year <= LAST_YEAR


def parse_day(text: object) -> date | None:
    """A day written YYYY-MM-DD (as a date field sends it), if it exists
    and falls between FIRST_YEAR and LAST_YEAR; None otherwise."""
    if not isinstance(text, str) or not _DAY.fullmatch(text):
        return None
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return None
    return day if in_range(day) else None
