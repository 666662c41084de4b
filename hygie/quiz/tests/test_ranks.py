"""Ranks in French, table-driven: « 1er », never « 1e »."""

from unittest import TestCase

from hygie.quiz.ranks import gap_label, gaps, ordinal, rank_label


class OrdinalTestCase(TestCase):
    CASES = [
        (1, "1er"),
        (2, "2e"),
        (3, "3e"),
        (10, "10e"),
        (11, "11e"),
        (21, "21e"),
        (42, "42e"),
        (101, "101e"),
        (1000, "1000e"),
    ]

    def test_table(self):
        for n, expected in self.CASES:
            with self.subTest(n=n):
                self.assertEqual(ordinal(n), expected)

    def test_no_rank_zero(self):
        for n in (0, -1):
            with self.subTest(n=n), self.assertRaises(ValueError):
                ordinal(n)

    def test_rank_label(self):
        for rank, players, expected in [
            (1, 42, "1er sur 42"),
            (2, 42, "2e sur 42"),
            (21, 42, "21e sur 42"),
            (1, 1, "1er sur 1"),
        ]:
            with self.subTest(rank=rank):
                self.assertEqual(rank_label(rank, players), expected)


class GapTestCase(TestCase):
    def test_gaps_skip_ties(self):
        # 1: 900, 2 and 3: 700 (tied, both 2e), 4: 650, 5: 0.
        self.assertEqual(
            gaps({1: 900, 2: 700, 3: 700, 4: 650, 5: 0}),
            {1: None, 2: 200, 3: 200, 4: 50, 5: 650},
        )
        self.assertEqual(gaps({}), {})

    def test_gap_label(self):
        for gap, expected in [
            (None, "En tête !"),
            (200, "À 200 points du joueur devant vous"),
            (1, "À 1 point du joueur devant vous"),
        ]:
            with self.subTest(gap=gap):
                self.assertEqual(gap_label(gap), expected)
