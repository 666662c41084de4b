"""The breakdown tables of the PDF report, in the shape WeasyPrint lays out fast.

One table per question instead of one per breakdown: the answers in columns,
the groups of every breakdown in rows (a heading row per breakdown), the
« Ensemble » row once at the foot when the breakdowns share it (they do: their
column totals are the question's chart). Cells are plain text, formatted here,
so that the template writes no tag and no class inside a cell: WeasyPrint's
time grows with the boxes it lays out, and a report of 25 questions has
thousands of cells. The figures and the hidden cells are those of
hygie.surveys.results, untouched.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hygie.surveys import charts
from hygie.surveys.models import Question
from hygie.surveys.results import Breakdown, Cell, QuestionResult


@dataclass
class Group:
    title: str
    rows: list[tuple[str, list[str], str]]  # label, cells, row total
    totals: list[str]
    total: str


@dataclass
class CrossTable:
    cols: list[str]
    total_label: str
    groups: list[Group] = field(default_factory=list)
    # The « Ensemble » row, when every group has the same one.
    totals: list[str] | None = None
    total: str = ""
    withheld: list[str] = field(default_factory=list)  # titles of the tables not shown

    @property
    def width(self) -> int:
        return len(self.cols) + 2


def cell_text(cell: Cell) -> str:
    return charts.figure_text(cell.count, cell.percent)


def _group(b: Breakdown) -> Group:
    return Group(
        title=b.title,
        rows=[
            (label, [cell_text(c) for c in cells], cell_text(total))
            for _, label, cells, total in b.rows
        ],
        totals=[cell_text(c) for c in b.totals],
        total=cell_text(b.total),
    )


def cross_table(result: QuestionResult) -> CrossTable | None:
    """The question's breakdowns as one table, or None when it has none."""
    if not result.breakdowns:
        return None
    multiple = result.question.kind == Question.Kind.MULTIPLE
    table = CrossTable(
        cols=[label for _, label in result.options],
        total_label="Répondants" if multiple else "Total",
    )
    for b in result.breakdowns:
        if b.withheld:
            table.withheld.append(b.title)
        else:
            table.groups.append(_group(b))
    feet = {(tuple(g.totals), g.total) for g in table.groups}
    if len(feet) == 1:
        table.totals, table.total = list(table.groups[0].totals), table.groups[0].total
    return table
