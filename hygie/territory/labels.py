"""The names the dashboard shows: themes, measures with their sources, quiz
themes, incident kinds, professions, départements and months."""

from __future__ import annotations

from dataclasses import dataclass, field

from hygie.lib.dates import MONTHS
from hygie.territory.indicators import KEY_WEIGHT


@dataclass(frozen=True)
class Measure:
    key: str
    title: str  # the action it asks for, in French
    theme: str
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Names:
    themes: dict[str, str] = field(default_factory=dict)
    measures: dict[str, Measure] = field(default_factory=dict)
    key_measures: tuple[str, ...] = ()
    quiz: dict[str, str] = field(default_factory=dict)
    incidents: dict[str, str] = field(default_factory=dict)

    def theme(self, key: str) -> str:
        return self.themes.get(key, key)

    def quiz_theme(self, key: str) -> str:
        return self.quiz.get(key, key)

    def incident(self, key: str) -> str:
        return self.incidents.get(key, key)


def names() -> Names:
    from hygie.content import library
    from hygie.diagnostic import measures
    from hygie.incidents.actions import types as incident_types
    from hygie.quiz.forms import THEMES

    catalogue = measures.catalogue()
    found = {}
    for m in catalogue.measures:
        if m.weight < KEY_WEIGHT:
            continue
        cited = tuple(
            " — ".join(part for part in (c["title"], c["detail"]) if part)
            for c in library.cite(m.source or [])
        )
        found[m.key] = Measure(m.key, m.action, m.theme, cited)
    return Names(
        themes={t.key: t.title for t in catalogue.themes},
        measures=found,
        key_measures=tuple(found),
        quiz=dict(THEMES),
        incidents={t["id"]: t["label"] for t in incident_types()},
    )


def profession(key: str) -> str:
    from hygie.orgs.models import Profession

    if not key:
        return "Non renseignée"
    try:
        return Profession(key).label
    except ValueError:
        return key


def departement(code: str) -> str:
    from hygie.identity.geo import department_name

    if not code:
        return "Non renseigné"
    name = department_name(code)
    return f"{name} ({code})" if name else code


def month(key: str) -> str:
    """'2026-12' → 'décembre 2026'."""
    year, number = key.split("-")
    return f"{MONTHS[int(number) - 1]} {year}"
