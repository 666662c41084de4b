"""Retention periods as data: when a record goes to the archive and when it is
destroyed or anonymised (RGPD art. 5(1)(e), storage limitation). Pure functions.

A rule (from the content library's processing templates, or edited by the
practice) says which data, how long they stay in the active base, how long
they are then archived on a separate medium, from which event, and their
final fate. The CNIL référentiel for cabinets médicaux et paramédicaux
(délibération 2020-081) keeps the medical record 5 years in the active base
from the last intervention, then 15 years archived: 20 years from the last
care. How the register words a rule for a CNIL inspector or for patients is
the register's (`hygie.register.retention`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from hygie.law.days import add_months

UNITS = {"days": ("jour", "jours"), "months": ("mois", "mois"), "years": ("an", "ans")}
FATES = {"destruction": "destruction", "anonymisation": "anonymisation"}


@dataclass(frozen=True)
class Period:
    value: int
    unit: str  # days, months, years

    def __str__(self) -> str:
        one, many = UNITS[self.unit]
        return f"{self.value} {one if self.value == 1 else many}"

    def after(self, day: date) -> date:
        if self.unit == "days":
            return day + timedelta(days=self.value)
        return add_months(day, self.value * (12 if self.unit == "years" else 1))


@dataclass(frozen=True)
class Rule:
    what: str
    active: Period
    starts: str  # the starting event, in French
    fate: str  # destruction or anonymisation
    archive: Period | None = None
    minors_until: int | None = None  # kept at least until this birthday
    verified: bool = True

    @classmethod
    def from_data(cls, data: dict) -> Rule:
        archive = data.get("archive")
        return cls(
            what=data["what"],
            active=Period(**data["active"]),
            archive=Period(**archive) if archive else None,
            starts=data["starts"],
            fate=data["fate"],
            minors_until=data.get("minors_until"),
            verified=data.get("verified", True),
        )


def _months(period: Period) -> int | None:
    return {"years": 12 * period.value, "months": period.value}.get(period.unit)


@dataclass(frozen=True)
class Dates:
    archive_on: date | None  # leaves the active base
    end_on: date  # destroyed or anonymised


def dates(rule: Rule, start: date, birth: date | None = None) -> Dates:
    """When data whose starting event happened on `start` leave the active base
    and reach their fate (RGPD art. 5(1)(e); for the medical record, 5 + 15
    years, référentiel CNIL 2020-081); a minor's data are kept at least until
    the birthday the rule names (délibération CNIL 2020-076 for établissements)."""
    active_end = rule.active.after(start)
    end = active_end
    if rule.archive:
        # Counted from the start as one period (5 + 15 years = 20 years from the
        # last care), so that a 29 February start is not cut short twice.
        active, archive = _months(rule.active), _months(rule.archive)
        if active is not None and archive is not None:
            end = Period(active + archive, "months").after(start)
        else:
            end = rule.archive.after(active_end)
    if rule.minors_until and birth is not None:
        end = max(end, Period(rule.minors_until, "years").after(birth))
    return Dates(active_end if rule.archive else None, end)
