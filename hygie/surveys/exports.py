"""The anonymous answers, one row per response, for the animateur's own analysis.

Rows come in a random order, not the order of arrival, and carry the day of
the response, never its time: neither can be set beside another record
(an invitation sent, a message read) to guess who answered. Excluded
responses are included and flagged. Free text is included: it is the
animateur's own data, never published. Cells a spreadsheet would evaluate as
a formula are neutralised by hygie.lib.documents, like every export.
"""

from __future__ import annotations

import random
from collections import defaultdict
from typing import Any

from django.utils import timezone

from hygie.lib import documents
from hygie.surveys.models import Answer, Question, Response, Survey

FIXED = ["reponse", "jour", "canal", "ecartee"]


def table(survey: Survey) -> tuple[list[str], list[list[Any]], list[Question]]:
    """Header and rows (two queries), shuffled."""
    questions = list(survey.questions.all())
    values: dict[int, dict[int, list]] = defaultdict(lambda: defaultdict(list))
    for response_id, question_id, choice, number, text in Answer.objects.filter(
        response__survey=survey
    ).values_list("response_id", "question_id", "choice", "number", "text"):
        values[response_id][question_id].append((choice, number, text))
    responses = list(
        Response.objects.filter(survey=survey).values_list(
            "id", "submitted_at", "channel", "excluded"
        )
    )
    random.SystemRandom().shuffle(responses)
    channels = dict(Response.Channel.choices)
    labels = {q.pk: q.choice_labels() for q in questions}
    rows = []
    for n, (response_id, submitted_at, channel, excluded) in enumerate(responses, start=1):
        answers = values.get(response_id, {})
        row: list[Any] = [
            n,
            timezone.localtime(submitted_at).date(),
            channels.get(channel, channel),
            "oui" if excluded else "non",
        ]
        row += [cell(q, answers.get(q.pk, []), labels[q.pk]) for q in questions]
        rows.append(row)
    return FIXED + [q.key for q in questions], rows, questions


def cell(
    question: Question, answers: list[tuple[str, int | None, str]], labels: dict[str, str]
) -> Any:
    """One answer's cell; `labels` are the question's choice labels by key."""
    if not answers:
        return None
    if question.kind == Question.Kind.MULTIPLE:
        keys = {choice for choice, _, _ in answers}
        return " | ".join(c["label"] for c in question.choices if c["key"] in keys)
    choice, number, text = answers[0]
    if question.kind == Question.Kind.SINGLE:
        return labels.get(choice, choice)
    if question.kind in (Question.Kind.SCALE, Question.Kind.NUMBER):
        return number
    return text


def filename(survey: Survey, extension: str) -> str:
    return f"enquete-{survey.pk}-reponses.{extension}"


def csv_bytes(survey: Survey) -> bytes:
    header, rows, _ = table(survey)
    return documents.csv_bytes(header, rows)


def xlsx_bytes(survey: Survey) -> bytes:
    header, rows, questions = table(survey)
    legend = [[q.key, q.text, q.get_kind_display()] for q in questions]
    return documents.xlsx_book_bytes(
        [
            ("Réponses", header, rows),
            ("Questions", ["colonne", "question", "type"], legend),
        ]
    )
