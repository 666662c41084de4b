"""The diagnostic's themes and measures, read from the content library.

Hygie adds to every measure the answer « Je ne sais pas » (value 0, flagged)
and, where the measure allows it, « Non applicable » (left out of the indice).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from hygie.content import library
from hygie.lib import plugins

THEMES = "diagnostic-themes"
MEASURES = "diagnostic-measures"
NSP = "nsp"
NA = "na"
EFFORT_ORDER = {"minutes": 0, "heures": 1, "prestataire": 2}
EFFORT_LABELS = {
    "minutes": "Quelques minutes",
    "heures": "Quelques heures",
    "prestataire": "Avec un prestataire ou un achat",
}


@dataclass(frozen=True)
class Option:
    key: str
    label: str
    value: int | None  # None: left out of the indice (Non applicable)


@dataclass(frozen=True)
class Theme:
    key: str
    number: int
    title: str
    rule: str
    summary: str
    data: dict[str, Any] = field(repr=False, compare=False)


@dataclass(frozen=True)
class Measure:
    key: str
    position: int
    theme: str
    question: str
    options: tuple[Option, ...]
    weight: int
    effort: str
    action: str
    data: dict[str, Any] = field(repr=False, compare=False)

    def option(self, key: str) -> Option | None:
        return next((o for o in self.options if o.key == key), None)

    @property
    def quick(self) -> bool:
        return self.effort == "minutes"

    @property
    def effort_label(self) -> str:
        return EFFORT_LABELS[self.effort]

    @property
    def links(self) -> list[plugins.Link]:
        """Pages of other capabilities that help apply the measure (a card, a tool)."""
        return plugins.measure_links(self.key)

    def __getattr__(self, name: str) -> Any:
        # why, how, how_windows, how_macos, help, memento, source, discovery…
        if name.startswith("_"):
            raise AttributeError(name)
        return self.data.get(name)


def to_measure(data: dict[str, Any], position: int) -> Measure:
    options = [Option(a["key"], a["label"], a["value"]) for a in data["answers"]]
    options.append(Option(NSP, "Je ne sais pas", 0))
    if data.get("allow_na"):
        options.append(Option(NA, "Non applicable", None))
    return Measure(
        key=data["id"],
        position=position,
        theme=data["theme"],
        question=data["question"],
        options=tuple(options),
        weight=data["weight"],
        effort=data["effort"],
        action=data["action"],
        data=data,
    )


@dataclass(frozen=True)
class Catalogue:
    themes: tuple[Theme, ...]
    measures: tuple[Measure, ...]

    # Built once per catalogue (the catalogue is rebuilt only when the library changes).
    @cached_property
    def by_key(self) -> dict[str, Measure]:
        return {m.key: m for m in self.measures}

    @cached_property
    def theme_by_key(self) -> dict[str, Theme]:
        return {t.key: t for t in self.themes}


_built: dict[str, tuple[tuple[int, int], Catalogue]] = {}


def build(themes: list[dict[str, Any]], measures: list[dict[str, Any]]) -> Catalogue:
    ordered = sorted(themes, key=lambda t: t["number"])
    return Catalogue(
        themes=tuple(
            Theme(t["id"], t["number"], t["title"], t["rule"], t["summary"], t) for t in ordered
        ),
        measures=tuple(to_measure(m, i) for i, m in enumerate(measures)),
    )


def catalogue() -> Catalogue:
    """The loaded library's catalogue, rebuilt only when the library changes."""
    themes, measures = library.items(THEMES), library.items(MEASURES)
    identity = (id(themes), id(measures))
    hit = _built.get("current")
    if hit is None or hit[0] != identity:
        hit = (identity, build(themes, measures))
        _built["current"] = hit
    return hit[1]


def version() -> str:
    """The library versions a diagnostic was taken with, as shown in its report."""
    from hygie.content.models import Collection

    versions = dict(
        Collection.objects.filter(key__in=[THEMES, MEASURES]).values_list("key", "version")
    )
    return f"thèmes v{versions.get(THEMES, '?')}, mesures v{versions.get(MEASURES, '?')}"


def fingerprint() -> str:
    """Changes whenever the loaded themes or measures change (for cache keys)."""
    from hygie.content.models import Collection

    def compute():
        rows = Collection.objects.filter(key__in=[THEMES, MEASURES]).order_by("key")
        return "-".join(rows.values_list("digest", flat=True))[:200]

    return library._cached(("fingerprint", MEASURES), compute)
