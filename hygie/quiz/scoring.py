"""Points of an answer: pure functions, no Django import.

Speed mode (Kahoot's formula): a correct answer given t seconds after the
options appeared, out of T, earns round((1 - (t / T) / 2) x 1000): 1000 at
once, 500 on the last instant; a wrong answer, or none, earns 0.

Multiple choice (choix multiples) gets partial credit: the share of the
correct options ticked, minus the share of the wrong options ticked, never
below zero; that share multiplies the points. Ticking every option earns
nothing; ticking exactly the correct ones earns everything.

« Précision seule » mode: no speed, 1000 points for a full answer (scaled the
same way for multiple choice).

Streak bonus (optional): after two correct answers in a row, each further
correct answer earns 100 points more per answer of the streak, up to 500.
"""

from __future__ import annotations

from dataclasses import dataclass

FULL = 1000
STREAK_STEP = 100
STREAK_MAX = 500


@dataclass(frozen=True)
class Outcome:
    share: float  # 0 to 1: how much of the answer is right
    correct: bool  # fully right
    points: int
    streak: int  # correct answers in a row, this one included


def share(chosen: set[int], correct: set[int], options: int) -> float:
    """How right an answer is: 1 or 0 for a single answer; partial credit for
    multiple choice."""
    if not chosen:
        return 0.0
    if len(correct) == 1:
        return 1.0 if chosen == correct else 0.0
    wrong = options - len(correct)
    right_share = len(chosen & correct) / len(correct)
    wrong_share = len(chosen - correct) / wrong if wrong else 0.0
    return max(0.0, right_share - wrong_share)


def points(
    *,
    chosen: set[int],
    correct: set[int],
    options: int,
    elapsed: float,
    limit: float,
    speed: bool = True,
    streak_before: int = 0,
    streak_bonus: bool = False,
) -> Outcome:
    """The outcome of one answer given `elapsed` seconds after the options
    appeared, out of `limit` seconds."""
    part = share(chosen, correct, options)
    if elapsed > limit or part == 0:
        return Outcome(part if elapsed <= limit else 0.0, False, 0, 0)
    base = (1 - (max(0.0, elapsed) / limit) / 2) * FULL if speed else FULL
    earned = round(base * part)
    full = part == 1.0
    streak = streak_before + 1 if full else 0
    if streak_bonus and full and streak >= 3:
        earned += min(STREAK_MAX, STREAK_STEP * (streak - 2))
    return Outcome(part, full, earned, streak)
