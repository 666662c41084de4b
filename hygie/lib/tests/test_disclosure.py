"""Small-count suppression (lib/disclosure.py): no published cell under five
people, and no hidden cell given back by the totals.

The rule is the statistical-disclosure practice of public statistics (no cell
under the threshold, plus complementary suppression), which the territory's
dashboard and the surveys' breakdowns must follow: « every cell under 5
respondents suppressed (and complementary suppression so that a suppressed
cell cannot be recovered from totals) ».
"""

from __future__ import annotations

import itertools

from django.test import SimpleTestCase

from hygie.lib.disclosure import TOTAL, _lines, determined, protect, protect_counts, shown


def feasible_values(table, key, limit=22) -> set[int]:
    """Every value the hidden cell `key` can take, given what the table shows:
    a brute-force attacker who knows the margins' equations and that counts
    are non-negative integers (small tables only). The hidden cells of each
    row are enumerated together, as the ways to share the row's total when it
    is shown."""

    def row_choices(row):
        hidden = [(row, c) for c in table.cols if (row, c) in table.hidden]
        known = sum(table.counts[(row, c)] for c in table.cols if (row, c) not in table.hidden)
        total = table.row_total(row)
        for guess in itertools.product(range(limit), repeat=len(hidden)):
            if total is None or known + sum(guess) == total:
                yield dict(zip(hidden, guess, strict=True))

    lines = _lines(table.rows, table.cols)
    values = set()
    for parts in itertools.product(*(list(row_choices(r)) for r in table.rows)):
        cells = dict(table.counts)
        for part in parts:
            cells.update(part)
        for r in table.rows:
            cells[(r, TOTAL)] = sum(cells[(r, c)] for c in table.cols)
        for c in (*table.cols, TOTAL):
            cells[(TOTAL, c)] = sum(cells[(r, c)] for r in table.rows)
        if all(
            table.value(*k) is None or cells[k] == table.counts[k]
            for members, total in lines
            for k in (*members, total)
        ):
            values.add(cells[key])
    return values


class ThresholdTestCase(SimpleTestCase):
    TABLE = [
        # (count, shown?)
        (0, False),
        (1, False),
        (4, False),
        (5, True),
        (6, True),
        (120, True),
    ]

    def test_a_count_is_shown_from_five(self):
        for n, expected in self.TABLE:
            with self.subTest(n=n):
                self.assertEqual(shown(n), expected)


class ProtectTestCase(SimpleTestCase):
    # (name, table, cells hidden by primary suppression, cells hidden in all)
    CASES = [
        (
            "nothing small: everything shown",
            {"médecin": {"oui": 12, "non": 8}, "infirmier": {"oui": 9, "non": 6}},
            set(),
            set(),
        ),
        (
            "one small cell: a second in its row and column, and the fourth corner",
            {"médecin": {"oui": 12, "non": 3}, "infirmier": {"oui": 9, "non": 6}},
            {("médecin", "non")},
            {("médecin", "non"), ("médecin", "oui"), ("infirmier", "non"), ("infirmier", "oui")},
        ),
        (
            "a group under five: its row, its total, and another group beside it",
            {
                "médecin": {"oui": 12, "non": 8},
                "infirmier": {"oui": 9, "non": 6},
                "sage-femme": {"oui": 2, "non": 1},
            },
            {("sage-femme", "oui"), ("sage-femme", "non"), ("sage-femme", TOTAL)},
            {
                ("sage-femme", "oui"),
                ("sage-femme", "non"),
                ("sage-femme", TOTAL),
                ("infirmier", "oui"),
                ("infirmier", "non"),
                ("infirmier", TOTAL),
            },
        ),
    ]

    def test_the_cases(self):
        for name, counts, primary, hidden in self.CASES:
            with self.subTest(name):
                table = protect(counts)
                self.assertEqual(set(table.primary), primary)
                self.assertEqual(set(table.hidden), hidden)

    def test_no_shown_cell_is_under_five(self):
        counts = {"a": {"x": 3, "y": 7, "z": 11}, "b": {"x": 6, "y": 1, "z": 9}}
        table = protect(counts)
        for key, n in table.counts.items():
            if table.value(*key) is not None:
                self.assertGreaterEqual(n, 5, key)

    def test_zeros_are_hidden_too(self):
        # « 0 of the 6 sages-femmes » says what each of them does.
        table = protect({"sage-femme": {"oui": 0, "non": 6}, "médecin": {"oui": 7, "non": 9}})
        self.assertIsNone(table.value("sage-femme", "oui"))
        self.assertIsNone(table.value("sage-femme", "non"))

    def test_no_hidden_cell_can_be_recovered_from_the_totals(self):
        cases = [
            {"a": {"x": 3, "y": 7}, "b": {"x": 6, "y": 9}},
            {"a": {"x": 3, "y": 7, "z": 8}, "b": {"x": 6, "y": 9, "z": 12}},
            {"a": {"x": 0, "y": 0, "z": 8}, "b": {"x": 6, "y": 9, "z": 12}},
            {"a": {"x": 2, "y": 1}, "b": {"x": 6, "y": 9}, "c": {"x": 5, "y": 5}},
        ]
        for counts in cases:
            with self.subTest(counts=counts):
                table = protect(counts)
                for key in table.hidden:
                    values = feasible_values(table, key)
                    self.assertGreater(len(values), 1, f"{key} is given back: {values}")

    def test_no_hidden_cell_is_fixed_by_the_equations(self):
        counts = {
            r: {c: (i * 7 + j * 3) % 11 for j, c in enumerate("uvwxyz")}
            for i, r in enumerate("abcdefg")
        }
        table = protect(counts)
        lines = _lines(table.rows, table.cols)
        self.assertEqual(determined(lines, table.counts, table.hidden), set())

    def test_two_hidden_zeros_beside_a_shown_total_are_not_left_alone(self):
        table = protect({"a": {"x": 0, "y": 0, "z": 8, "w": 9}, "b": {"x": 6, "y": 9, "z": 5}})
        row = [("a", c) for c in "xyzw"]
        hidden_sum = sum(table.counts[k] for k in row if k in table.hidden)
        self.assertTrue(table.row_total("a") is None or hidden_sum >= 5)

    def test_a_table_under_five_in_all_shows_nothing(self):
        table = protect({"a": {"x": 1, "y": 2}})
        self.assertIsNone(table.total)
        self.assertTrue(all(table.value(*k) is None for k in table.counts))

    def test_the_order_of_rows_and_columns_is_kept(self):
        table = protect({"b": {"y": 5}, "a": {"x": 5}}, rows=["a", "b", "c"], cols=["x", "y"])
        self.assertEqual(table.rows, ("a", "b", "c"))
        self.assertEqual(table.cols, ("x", "y"))
        self.assertEqual(table.counts[("c", "x")], 0)

    def test_negative_counts_are_refused(self):
        with self.assertRaises(ValueError):
            protect({"a": {"x": -1}})


class ProtectCountsTestCase(SimpleTestCase):
    def test_one_small_answer_hides_a_second_one(self):
        table = protect_counts({"oui": 30, "non": 12, "je ne sais pas": 2})
        self.assertIsNone(table.value("", "je ne sais pas"))
        self.assertIsNone(table.value("", "non"))
        self.assertEqual(table.value("", "oui"), 30)
        self.assertEqual(table.total, 44)

    def test_nothing_small_shows_everything(self):
        table = protect_counts({"oui": 30, "non": 12})
        self.assertEqual((table.value("", "oui"), table.value("", "non")), (30, 12))
