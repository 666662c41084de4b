"""A survey's results: counts per question and per breakdown, with small counts hidden.

Counting takes two queries, whatever the number of questions: the answers
grouped by question, choice, number and the respondent's breakdown answers
(profession, setting, read by a correlated subquery), then the respondents
per question and breakdown answers. Excluded responses count nowhere.

Every count a page shows goes through hygie.lib.disclosure: one distribution
per question (`protect_counts`) and one table per breakdown (`protect`, rows
the breakdown's answers, columns the question's). A breakdown table shares its
margins with other figures on the page (its column totals are the question's
chart, its row totals may equal the breakdown question's own chart); the
cells hidden there are hidden in the table too, those shown there count as
shown, and a table in which the equations would then give a hidden cell back
is not shown at all (`withheld`).
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Subquery

from hygie.lib import disclosure
from hygie.lib.disclosure import TOTAL, Table
from hygie.surveys import charts
from hygie.surveys.models import Answer, Question, Response, Survey

UNKNOWN = "__sans_reponse__"
UNKNOWN_LABEL = "Non renseigné"
BREAKDOWN_TITLES = {"profession": "Par profession", "setting": "Par mode d'exercice"}
HISTOGRAM_BINS = 8


@dataclass(frozen=True)
class Cell:
    count: int | None
    percent: float | None

    @property
    def hidden(self) -> bool:
        return self.count is None


@dataclass
class Breakdown:
    """A question's answers split by the answers to a breakdown question."""

    kind: str
    title: str
    cols: list[tuple[str, str]]
    rows: list[tuple[str, str, list[Cell], Cell]]  # key, label, cells, row total
    totals: list[Cell]
    total: Cell
    hidden: int = 0
    withheld: bool = False


@dataclass
class QuestionResult:
    question: Question
    options: list[tuple[str, str]]
    respondents: int
    table: Table
    bars: list[charts.Bar] = field(default_factory=list)
    breakdowns: list[Breakdown] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)

    @property
    def shown_respondents(self) -> int | None:
        """The respondents to the question, when they may be shown: for a
        single answer they are the chart's total, hidden with it."""
        if self.question.kind != Question.Kind.MULTIPLE and self.table.total is None:
            return None
        return self.respondents if disclosure.shown(self.respondents) else None

    @property
    def hidden(self) -> int:
        return sum(1 for b in self.bars if b.hidden)

    def svg(self):
        q = self.question
        title = q.text
        if q.kind == Question.Kind.SCALE:
            return charts.columns_svg(
                q.key,
                title,
                self.bars,
                self.shown_respondents,
                low=q.scale_min_label,
                high=q.scale_max_label,
            )
        if q.kind == Question.Kind.NUMBER:
            return charts.columns_svg(
                q.key, title, self.bars, self.shown_respondents, kind="histogram"
            )
        return charts.bars_svg(q.key, title, self.bars, self.shown_respondents)


@dataclass
class SurveyResults:
    survey: Survey
    respondents: int
    excluded: int
    questions: list[QuestionResult]

    @property
    def shown_respondents(self) -> int | None:
        return self.respondents if disclosure.shown(self.respondents) else None

    @property
    def enough(self) -> bool:
        """Are there enough responses for anything to be shown?"""
        return disclosure.shown(self.respondents)

    @property
    def hidden_cells(self) -> int:
        return sum(q.hidden for q in self.questions) + sum(
            b.hidden for q in self.questions for b in q.breakdowns
        )


def options(question: Question, numbers: list[int] | None = None) -> list[tuple[str, str]]:
    """The columns of a question's results: (key, label), in the question's order.

    A number question's columns are ranges of equal width (`number_bins`).
    """
    if question.kind == Question.Kind.SCALE:
        return [(str(v), str(v)) for v in question.scale_values()]
    if question.kind == Question.Kind.NUMBER:
        return [(str(lo), label) for lo, _, label in number_bins(question, numbers or [])]
    return [(c["key"], c["label"]) for c in question.choices]


def number_bins(question: Question, numbers: list[int]) -> list[tuple[int, int, str]]:
    """Ranges of a number question's histogram: (low, high, label), high included.

    Bounded by the question's minimum and maximum when set, else by the
    answers; at most HISTOGRAM_BINS ranges of the same whole width.
    """
    lo = question.number_min if question.number_min is not None else min(numbers, default=0)
    hi = question.number_max if question.number_max is not None else max(numbers, default=lo)
    hi = max(hi, lo)
    width = max(1, math.ceil((hi - lo + 1) / HISTOGRAM_BINS))
    bins = []
    start = lo
    while start <= hi:
        end = min(start + width - 1, hi)
        bins.append((start, end, str(start) if start == end else f"{start} à {end}"))
        start = end + 1
    return bins


def bin_key(bins: list[tuple[int, int, str]], value: int | None) -> str | None:
    if value is None:
        return None
    for lo, hi, _ in bins:
        if lo <= value <= hi:
            return str(lo)
    # Outside the question's bounds (changed after answers came): nearest range.
    return str(bins[0][0] if value < bins[0][0] else bins[-1][0]) if bins else None


def bars(table: Table, cols: list[tuple[str, str]], denominator: int | None) -> list[charts.Bar]:
    """The bars of a distribution: counts as protected, shares of the shown denominator."""
    result = []
    for key, label in cols:
        value = table.value("", key)
        share = None if value is None or not denominator else 100 * value / denominator
        result.append(charts.Bar(label, value, share))
    return result


def compute(survey: Survey, *, with_texts: bool = False) -> SurveyResults:
    """Count a survey's responses, question by question, breakdown by breakdown."""
    questions = list(survey.questions.all())
    respondents = Response.objects.filter(survey=survey, excluded=False).count()
    excluded = Response.objects.filter(survey=survey, excluded=True).count()
    by_kind = {q.breakdown: q for q in questions if q.breakdown}
    counted = [q for q in questions if q.kind != Question.Kind.TEXT]

    answers = Answer.objects.filter(
        response__survey=survey, response__excluded=False, question__in=counted
    )
    splits = {
        kind: Subquery(
            Answer.objects.filter(response_id=OuterRef("response_id"), question=q).values("choice")[
                :1
            ]
        )
        for kind, q in by_kind.items()
    }
    split_names = list(splits)
    # 1. Answers per question, choice (or number) and breakdown answers.
    grouped = (
        answers.annotate(**splits)
        .values("question_id", "choice", "number", *split_names)
        .annotate(n=Count("id"))
        .order_by()
    )
    # 2. Respondents per question and breakdown answers (a multiple choice
    #    has several rows per respondent).
    people = (
        answers.annotate(**splits)
        .values("question_id", *split_names)
        .annotate(n=Count("response_id", distinct=True))
        .order_by()
    )
    rows = list(grouped)
    numbers: dict[int, list[int]] = defaultdict(list)
    for r in rows:
        if r["number"] is not None:
            numbers[r["question_id"]].append(r["number"])
    respondents_of: dict[int, int] = defaultdict(int)
    respondents_by: dict[tuple[int, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for r in people:
        respondents_of[r["question_id"]] += r["n"]
        for kind in split_names:
            respondents_by[(r["question_id"], kind)][r[kind] or UNKNOWN] += r["n"]

    overall: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    split_counts: dict[tuple[int, str], dict[str, dict[str, int]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(int))
    )
    bins_of = {
        q.pk: number_bins(q, numbers[q.pk]) for q in counted if q.kind == Question.Kind.NUMBER
    }
    for r in rows:
        qid = r["question_id"]
        key = bin_key(bins_of[qid], r["number"]) if qid in bins_of else r["choice"]
        if key is None:
            continue
        overall[qid][key] += r["n"]
        for kind in split_names:
            split_counts[(qid, kind)][r[kind] or UNKNOWN][key] += r["n"]

    results = []
    charts_of: dict[str, Table] = {}
    for q in questions:
        cols = options(q, numbers.get(q.pk))
        col_keys = [k for k, _ in cols]
        table = disclosure.protect_counts({k: overall[q.pk].get(k, 0) for k in col_keys})
        result = QuestionResult(q, cols, respondents_of.get(q.pk, 0), table)
        shown_people = result.shown_respondents
        result.bars = bars(table, cols, shown_people)
        if q.breakdown:
            charts_of[q.breakdown] = table
        results.append(result)
    for result in results:
        q = result.question
        if q.kind == Question.Kind.TEXT or q.breakdown:
            continue
        for kind, split_q in by_kind.items():
            result.breakdowns.append(
                breakdown(
                    kind,
                    split_q,
                    result,
                    split_counts[(q.pk, kind)],
                    respondents_by[(q.pk, kind)],
                    charts_of.get(kind),
                )
            )
    if with_texts:
        add_texts(survey, results)
    return SurveyResults(survey, respondents, excluded, results)


def breakdown(
    kind: str,
    split_q: Question,
    result: QuestionResult,
    counts: dict[str, dict[str, int]],
    people: dict[str, int],
    split_chart: Table | None,
) -> Breakdown:
    """One breakdown table of a question, protected, its margins reconciled with
    the figures shown elsewhere on the page (see the module docstring)."""
    rows = [(c["key"], c["label"]) for c in split_q.choices]
    if counts.get(UNKNOWN):
        rows.append((UNKNOWN, UNKNOWN_LABEL))
    row_keys = [k for k, _ in rows]
    col_keys = [k for k, _ in result.options]
    table = disclosure.protect(counts, row_keys, col_keys)
    hidden = set(table.hidden)
    for c in col_keys:
        if result.table.value("", c) is None:
            hidden.add((TOTAL, c))
        else:
            hidden.discard((TOTAL, c))
    if result.table.total is None:
        hidden.add((TOTAL, TOTAL))
    else:
        hidden.discard((TOTAL, TOTAL))
    if split_chart is not None:
        for r in row_keys:
            if r == UNKNOWN:
                continue
            chart_value = split_chart.value("", r)
            if chart_value is None:
                hidden.add((r, TOTAL))
            elif chart_value == table.counts[(r, TOTAL)]:
                hidden.discard((r, TOTAL))
    lines = disclosure._lines(row_keys, col_keys)
    withheld = bool(disclosure.determined(lines, table.counts, hidden))
    multiple = result.question.kind == Question.Kind.MULTIPLE

    def cell(r: str, c: str, denominator: int | None) -> Cell:
        if withheld or (r, c) in hidden:
            return Cell(None, None)
        n = table.counts[(r, c)]
        return Cell(n, 100 * n / denominator if denominator else None)

    def row_denominator(r: str) -> int | None:
        if withheld:
            return None
        if multiple:
            # Shares of the group's respondents, shown only when they may be.
            n = people.get(r, 0)
            return n if disclosure.shown(n) and (r, TOTAL) not in hidden else None
        return None if (r, TOTAL) in hidden else table.counts[(r, TOTAL)]

    out_rows = []
    for r, label in rows:
        denominator = row_denominator(r)
        # A multiple choice's row counts its respondents, not its ticks.
        total = Cell(denominator, None) if multiple else cell(r, TOTAL, None)
        out_rows.append((r, label, [cell(r, c, denominator) for c in col_keys], total))
    all_denominator = result.shown_respondents if multiple else table.counts[(TOTAL, TOTAL)]
    if (TOTAL, TOTAL) in hidden or withheld:
        all_denominator = None
    grand = Cell(all_denominator, None) if multiple else cell(TOTAL, TOTAL, None)
    return Breakdown(
        kind=kind,
        title=BREAKDOWN_TITLES.get(kind, kind),
        cols=result.options,
        rows=out_rows,
        totals=[cell(TOTAL, c, all_denominator) for c in col_keys],
        total=grand,
        hidden=sum(1 for k in hidden if k[0] != TOTAL and k[1] != TOTAL)
        if not withheld
        else len(row_keys) * len(col_keys),
        withheld=withheld,
    )


def add_texts(survey: Survey, results: list[QuestionResult]) -> None:
    """The free-text answers, for the animateur only: sorted, not in arrival order."""
    texts: dict[int, list[str]] = defaultdict(list)
    for qid, text in (
        Answer.objects.filter(
            response__survey=survey, response__excluded=False, question__kind=Question.Kind.TEXT
        )
        .exclude(text="")
        .values_list("question_id", "text")
    ):
        texts[qid].append(text)
    for result in results:
        result.texts = sorted(texts.get(result.question.pk, []), key=str.casefold)


def live_count(survey: Survey) -> int:
    return Response.objects.filter(survey=survey, excluded=False).count()
