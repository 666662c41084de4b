"""The territory's figures from its practices' snapshots: pure functions, no Django.

Every figure says how many practices it covers, and is published only where
hygie.lib.disclosure allows it:

- a distribution (quartiles and median of an indice, a rate, a completeness)
  is shown when it covers at least THRESHOLD practices (`shown`);
- a table of counts of practices (by profession, by area, by band of indice,
  in place or not for a measure) goes through `protect`, so that a hidden
  count cannot be given back by its total;
- a group's own figures (the median of a profession) are shown only where its
  count is shown in that table;
- an incidents cell (a kind, a month) is shown when it counts THRESHOLD
  incidents at least, declared by THRESHOLD practices at least; no totals are
  published beside it, so that no hidden cell can be recovered by subtraction.

No figure is ever one practice's, and the minimum and maximum are never shown.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from hygie.lib.disclosure import TOTAL, Table, protect_counts, shown

BANDS = (("0-24", 0, 24), ("25-49", 25, 49), ("50-74", 50, 74), ("75-100", 75, 100))
BAND_LABELS = {
    "0-24": "de 0 à 24",
    "25-49": "de 25 à 49",
    "50-74": "de 50 à 74",
    "75-100": "de 75 à 100",
}
IN_PLACE, NOT_IN_PLACE = "oui", "non"
# The « où agir » lists: how many measures and themes they name.
WEAKEST = 3


@dataclass(frozen=True)
class Row:
    """One participating practice's latest snapshot, as the dashboard reads it."""

    profession: str
    departement: str
    indice: int | None
    theme_indices: Mapping[str, int | None] = field(default_factory=dict)
    key_measures: Mapping[str, bool] = field(default_factory=dict)
    quiz: Mapping[str, Sequence[int]] = field(default_factory=dict)  # theme: [answers, correct]
    incidents: Mapping[str, Mapping[str, int]] = field(default_factory=dict)  # kind: {month: n}
    requests_answered: int = 0
    requests_on_time: int = 0
    register_completeness: int | None = None


@dataclass(frozen=True)
class Distribution:
    """Quartiles of a value over the practices that have one; None where hidden."""

    covers: int
    q1: int | None = None
    median: int | None = None
    q3: int | None = None

    @property
    def is_shown(self) -> bool:
        return self.median is not None


@dataclass(frozen=True)
class Rate:
    """A percentage over pooled counts (answers, requests), covering `covers` practices."""

    covers: int
    percent: int | None  # None: hidden, or nothing to count
    base: int = 0  # the pooled count the percentage is of


@dataclass(frozen=True)
class Share:
    """How many of the `covers` practices have a measure in place."""

    key: str
    covers: int
    table: Table  # protect_counts({IN_PLACE: n, NOT_IN_PLACE: n})

    @property
    def in_place(self) -> int | None:
        return self.table.value("", IN_PLACE)

    @property
    def percent(self) -> int | None:
        n = self.in_place
        return None if n is None or not self.covers else round(100 * n / self.covers)


@dataclass(frozen=True)
class Group:
    """A profession or an area: its count (None if hidden) and its indice's distribution."""

    key: str
    count: int | None
    indice: Distribution


@dataclass(frozen=True)
class Summary:
    count: int
    published: bool
    indice: Distribution | None = None
    bands: Table | None = None
    themes: dict[str, Distribution] = field(default_factory=dict)
    measures: list[Share] = field(default_factory=list)
    quiz: dict[str, Rate] = field(default_factory=dict)
    incident_kinds: list[str] = field(default_factory=list)
    incident_months: list[str] = field(default_factory=list)
    incidents: dict[tuple[str, str], int | None] = field(default_factory=dict)
    incidents_covers: int = 0
    requests: Rate | None = None
    register: Distribution | None = None
    register_complete: Table | None = None
    professions: list[Group] = field(default_factory=list)
    professions_total: int | None = None
    areas: list[Group] = field(default_factory=list)
    areas_total: int | None = None
    trends: list[tuple[str, Distribution]] = field(default_factory=list)
    weakest_measures: list[Share] = field(default_factory=list)
    weakest_quiz: list[str] = field(default_factory=list)
    weakest_themes: list[str] = field(default_factory=list)


def quartiles(ordered: Sequence[int]) -> tuple[float, float, float]:
    """Q1, median and Q3 of sorted values, by the inclusive method of
    statistics.quantiles (n=4), without sorting them again."""
    m = len(ordered) - 1
    found = []
    for i in (1, 2, 3):
        j, delta = divmod(i * m, 4)
        upper = ordered[j + 1] if delta else ordered[j]
        found.append((ordered[j] * (4 - delta) + upper * delta) / 4)
    return found[0], found[1], found[2]


def distribution(values: Iterable[int]) -> Distribution:
    """Quartiles (inclusive method) and median, rounded, if enough practices have a value."""
    values = sorted(values)
    if not shown(len(values)):
        return Distribution(len(values))
    q1, q2, q3 = quartiles(values)
    return Distribution(len(values), round(q1), round(q2), round(q3))


def pooled(covers: int, base: int, hits: int) -> Rate:
    """The rate of `hits` over `base`, pooled over `covers` practices that have a base."""
    if not shown(covers) or not base:
        return Rate(covers, None, base if shown(covers) else 0)
    return Rate(covers, round(100 * hits / base), base)


def rate(pairs: Iterable[tuple[int, int]]) -> Rate:
    """Pool (base, hits) pairs of the practices that have a base."""
    pairs = [(base, hits) for base, hits in pairs if base]
    return pooled(len(pairs), sum(b for b, _ in pairs), sum(h for _, h in pairs))


def band_of(indice: int) -> str:
    return next(key for key, low, high in BANDS if low <= indice <= high)


def groups(rows: Sequence[Row], attribute: str) -> tuple[list[Group], int | None]:
    """Count the practices by profession or area, protected, with each group's indice."""
    members: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        members[getattr(row, attribute) or ""].append(row)
    keys = sorted(members, key=lambda k: (k == "", k))
    table = protect_counts({k: len(members[k]) for k in keys})
    found = []
    for key in keys:
        count = table.value("", key)
        indices = [r.indice for r in members[key] if r.indice is not None]
        found.append(
            Group(key, count, distribution(indices) if count is not None else Distribution(0))
        )
    return found, table.value(TOTAL, TOTAL) if table.cols else None


def summarise(
    rows: Sequence[Row],
    trend: Iterable[tuple[str, int]] = (),
    measure_keys: Sequence[str] = (),
    months: Sequence[str] = (),
) -> Summary:
    """The dashboard's figures.

    `trend` holds (month "YYYY-MM", indice) pairs of the participating
    practices' earlier snapshots; `measure_keys` the key measures in their
    order; `months` the months of the incidents table.
    """
    count = len(rows)
    if not shown(count):
        return Summary(count=count, published=False)
    # One pass over the practices gathers what every figure needs.
    indices: list[int] = []
    themes: dict[str, list[int]] = defaultdict(list)
    answered: dict[str, list[int]] = defaultdict(lambda: [0, 0])  # measure: [covers, in place]
    pools: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # theme: [covers, base, hits]
    wanted = set(months)
    cells: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])  # [incidents, practices]
    kinds: set[str] = set()
    declaring = 0
    for r in rows:
        if r.indice is not None:
            indices.append(r.indice)
        for theme, value in r.theme_indices.items():
            if value is not None:
                themes[theme].append(value)
        for key, in_place in r.key_measures.items():
            counts = answered[key]
            counts[0] += 1
            counts[1] += bool(in_place)
        for theme, (base, hits) in r.quiz.items():
            pool = pools[theme]
            if base:
                pool[0] += 1
                pool[1] += base
                pool[2] += hits
        declared = False
        for kind, by_month in r.incidents.items():
            kinds.add(kind)
            for month, n in by_month.items():
                if not n:
                    continue
                declared = True
                if month in wanted:
                    cell = cells[(kind, month)]
                    cell[0] += n
                    cell[1] += 1
        declaring += declared

    by_band = dict.fromkeys((key for key, *_ in BANDS), 0)
    for i in indices:
        by_band[band_of(i)] += 1
    bands = protect_counts(by_band)

    measures = []
    for key in measure_keys:
        covers, yes = answered.get(key, (0, 0))
        table = protect_counts({IN_PLACE: yes, NOT_IN_PLACE: covers - yes})
        measures.append(Share(key, covers, table))

    quiz_themes = sorted(pools)
    quiz = {theme: pooled(*pools[theme]) for theme in quiz_themes}

    kinds = sorted(kinds)
    incidents: dict[tuple[str, str], int | None] = {}
    for kind in kinds:
        for month in months:
            n, practices = cells.get((kind, month), (0, 0))
            incidents[(kind, month)] = n if shown(n) and shown(practices) else None

    completeness = [r.register_completeness for r in rows if r.register_completeness is not None]
    complete = protect_counts(
        {
            IN_PLACE: sum(1 for c in completeness if c == 100),
            NOT_IN_PLACE: sum(1 for c in completeness if c < 100),
        }
    )

    by_month: dict[str, list[int]] = defaultdict(list)
    for month, value in trend:
        by_month[month].append(value)
    professions, professions_total = groups(rows, "profession")
    areas, areas_total = groups(rows, "departement")

    theme_distributions = {t: distribution(v) for t, v in sorted(themes.items())}
    shown_measures = [m for m in measures if m.percent is not None]
    shown_quiz = [t for t in quiz_themes if quiz[t].percent is not None]
    shown_themes = [t for t, d in theme_distributions.items() if d.is_shown]
    return Summary(
        count=count,
        published=True,
        indice=distribution(indices),
        bands=bands,
        themes=theme_distributions,
        measures=measures,
        quiz=quiz,
        incident_kinds=kinds,
        incident_months=list(months),
        incidents=incidents,
        incidents_covers=declaring,
        requests=rate((r.requests_answered, r.requests_on_time) for r in rows),
        register=distribution(completeness),
        register_complete=complete,
        professions=professions,
        professions_total=professions_total,
        areas=areas,
        areas_total=areas_total,
        trends=[(m, distribution(v)) for m, v in sorted(by_month.items())],
        weakest_measures=sorted(shown_measures, key=lambda m: (m.percent, m.key))[:WEAKEST],
        weakest_quiz=sorted(shown_quiz, key=lambda t: (quiz[t].percent, t))[:WEAKEST],
        weakest_themes=sorted(shown_themes, key=lambda t: (theme_distributions[t].median, t))[
            :WEAKEST
        ],
    )
