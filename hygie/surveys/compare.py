"""Two campaigns side by side: « où en êtes-vous ? ».

Questions are matched by their key, answers by their choice key (or scale
value); each answer's share in both campaigns and the change in points. A
share is computed only from counts the small-count rule lets through, so a
hidden count leaves both its share and the change blank.
"""

from __future__ import annotations

from dataclasses import dataclass

from hygie.lib.french import count
from hygie.surveys.models import Question
from hygie.surveys.results import QuestionResult, SurveyResults

COMPARABLE = (Question.Kind.SINGLE, Question.Kind.MULTIPLE, Question.Kind.SCALE)


@dataclass(frozen=True)
class Change:
    label: str
    before: float | None
    after: float | None

    @property
    def points(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before


@dataclass(frozen=True)
class Compared:
    question: Question
    before_respondents: int | None
    after_respondents: int | None
    changes: list[Change]


def _shares(result: QuestionResult) -> dict[str, float | None]:
    return {key: bar.percent for (key, _), bar in zip(result.options, result.bars, strict=True)}


def compare(
    current: SurveyResults, previous: SurveyResults
) -> tuple[list[Compared], list[Question]]:
    """The questions both campaigns asked, compared; and the current campaign's
    questions the previous one did not ask (or asked differently)."""
    earlier = {r.question.key: r for r in previous.questions}
    compared, unmatched = [], []
    for result in current.questions:
        q = result.question
        if q.kind not in COMPARABLE:
            continue
        before = earlier.get(q.key)
        if before is None or before.question.kind != q.kind:
            unmatched.append(q)
            continue
        old = _shares(before)
        new = _shares(result)
        changes = [Change(label, old.get(key), new.get(key)) for key, label in result.options]
        compared.append(Compared(q, before.shown_respondents, result.shown_respondents, changes))
    return compared, unmatched


def points_text(points: float | None) -> str:
    """« +12 points », « -3 points » (with a minus sign), « stable »."""
    if points is None:
        return ""
    rounded = round(points)
    if rounded == 0:
        return "stable"
    sign = "+" if rounded > 0 else "−"
    return f"{sign}{count(abs(rounded), 'point')}"
