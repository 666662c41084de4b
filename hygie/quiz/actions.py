"""What an organisation does with the cyberquiz, each step written to its journal.

A quiz composed or changed, a private question added, a game launched, a
game's results exported: the journal says who did it and when. The players
themselves (pseudonyms on phones) are not members and are never journaled.
"""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest

from hygie.journal.actions import record
from hygie.quiz import engine
from hygie.quiz.models import Game, OrgQuestion, Quiz

EXPORT_FORMATS = {"csv": "CSV", "xlsx": "Excel"}


@transaction.atomic
def save_quiz(quiz: Quiz, *, actor, request: HttpRequest | None = None) -> Quiz:
    """Store a quiz its form has filled in: new, or changed."""
    created = quiz.pk is None
    quiz.save()
    record(
        action="quiz.created" if created else "quiz.changed",
        org=quiz.org,
        actor=actor,
        obj=quiz,
        details={"questions": len(quiz.questions)},
        request=request,
    )
    return quiz


@transaction.atomic
def add_question(org, values: dict, *, actor, request: HttpRequest | None = None) -> OrgQuestion:
    """A private question of the organisation's own, beside the shared bank.

    `values` are the question form's cleaned data, its options already checked.
    """
    question = OrgQuestion.objects.create(
        org=org,
        type=values["type"],
        text=values["text"],
        options=values["options"],
        explanation=values["explanation"],
        theme=values["theme"],
        source=values["source"],
    )
    record(
        action="quiz.question_created",
        org=org,
        actor=actor,
        obj=question,
        details={"thème": values["theme"]},
        request=request,
    )
    return question


@transaction.atomic
def launch_game(
    org,
    *,
    title: str,
    keys: list[str],
    quiz: Quiz | None = None,
    actor,
    request: HttpRequest | None = None,
    **settings,
) -> Game:
    """Open a game for players to join; `engine.Refused` if it cannot be played."""
    game = engine.create_game(org, title=title, keys=keys, host=actor, quiz=quiz, **settings)
    record(
        action="quiz.game_launched",
        org=org,
        actor=actor,
        obj=game,
        details={"questions": len(game.questions)},
        request=request,
    )
    return game


def results_exported(game: Game, *, fmt: str, actor, request: HttpRequest | None = None) -> None:
    """Journal that a game's results (pseudonyms and scores) left as a file."""
    record(
        action="quiz.results_exported",
        org=game.org,
        actor=actor,
        obj=game,
        details={"format": EXPORT_FORMATS.get(fmt, fmt)},
        request=request,
    )
