"""What the animateur does with the results: publish them, set a flood aside."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction

from hygie.journal.actions import record
from hygie.surveys import flood
from hygie.surveys.models import Response, Survey


def set_published(*, survey: Survey, published: bool, user, request=None) -> None:
    with transaction.atomic():
        survey.results_published = published
        survey.save(update_fields=["results_published"])
        record(
            action="survey.results_published" if published else "survey.results_unpublished",
            org=survey.org,
            actor=user,
            obj=survey,
            request=request,
        )


def set_window_excluded(
    *, survey: Survey, start: datetime, excluded: bool, user, request=None
) -> int:
    """Exclude (or reintegrate) the responses of the ten-minute window starting
    at `start`; journaled with the window and the count. Returns the count."""
    start = flood.window_start(start)
    with transaction.atomic():
        changed = Response.objects.filter(
            survey=survey,
            submitted_at__gte=start,
            submitted_at__lt=start + flood.WINDOW,
            excluded=not excluded,
        ).update(excluded=excluded)
        record(
            action="survey.window_excluded" if excluded else "survey.window_reintegrated",
            org=survey.org,
            actor=user,
            obj=survey,
            details={"Début de la période": start, "Réponses": changed},
            request=request,
        )
    return changed
