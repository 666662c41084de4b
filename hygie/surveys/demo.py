"""The demo region's surveys: last year's campaign, closed, and this year's,
open, both with made-up answers spread so that some breakdown cells show and
others are hidden (under five respondents)."""

from __future__ import annotations

import random
from datetime import timedelta

from django.utils import timezone

from hygie.surveys import actions
from hygie.surveys.answering import clean
from hygie.surveys.models import Survey

# (profession, setting): how many respondents, this year and last year.
GROUPS = [
    ("medecin", "cabinet-groupe", 9, 7),
    ("medecin", "liberal-seul", 6, 5),
    ("infirmier", "liberal-seul", 10, 8),
    ("infirmier", "etablissement", 6, 4),
    ("pharmacien", "liberal-seul", 5, 3),
    ("kine", "cabinet-groupe", 4, 3),
    ("administratif", "msp", 5, 4),
    ("cadre", "etablissement", 3, 2),
    ("sage-femme", "liberal-seul", 2, 1),
]


def create_region_demo(region, animateur, practice) -> None:
    now = timezone.now()
    last_year = actions.create_from_template(region, actions.READY_MADE, animateur)
    last_year.title = f"{last_year.title} ({now.year - 1})"
    last_year.status = Survey.Status.OPEN
    last_year.created = now - timedelta(days=400)
    last_year.save(update_fields=["title", "status", "created"])
    current = actions.create_from_template(
        region, actions.READY_MADE, animateur, previous=last_year
    )
    current.title = f"{current.title} ({now.year})"
    current.status = Survey.Status.OPEN
    current.closes_at = now + timedelta(days=45)
    current.save(update_fields=["title", "status", "closes_at"])
    rng = random.Random(2026)
    for survey, progress, column, when in (
        (last_year, 0.0, 3, now - timedelta(days=365)),
        (current, 0.25, 2, now - timedelta(days=3)),
    ):
        questions = list(survey.questions.all())
        n = 0
        for profession, setting, *sizes in GROUPS:
            for _ in range(sizes[column - 2]):
                raw = _answers(rng, questions, profession, setting, progress)
                answers, _errors = clean(questions, raw)
                actions.submit(
                    survey,
                    answers,
                    browser_token=f"demo-{survey.pk}-{n}",
                    now=when + timedelta(minutes=37 * n),
                )
                n += 1
    last_year.status = Survey.Status.CLOSED
    last_year.save(update_fields=["status"])


def _answers(rng: random.Random, questions, profession: str, setting: str, progress: float):
    """Plausible answers; `progress` tilts them towards good practice."""
    raw: dict = {"profession": profession, "setting": setting}
    for q in questions:
        if q.key in raw:
            continue
        keys = [c["key"] for c in q.choices]
        if q.kind == "single":
            # Earlier choices are the better practices in the ready-made survey.
            weights = [max(0.2, 1 + progress * 4 - i * 0.4) for i in range(len(keys))]
            raw[q.key] = rng.choices(keys, weights)[0]
        elif q.kind == "multiple":
            raw[q.key] = [k for k in keys if rng.random() < 0.3 + progress * (k == keys[0])]
        elif q.kind == "scale":
            raw[q.key] = str(
                min(
                    q.scale_max,
                    rng.randint(q.scale_min, q.scale_max - 1) + (rng.random() < progress),
                )
            )
        elif q.kind == "number":
            raw[q.key] = str(rng.randint(0, 12))
    return raw
