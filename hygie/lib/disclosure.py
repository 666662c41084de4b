"""Small-count suppression: what a published table may show without exposing anyone.

The rule of public statistics (« secret statistique »): no cell counting fewer
than THRESHOLD people, or practices, is published (primary suppression). A
table that also shows its totals could give a hidden cell back by subtraction,
so more cells are hidden (complementary suppression) until

  (a) no line (a row or a column with its total) hides exactly one of its cells;
  (b) in a line whose total is shown, the hidden cells add up to THRESHOLD at
      least, so that they cannot all be narrowed down to small numbers (two
      hidden zeros beside a shown total would both be given back);
  (c) no hidden cell is determined by the table's equations taken together
      (checked exactly, by rank, over the rationals).

Zero counts are hidden like any count under the threshold: « 0 of the 6
sages-femmes have a backup » says what each of them does. Complementary cells
are the smallest shown cells of the line, so that the least is hidden.

Pure functions, no Django: the surveys' breakdowns and the territory's
dashboard both publish through `protect`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

THRESHOLD = 5
TOTAL = "__total__"

Key = tuple[str, str]


def shown(n: int, threshold: int = THRESHOLD) -> bool:
    """May a count of `n` people (or practices) be shown on its own?"""
    return n >= threshold


@dataclass(frozen=True)
class Table:
    """A protected table: `value(row, col)` is None where the count is hidden.

    `row` or `col` may be TOTAL for the margins; `value(TOTAL, TOTAL)` is the
    grand total. `primary` holds the cells hidden for being small,
    `complementary` those hidden so that the small ones cannot be recovered.
    """

    rows: tuple[str, ...]
    cols: tuple[str, ...]
    counts: Mapping[Key, int]
    primary: frozenset[Key]
    complementary: frozenset[Key]

    @property
    def hidden(self) -> frozenset[Key]:
        return self.primary | self.complementary

    def value(self, row: str, col: str) -> int | None:
        key = (row, col)
        return None if key in self.hidden else self.counts[key]

    def row_total(self, row: str) -> int | None:
        return self.value(row, TOTAL)

    def col_total(self, col: str) -> int | None:
        return self.value(TOTAL, col)

    @property
    def total(self) -> int | None:
        return self.value(TOTAL, TOTAL)


def protect(
    counts: Mapping[str, Mapping[str, int]],
    rows: Sequence[str] | None = None,
    cols: Sequence[str] | None = None,
    threshold: int = THRESHOLD,
) -> Table:
    """Protect the table `counts[row][col]` and its margins.

    Missing counts are zeros. `rows` and `cols` fix the order (and may name
    rows or columns with no count at all); by default, the order of `counts`.
    """
    rows = tuple(rows if rows is not None else counts)
    if cols is None:
        seen: dict[str, None] = {}
        for row in rows:
            seen.update(dict.fromkeys(counts.get(row, {})))
        cols = tuple(seen)
    cols = tuple(cols)
    full: dict[Key, int] = {}
    for r in rows:
        for c in cols:
            full[(r, c)] = int(counts.get(r, {}).get(c, 0))
            if full[(r, c)] < 0:
                raise ValueError(f"Negative count in ({r!r}, {c!r})")
    for r in rows:
        full[(r, TOTAL)] = sum(full[(r, c)] for c in cols)
    for c in (*cols, TOTAL):
        full[(TOTAL, c)] = sum(full[(r, c)] for r in rows)

    primary = frozenset(key for key, n in full.items() if n < threshold)
    hidden = set(primary)
    lines = _lines(rows, cols)
    while True:
        added = _complete_lines(lines, full, hidden, threshold) or _undetermine(lines, full, hidden)
        if not added:
            break
    return Table(rows, cols, full, primary, frozenset(hidden - primary))


def protect_counts(counts: Mapping[str, int], threshold: int = THRESHOLD) -> Table:
    """Protect one distribution (the answers to one question) and its total.

    Its values are read with `table.value("", answer)` and `table.total`.
    """
    return protect({"": dict(counts)}, [""], list(counts), threshold)


def _lines(rows: Sequence[str], cols: Sequence[str]) -> list[tuple[list[Key], Key]]:
    """Each equation of the table: its members, and the total they add up to."""
    lines = [([(r, c) for c in cols], (r, TOTAL)) for r in (*rows, TOTAL)]
    lines += [([(r, c) for r in rows], (TOTAL, c)) for c in (*cols, TOTAL)]
    return [(members, total) for members, total in lines if members]


def _smallest_shown(keys, full, hidden) -> Key | None:
    shown_keys = [k for k in keys if k not in hidden]
    return min(shown_keys, key=lambda k: full[k]) if shown_keys else None


def _complete_lines(lines, full, hidden: set[Key], threshold: int) -> bool:
    """Rules (a) and (b): hide one more cell in the first line that breaks one."""
    for members, total in lines:
        line = [*members, total]
        hidden_here = [k for k in line if k in hidden]
        if not hidden_here:
            continue
        breaks_a = len(hidden_here) == 1
        breaks_b = total not in hidden and sum(full[k] for k in hidden_here) < threshold
        if not (breaks_a or breaks_b):
            continue
        # Prefer a cell inside the table to its total: the total says more.
        extra = _smallest_shown(members, full, hidden) or _smallest_shown([total], full, hidden)
        if extra is None:
            continue
        hidden.add(extra)
        return True
    return False


def _undetermine(lines, full, hidden: set[Key]) -> bool:
    """Rule (c): hide one more cell beside the first hidden cell the equations give back."""
    for key in sorted(determined(lines, full, hidden)):
        for members, total in lines:
            line = [*members, total]
            if key in line:
                extra = _smallest_shown(members, full, hidden) or _smallest_shown(
                    [total], full, hidden
                )
                if extra is not None:
                    hidden.add(extra)
                    return True
    return False


def determined(lines, full: Mapping[Key, int], hidden: set[Key] | frozenset[Key]) -> set[Key]:
    """The hidden cells whose value the shown cells and the equations fix.

    A hidden cell x_i is fixed when the unit vector e_i lies in the row space
    of the equations restricted to the hidden cells (the shown cells being
    constants): rank(A) == rank(A with e_i added).
    """
    variables = sorted(hidden)
    index = {k: i for i, k in enumerate(variables)}
    matrix = []
    for members, total in lines:
        row = [Fraction(0)] * len(variables)
        for k in members:
            if k in index:
                row[index[k]] += 1
        if total in index:
            row[index[total]] -= 1
        if any(row):
            matrix.append(row)
    basis = _echelon(matrix)
    found = set()
    for k, i in index.items():
        unit = [Fraction(0)] * len(variables)
        unit[i] = Fraction(1)
        if _in_span(basis, unit):
            found.add(k)
    return found


def _echelon(matrix: list[list[Fraction]]) -> list[tuple[int, list[Fraction]]]:
    """A reduced basis of the rows' span: (pivot column, row) pairs."""
    basis: list[tuple[int, list[Fraction]]] = []
    for row in matrix:
        row = _reduce(basis, list(row))
        pivot = next((j for j, v in enumerate(row) if v), None)
        if pivot is None:
            continue
        row = [v / row[pivot] for v in row]
        basis = [(p, _eliminate(b, row, pivot)) for p, b in basis]
        basis.append((pivot, row))
    return basis


def _eliminate(row: list[Fraction], by: list[Fraction], pivot: int) -> list[Fraction]:
    factor = row[pivot]
    return [a - factor * b for a, b in zip(row, by, strict=True)] if factor else row


def _reduce(basis, row: list[Fraction]) -> list[Fraction]:
    for pivot, b in basis:
        row = _eliminate(row, b, pivot)
    return row


def _in_span(basis, vector: list[Fraction]) -> bool:
    return not any(_reduce(basis, vector))
