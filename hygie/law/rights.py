"""The clocks of a patient's request: pure functions.

- Access to the medical record, code de la santé publique L1111-7 and
  R1111-1: not before a 48-hour reflection period, at the latest 8 days after
  the request; 2 months when the information is more than five years old, the
  five years counted from when the information was created. The 8 days or
  2 months run from the date the request was received.
- The other rights (access under RGPD art. 15, rectification, erasure,
  restriction, portability, objection), RGPD art. 12(3): one month from
  receipt; extendable by two months given the complexity and number of
  requests, provided the person is told of it, with its reasons, within the
  first month.

How a calendar period is counted (the rule Hygie applies):

- A period in days or months starts on the day of receipt, which is not
  counted, and ends at the end (23:59, in the practice's own time zone) of its
  last day: received on 3 March, 8 days end on 11 March, one month on 3 April. A month that has
  no such day ends on its last day (31 January + 1 month: 28 or 29 February).
  This is how Regulation (EEC, Euratom) No 1182/71 counts the periods of EU
  law (art. 3), which the RGPD's month follows; Hygie counts the code de la
  santé publique's 8 days and 2 months the same way.
- A limit falling on a Saturday, a Sunday or a public holiday is **not**
  moved to the next working day, although Regulation 1182/71 art. 3(4)
  would allow it for the RGPD: the texts of the code de la santé publique say
  nothing of it, and an answer sent earlier is never late. Hygie also gives
  the last working day on or before the limit (`send_by`), for a practice
  closed at weekends.
- The 48-hour reflection period is elapsed time from the moment of receipt.

The times are given in the practice's time zone (`received_at`'s): its days
are the practice's own days, and its working days those of its territory,
public holidays included (the abolition of slavery in Martinique on 22 May,
in La Réunion on 20 December…), through `hygie.law.territories`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from hygie.law.days import add_months, end_of_day, hours_after, last_working_day, utc
from hygie.law.territories import territory

REFLECTION_HOURS = 48
RECORD_DAYS = 8
OLD_RECORD_MONTHS = 2
OLD_RECORD_YEARS = 5
GDPR_MONTHS = 1
GDPR_EXTENSION_MONTHS = 2


class Right(StrEnum):
    RECORD = "dossier"  # access to the medical record, CSP L1111-7
    ACCESS = "acces"  # RGPD art. 15, other than the medical record
    RECTIFICATION = "rectification"  # art. 16
    ERASURE = "effacement"  # art. 17
    RESTRICTION = "limitation"  # art. 18
    PORTABILITY = "portabilite"  # art. 20
    OBJECTION = "opposition"  # art. 21


class RecordAge(StrEnum):
    """How old the information asked for is (CSP L1111-7 and R1111-1)."""

    RECENT = "recent"  # all of it five years old or less: 8 days
    OLD = "ancien"  # all of it more than five years old: 2 months
    MIXED = "mixte"  # both: 8 days for the recent part, 2 months for the rest


ARTICLES = {
    Right.RECORD: "CSP, art. L1111-7 et R1111-1",
    Right.ACCESS: "RGPD, art. 12(3) et 15",
    Right.RECTIFICATION: "RGPD, art. 12(3) et 16",
    Right.ERASURE: "RGPD, art. 12(3) et 17",
    Right.RESTRICTION: "RGPD, art. 12(3) et 18",
    Right.PORTABILITY: "RGPD, art. 12(3) et 20",
    Right.OBJECTION: "RGPD, art. 12(3) et 21",
}


@dataclass(frozen=True)
class Clock:
    key: str  # "reflexion", "dossier", "dossier-ancien", "reponse", "prolongation"…
    title: str  # in French, as shown to people
    at: datetime  # in the practice's time zone
    basis: str  # the article, as shown to people
    # A limit to answer by (True), or a time before which not to (False).
    limit: bool = True

    def send_by(self) -> datetime:
        """The end of the last working day on or before the limit, in the
        practice's territory."""
        tz = self.at.tzinfo
        return end_of_day(last_working_day(self.at.date(), territory(tz).holidays), tz)


def first_month_end(received_at: datetime) -> datetime:
    """The end of the first month (RGPD art. 12(3)): the limit to answer
    without an extension, and to announce one."""
    return end_of_day(add_months(received_at.date(), GDPR_MONTHS), received_at.tzinfo)


def older_than_five_years(created: date, received: date) -> bool:
    """Whether information created on `created` is more than five years old on
    `received` (R1111-1: the five years run from when it was created)."""
    return received > add_months(created, 12 * OLD_RECORD_YEARS)


def record_clocks(received_at: datetime, age: RecordAge) -> list[Clock]:
    """Access to the medical record: the reflection period, then the limit or limits."""
    basis = ARTICLES[Right.RECORD]
    tz, day = received_at.tzinfo, received_at.date()
    reflection = hours_after(received_at, REFLECTION_HOURS)
    clocks = [
        Clock(
            "reflexion",
            "Pas de communication avant la fin du délai de réflexion de 48 heures",
            reflection,
            "CSP, art. L1111-7",
            limit=False,
        )
    ]
    if age in (RecordAge.RECENT, RecordAge.MIXED):
        clocks.append(
            Clock(
                "dossier",
                "Communiquer le dossier"
                + (" (informations de cinq ans ou moins)" if age is RecordAge.MIXED else ""),
                end_of_day(day + timedelta(days=RECORD_DAYS), tz),
                basis,
            )
        )
    if age in (RecordAge.OLD, RecordAge.MIXED):
        clocks.append(
            Clock(
                "dossier-ancien",
                "Communiquer le dossier"
                + (" (informations de plus de cinq ans)" if age is RecordAge.MIXED else ""),
                end_of_day(add_months(day, OLD_RECORD_MONTHS), tz),
                basis,
            )
        )
    return clocks


def gdpr_clocks(received_at: datetime, right: Right, *, extended: bool = False) -> list[Clock]:
    """The other rights: one month; three with an extension notified in the first."""
    basis = ARTICLES[right]
    tz, day = received_at.tzinfo, received_at.date()
    first_month = first_month_end(received_at)
    if extended:
        return [
            Clock(
                "reponse",
                "Répondre à la demande (délai prolongé)",
                end_of_day(add_months(day, GDPR_MONTHS + GDPR_EXTENSION_MONTHS), tz),
                basis,
            )
        ]
    return [
        Clock("reponse", "Répondre à la demande", first_month, basis),
        Clock(
            "prolongation",
            "Dernier jour pour annoncer une prolongation, avec ses motifs",
            first_month,
            "RGPD, art. 12(3)",
        ),
    ]


def clocks(
    received_at: datetime,
    right: Right,
    *,
    age: RecordAge = RecordAge.RECENT,
    extended: bool = False,
) -> list[Clock]:
    """Every clock of a request, in order."""
    if right is Right.RECORD:
        return record_clocks(received_at, age)
    return gdpr_clocks(received_at, right, extended=extended)


def can_extend(received_at: datetime, now: datetime, right: Right) -> bool:
    """An extension is possible for the RGPD rights only, and announced within
    the first month (art. 12(3)); the record's limits are those of the CSP."""
    if right is Right.RECORD:
        return False
    return utc(now) <= utc(first_month_end(received_at))


def answer_limits(limits: list[Clock]) -> list[Clock]:
    """The limits to answer by: neither the reflection period (not a limit) nor
    the last day to announce an extension."""
    return [c for c in limits if c.limit and c.key != "prolongation"]


def answer_limit(limits: list[Clock]) -> Clock:
    """The first limit to answer by (for a mixed record, the 8 days: the recent
    part is due first)."""
    return min(answer_limits(limits), key=lambda c: utc(c.at))


def answered_in_time(answered_at: datetime, limits: list[Clock]) -> bool:
    return utc(answered_at) <= utc(answer_limit(limits).at)
