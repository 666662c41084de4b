"""The composer's view of the questions: the shared bank and the
organisation's own, each with what a host filters on (words, theme, type,
difficulty) and how often it was answered right in the games ended.

The filter rules are pure functions: the page renders every question once
and static/hygie/quiz-bank.js applies the same rules in the browser; without
JavaScript, « Filtrer » posts the whole form, so that nothing ticked or typed
is lost, and the server hides the rows the same way.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from hygie.content import library
from hygie.lib.disclosure import shown
from hygie.quiz.engine import questions_for
from hygie.quiz.models import OrgQuestion, QuestionStat

TYPES = dict(OrgQuestion._meta.get_field("type").choices)
DIFFICULTIES = {"1": "Facile", "2": "Moyenne", "3": "Difficile"}


def fold(text: str) -> str:
    """Lower case without accents: « Hameçonnage » and « hameconnage » meet."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def success_rate(answers: int, correct: int) -> int | None:
    """The share of right answers in percent, or None while too few answers
    were given for a rate to mean anything (and to be shown at all)."""
    if not shown(answers) or correct > answers:
        return None
    return round(100 * correct / answers)


@dataclass(frozen=True)
class Entry:
    key: str  # "bank:<id>" or "org:<pk>"
    text: str
    theme: str
    type: str
    difficulty: str  # "1" to "3", "" for an organisation's question
    own: bool
    answers: int = 0
    correct: int = 0

    @property
    def search(self) -> str:
        return fold(self.text)

    @property
    def rate(self) -> int | None:
        return success_rate(self.answers, self.correct)

    @property
    def type_label(self) -> str:
        return TYPES.get(self.type, self.type)

    @property
    def difficulty_label(self) -> str:
        return DIFFICULTIES.get(self.difficulty, "")


@dataclass(frozen=True)
class Filter:
    words: str = ""
    theme: str = ""
    type: str = ""
    difficulty: str = ""

    @classmethod
    def from_data(cls, data) -> Filter:
        return cls(
            words=data.get("recherche", "").strip()[:200],
            theme=data.get("theme", ""),
            type=data.get("type", ""),
            difficulty=data.get("difficulte", ""),
        )

    def matches(self, entry: Entry) -> bool:
        """Every word typed is in the question (in any order, accents and
        case aside), and the theme, type and difficulty chosen are its own."""
        text = entry.search
        return (
            all(word in text for word in fold(self.words).split())
            and self.theme in ("", entry.theme)
            and self.type in ("", entry.type)
            and self.difficulty in ("", entry.difficulty)
        )


def entries(org) -> list[Entry]:
    """The organisation's own questions, then the bank's, with their figures."""
    found = [
        Entry(f"org:{q.pk}", q.text, q.theme, q.type, "", own=True)
        for q in OrgQuestion.objects.filter(org=org).order_by("pk")
    ] + [
        Entry(
            f"bank:{q['id']}",
            q["text"],
            q["theme"],
            q["type"],
            str(q.get("difficulty", "")),
            own=False,
        )
        for q in library.items("quiz-questions")
    ]
    stats = {s.key: s for s in QuestionStat.objects.filter(key__in=[e.key for e in found])}
    return [
        Entry(**{**e.__dict__, "answers": s.answers, "correct": s.correct})
        if (s := stats.get(e.key))
        else e
        for e in found
    ]


def preview(key: str, org) -> dict | None:
    """A question as the players will see it, or None if `key` names none
    of the bank's nor of the organisation's."""
    found = questions_for([key], org)
    return found[0] if found else None
