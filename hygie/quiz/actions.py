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
    """Store a quiz its form has filled in: new, or changed; a change of
    its sharing is journaled of its own."""
    created = quiz.pk is None
    was_shared = (
        None
        if created
        else Quiz.objects.filter(pk=quiz.pk).values_list("shared", flat=True).first()
    )
    quiz.save()
    record(
        action="quiz.created" if created else "quiz.changed",
        org=quiz.org,
        actor=actor,
        obj=quiz,
        details={"questions": len(quiz.questions), "partagé": "oui" if quiz.shared else "non"},
        request=request,
    )
    if was_shared is not None and was_shared != quiz.shared:
        record(
            action="quiz.shared" if quiz.shared else "quiz.unshared",
            org=quiz.org,
            actor=actor,
            obj=quiz,
            request=request,
        )
    return quiz


@transaction.atomic
def duplicate_quiz(quiz: Quiz, *, actor, request: HttpRequest | None = None) -> Quiz:
    """A copy of `quiz` with its questions and timings, its copier's own."""
    copy = Quiz.objects.create(
        org=quiz.org,
        title=f"Copie de {quiz.title}"[: Quiz._meta.get_field("title").max_length],
        questions=list(quiz.questions),
        seconds=quiz.seconds,
        question_delay=quiz.question_delay,
        speed=quiz.speed,
        streak_bonus=quiz.streak_bonus,
        shared=False,
        created_by=actor,
    )
    record(
        action="quiz.duplicated",
        org=quiz.org,
        actor=actor,
        obj=copy,
        details={"original": quiz.title},
        request=request,
    )
    return copy


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
