"""The rules of a filled questionnaire, as plain functions.

A question is any object with the attributes of surveys.models.Question (key,
kind, required, choices, scale_min/max, number_min/max, show_if); the raw
answers are what the form sent, by question key: a text, or a list of texts
for a multiple choice. No Django import: the CLI, the bench and the tests use
them as they are.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

TEXT_MAX = 1000
# ASCII digits only: int() would also take « ٣ », « 1_000 » and 5,000 digits.
INTEGER = re.compile(r"[+-]?[0-9]+", re.ASCII)
# Answer.number is an IntegerField (32 bits on PostgreSQL): nine digits always fit.
NUMBER_DIGITS = 9

REQUIRED = "Cette question demande une réponse."
NOT_A_CHOICE = "Choisissez une des réponses proposées."
NOT_A_NUMBER = "Écrivez un nombre entier, sans lettres, par exemple 3."
TOO_LONG = f"Écrivez au plus {TEXT_MAX} caractères."
INVISIBLE = "Retirez le caractère invisible (code 0) de votre réponse."
TOO_MANY_DIGITS = f"Écrivez un nombre d'au plus {NUMBER_DIGITS} chiffres."

Value = str | int | list[str]


def field_name(key: str) -> str:
    """The form field of a question (also the key kept in the browser's draft)."""
    return f"q-{key}"


def is_shown(question, answers: Mapping[str, Value], shown: set[str]) -> bool:
    """A question is asked when it has no condition, or when the question its
    condition names was itself asked and got one of the listed answers."""
    condition = question.show_if
    if not condition:
        return True
    other = condition.get("question")
    if other not in shown:
        return False
    given = answers.get(other)
    given = given if isinstance(given, list) else [given]
    return any(str(g) in condition.get("answers", []) for g in given if g not in (None, ""))


def clean(questions: Iterable, raw: Mapping[str, Any]) -> tuple[dict[str, Value], dict[str, str]]:
    """(answers, errors): answers by question key, errors in French by key.

    1. Questions are read in order, so that a condition only ever depends on
       an earlier question.
    2. An answer to a question whose condition is not met is dropped: the
       browser may have hidden it, or not (no JavaScript, a forged form).
    3. Each kept answer is checked against its question.
    """
    answers: dict[str, Value] = {}
    errors: dict[str, str] = {}
    shown: set[str] = set()
    for q in questions:
        if not is_shown(q, answers, shown):
            continue
        shown.add(q.key)
        value, error = _clean_one(q, raw.get(q.key))
        if error:
            errors[q.key] = error
        elif value is not None:
            answers[q.key] = value
        elif q.required:
            errors[q.key] = REQUIRED
    return answers, errors


def _clean_one(q, value: Any) -> tuple[Value | None, str]:
    keys = [c["key"] for c in q.choices or []]
    if q.kind == "multiple":
        values = value if isinstance(value, list) else [value] if value else []
        values = [v for v in values if v]
        if any(v not in keys for v in values):
            return None, NOT_A_CHOICE
        # In the questionnaire's order, each once.
        return ([k for k in keys if k in values] or None), ""
    if isinstance(value, list):
        value = value[-1] if value else None
    value = (value or "").strip() if isinstance(value, str) else value
    if value in (None, ""):
        return None, ""
    if q.kind == "single":
        return (value, "") if value in keys else (None, NOT_A_CHOICE)
    if q.kind == "text":
        if "\x00" in value:
            # No database text column takes it (PostgreSQL refuses it outright).
            return None, INVISIBLE
        return (value, "") if len(value) <= TEXT_MAX else (None, TOO_LONG)
    if not INTEGER.fullmatch(str(value)):
        return None, NOT_A_NUMBER
    if len(str(value).lstrip("+-0")) > NUMBER_DIGITS:
        return None, TOO_MANY_DIGITS
    number = int(str(value))
    low, high = (q.scale_min, q.scale_max) if q.kind == "scale" else (q.number_min, q.number_max)
    if (low is not None and number < low) or (high is not None and number > high):
        if q.kind == "scale":
            return None, f"Choisissez une valeur de {low} à {high}."
        return None, _range_error(low, high)
    return number, ""


def _range_error(low: int | None, high: int | None) -> str:
    if low is not None and high is not None:
        return f"Écrivez un nombre entre {low} et {high}."
    if low is not None:
        return f"Écrivez un nombre d'au moins {low}."
    return f"Écrivez un nombre d'au plus {high}."


def condition_problem(show_if: Any, earlier: Mapping[str, list[str]]) -> str:
    """What is wrong with a condition, in French, or "" if nothing.

    `earlier` maps the keys of the questions before this one that have
    choices to their choice keys: a condition can only name one of them.
    """
    if not show_if:
        return ""
    other = show_if.get("question")
    if other not in earlier:
        return "La condition doit porter sur une question à choix placée avant celle-ci."
    answers = show_if.get("answers") or []
    if not answers:
        return "Choisissez au moins une réponse qui fait apparaître la question."
    unknown = [a for a in answers if a not in earlier[other]]
    if unknown:
        return f"Réponse inconnue dans la condition : {', '.join(unknown)}."
    return ""
