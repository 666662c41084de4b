"""The indice and the priority actions: pure functions of measures and answers.

- An applicable measure counts with its weight w and the value v (0-3) of its
  answer: the indice is 100 x Σ w·v / Σ w·3, rounded half up, overall and per
  theme.
- « Je ne sais pas », and a measure left without an answer, count as 0 and
  are flagged: not knowing is a gap too.
- « Non applicable » is left out, as are measures the profile excludes.
- Each measure not fully done is a gap of priority w x (3 - v). Gaps are
  ranked by priority, then quick wins first (effort « minutes »), then in the
  library's order. The first six are the priority actions.
- A measure whose plan item has been marked done counts as done: doing an
  item of the plan raises the indice without waiting for the next diagnostic.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from hygie.diagnostic.measures import EFFORT_ORDER, NA, NSP, Catalogue, Measure
from hygie.diagnostic.profile import applies

PRIORITIES = 6


def ratio(points: int, best: int) -> int | None:
    """100 x points / best, rounded half up; None when nothing counts."""
    if best == 0:
        return None
    return (200 * points + best) // (2 * best)


@dataclass(frozen=True)
class Gap:
    measure: Measure
    value: int
    answer: str | None  # None: no answer given

    @property
    def priority(self) -> int:
        return self.measure.weight * (3 - self.value)

    @property
    def unknown(self) -> bool:
        return self.answer in (None, NSP)


@dataclass
class ThemeScore:
    key: str
    number: int
    title: str
    points: int = 0
    best: int = 0
    measures: int = 0
    unknown: int = 0

    @property
    def indice(self) -> int | None:
        return ratio(self.points, self.best)


@dataclass
class Result:
    points: int = 0
    best: int = 0
    themes: list[ThemeScore] = field(default_factory=list)
    gaps: list[Gap] = field(default_factory=list)
    applicable: int = 0
    answered: int = 0
    unknown: int = 0
    not_applicable: int = 0

    @property
    def indice(self) -> int | None:
        return ratio(self.points, self.best)

    @property
    def priorities(self) -> list[Gap]:
        return self.gaps[:PRIORITIES]

    def theme_indices(self) -> dict[str, int | None]:
        return {t.key: t.indice for t in self.themes}


def applicable(catalogue: Catalogue, profile: Mapping[str, str]) -> list[Measure]:
    return [m for m in catalogue.measures if applies(m.data, profile)]


def evaluate(
    catalogue: Catalogue,
    profile: Mapping[str, str],
    answers: Mapping[str, str],
    done: Iterable[str] = (),
    only: Iterable[str] | None = None,
) -> Result:
    """Score the answers given under this profile.

    `answers` maps a measure's id to the key of the chosen option; `done` lists
    the measures whose plan item was marked done since; `only` restricts the measures
    (the découverte diagnostic).
    """
    done = set(done)
    keep = set(only) if only is not None else None
    result = Result()
    themes = {t.key: ThemeScore(t.key, t.number, t.title) for t in catalogue.themes}
    for measure in applicable(catalogue, profile):
        if keep is not None and measure.key not in keep:
            continue
        result.applicable += 1
        key = answers.get(measure.key)
        option = measure.option(key) if key else None
        if option is None:
            key = None
        else:
            result.answered += 1
        if option is not None and option.key == NA:
            result.not_applicable += 1
            continue
        value = option.value if option is not None else 0
        if measure.key in done:
            value = 3
        elif key in (None, NSP):
            result.unknown += 1
            themes[measure.theme].unknown += 1
        theme = themes[measure.theme]
        theme.points += measure.weight * value
        theme.best += measure.weight * 3
        theme.measures += 1
        result.points += measure.weight * value
        result.best += measure.weight * 3
        if value < 3:
            result.gaps.append(Gap(measure, value, key))
    result.gaps.sort(
        key=lambda g: (-g.priority, EFFORT_ORDER[g.measure.effort], g.measure.position)
    )
    result.themes = sorted(themes.values(), key=lambda t: t.number)
    return result
