"""Scoring, table-driven: Kahoot's formula, partial credit, precision mode, streaks."""

from unittest import TestCase

from hygie.quiz.scoring import points, share


class ScoringTestCase(TestCase):
    # (case, chosen, correct, options, elapsed, limit, speed, expected points)
    CASES = [
        ("right at once: 1000", {0}, {0}, 4, 0.0, 20, True, 1000),
        ("right at half time: 750", {0}, {0}, 4, 10.0, 20, True, 750),
        ("right on the last instant: 500", {0}, {0}, 4, 20.0, 20, True, 500),
        ("late: refused, 0", {0}, {0}, 4, 20.001, 20, True, 0),
        ("wrong: 0", {1}, {0}, 4, 1.0, 20, True, 0),
        ("no answer: 0", set(), {0}, 4, 1.0, 20, True, 0),
        ("rounded: 1 s of 30", {1}, {1}, 2, 1.0, 30, True, 983),
        ("multiple, all right: full", {0, 2}, {0, 2}, 4, 0.0, 20, True, 1000),
        ("multiple, half the right ones: half", {0}, {0, 2}, 4, 0.0, 20, True, 500),
        ("multiple, one right one wrong: 0", {0, 1}, {0, 2}, 4, 0.0, 20, True, 0),
        ("multiple, everything ticked: 0", {0, 1, 2, 3}, {0, 2}, 4, 0.0, 20, True, 0),
        ("multiple, 2 of 3 right and no wrong", {0, 1}, {0, 1, 2}, 4, 0.0, 20, True, 667),
        ("precision mode ignores time", {0}, {0}, 4, 19.0, 20, False, 1000),
        ("precision mode, partial", {0}, {0, 2}, 4, 19.0, 20, False, 500),
        ("precision mode, late: 0", {0}, {0}, 4, 20.5, 20, False, 0),
        ("multiple, partial and late: 0", {0}, {0, 2}, 4, 21.0, 20, True, 0),
        ("before the options (clock skew): 1000", {0}, {0}, 4, -0.3, 20, True, 1000),
    ]

    def test_table(self):
        for case, chosen, correct, options, elapsed, limit, speed, expected in self.CASES:
            with self.subTest(case):
                outcome = points(
                    chosen=chosen,
                    correct=correct,
                    options=options,
                    elapsed=elapsed,
                    limit=limit,
                    speed=speed,
                )
                self.assertEqual(outcome.points, expected)

    def test_streak_bonus(self):
        # Third correct answer in a row: +100, growing by 100, capped at +500.
        cases = [(0, 1000), (1, 1000), (2, 1100), (3, 1200), (6, 1500), (20, 1500)]
        for before, expected in cases:
            with self.subTest(streak_before=before):
                outcome = points(
                    chosen={0}, correct={0}, options=2, elapsed=0, limit=20,
                    streak_before=before, streak_bonus=True,
                )  # fmt: skip
                self.assertEqual(outcome.points, expected)
                self.assertEqual(outcome.streak, before + 1)
        wrong = points(chosen={1}, correct={0}, options=2, elapsed=0, limit=20, streak_before=5)
        self.assertEqual(wrong.streak, 0)

    def test_share(self):
        self.assertEqual(share({0, 1}, {0, 1}, 4), 1.0)
        self.assertEqual(share(set(), {0}, 2), 0.0)
