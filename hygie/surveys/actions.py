"""What changes a survey: creation, opening, answers, invitations."""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from hygie.content import library
from hygie.journal.actions import record
from hygie.lib import emails
from hygie.lib.french import count
from hygie.surveys.answering import Value
from hygie.surveys.models import (
    Answer,
    BrowserMark,
    Invitation,
    Question,
    Response,
    Section,
    Survey,
    digest,
)

TEMPLATES = "survey-templates"
READY_MADE = "pratiques-rgpd-cyber"
MAX_INVITATIONS = 2000
INVITATIONS_KEPT_AFTER_CLOSING = timedelta(days=30)


class AlreadyAnswered(Exception):
    """This browser, or this invitation, already sent its answers."""


class NotAccepting(Exception):
    """The survey is not open now."""


def templates() -> list[dict]:
    return library.items(TEMPLATES)


@transaction.atomic
def create_from_template(org, key: str, user, previous: Survey | None = None) -> Survey:
    """Copy a ready-made survey of the library into editable rows."""
    data = library.get(TEMPLATES, key)
    if data is None:
        raise KeyError(f"Unknown survey template {key!r}")
    survey = Survey.objects.create(
        org=org,
        title=data["title"],
        intro=data["intro"],
        audience=data["audience"],
        template_key=key,
        previous=previous,
        created_by=user,
    )
    position = 0
    questions = []
    for s_index, s in enumerate(data["sections"]):
        section = Section.objects.create(
            survey=survey, position=s_index, title=s["title"], intro=s.get("intro", "")
        )
        for q in s["questions"]:
            scale, number = q.get("scale") or {}, q.get("number") or {}
            questions.append(
                Question(
                    survey=survey,
                    section=section,
                    position=position,
                    key=q["key"],
                    kind=q["kind"],
                    text=q["text"],
                    help=q.get("help", ""),
                    required=q.get("required", False),
                    choices=q.get("choices", []),
                    scale_min=scale.get("min"),
                    scale_max=scale.get("max"),
                    scale_min_label=scale.get("min_label", ""),
                    scale_max_label=scale.get("max_label", ""),
                    number_min=number.get("min"),
                    number_max=number.get("max"),
                    breakdown=q.get("breakdown", ""),
                    show_if=q.get("show_if"),
                    sources=q["source"],
                )
            )
            position += 1
    Question.objects.bulk_create(questions)
    record(
        action="survey.created",
        org=org,
        actor=user,
        obj=survey,
        object_label=survey.title,
        details={"Modèle": data["title"], "Campagne précédente": str(previous or "—")},
    )
    return survey


@transaction.atomic
def create_blank(org, user, title: str, previous: Survey | None = None) -> Survey:
    survey = Survey.objects.create(org=org, title=title, previous=previous, created_by=user)
    record(action="survey.created", org=org, actor=user, obj=survey, object_label=title)
    return survey


@transaction.atomic
def set_status(survey: Survey, status: str, actor, now: datetime | None = None) -> None:
    """Open or close. Closing dates the closing (the invitations' addresses
    are deleted thirty days after it); reopening forgets a past closing date."""
    now = now or timezone.now()
    survey.status = status
    if status == Survey.Status.CLOSED and (survey.closes_at is None or survey.closes_at > now):
        survey.closes_at = now
        if survey.opens_at and survey.opens_at >= now:
            survey.opens_at = None
    elif status == Survey.Status.OPEN and survey.closes_at and survey.closes_at <= now:
        survey.closes_at = None
    survey.save(update_fields=["status", "closes_at", "opens_at"])
    action = "survey.opened" if status == Survey.Status.OPEN else "survey.closed"
    record(action=action, org=survey.org, actor=actor, obj=survey, object_label=survey.title)


def open_surveys(regions: Iterable, now: datetime | None = None) -> list[Survey]:
    """The surveys of these regional bodies that accept answers now."""
    now = now or timezone.now()
    candidates = (
        Survey.objects.filter(org__in=list(regions), status=Survey.Status.OPEN)
        .filter(Q(opens_at__isnull=True) | Q(opens_at__lte=now))
        .filter(Q(closes_at__isnull=True) | Q(closes_at__gt=now))
        .select_related("org")
        .order_by("closes_at", "-created")
    )
    return list(candidates)


def submit(
    survey: Survey,
    answers: dict[str, Value],
    *,
    browser_token: str,
    invitation: Invitation | None = None,
    now: datetime | None = None,
) -> Response:
    """Store one questionnaire, all or nothing.

    1. The response, its answers, the browser's mark and the invitation's
       `used` flag are written in one transaction.
    2. The browser's mark is unique per survey: a second questionnaire from
       the same browser fails on it and nothing of it stays.
    3. The invitation is marked used by a conditional update: of two answers
       sent together with the same link, one only is kept.
    No value read from the request other than the answers reaches the database.
    """
    now = now or timezone.now()
    if not survey.is_accepting(now):
        raise NotAccepting
    questions = {q.key: q for q in survey.questions.all()}
    try:
        with transaction.atomic():
            response = Response.objects.create(
                survey=survey,
                submitted_at=now,
                channel=Response.Channel.INVITATION if invitation else Response.Channel.PUBLIC,
            )
            Answer.objects.bulk_create(_answer_rows(response, questions, answers))
            BrowserMark.objects.create(survey=survey, digest=digest(browser_token))
            if invitation is not None:
                taken = Invitation.objects.filter(pk=invitation.pk, used=False).update(used=True)
                if not taken:
                    raise AlreadyAnswered
    except IntegrityError:
        raise AlreadyAnswered from None
    return response


def _answer_rows(response: Response, questions: dict[str, Question], answers: dict[str, Value]):
    for key, value in answers.items():
        q = questions[key]
        if q.kind == Question.Kind.MULTIPLE:
            for choice in value:
                yield Answer(response=response, question=q, choice=choice)
        elif q.kind == Question.Kind.SINGLE:
            yield Answer(response=response, question=q, choice=value)
        elif q.kind == Question.Kind.SCALE:
            yield Answer(response=response, question=q, number=value, choice=str(value))
        elif q.kind == Question.Kind.NUMBER:
            yield Answer(response=response, question=q, number=value)
        else:
            yield Answer(response=response, question=q, text=value)


def has_answered(survey: Survey, browser_token: str | None) -> bool:
    if not browser_token:
        return False
    return BrowserMark.objects.filter(survey=survey, digest=digest(browser_token)).exists()


# Invitations


def parse_emails(text: str) -> tuple[list[str], list[str]]:
    """(addresses, refused): the addresses pasted, lowercased and each once,
    in the order given; `refused` lists what is not an e-mail address."""
    found, refused = [], []
    for word in re.split(r"[\s,;]+", text):
        word = word.strip().strip("<>\"'").lower()
        if not word:
            continue
        try:
            validate_email(word)
        except ValidationError:
            refused.append(word)
            continue
        if word not in found:
            found.append(word)
    return found, refused


def invitation_token(invitation: Invitation) -> str:
    """The token of an invitation's link, derived from the SECRET_KEY.

    The database keeps only a digest of it, yet a reminder can send the same
    link again without storing anything more: the first e-mail keeps working.
    """
    message = f"survey-invitation:{invitation.survey.public_token}:{invitation.email}"
    mac = hmac.new(settings.SECRET_KEY.encode(), message.encode(), hashlib.sha256)
    return mac.hexdigest()[:32]


def invitation_path(invitation: Invitation) -> str:
    return reverse(
        "surveys:answer_invited",
        args=[invitation.survey.public_token, invitation_token(invitation)],
    )


@transaction.atomic
def add_invitations(survey: Survey, addresses: list[str], actor) -> tuple[int, int]:
    """(added, already there). Each address is invited once per survey."""
    existing = set(survey.invitations.values_list("email", flat=True))
    new = [a for a in addresses if a not in existing]
    if len(existing) + len(new) > MAX_INVITATIONS:
        raise ValidationError(
            f"Une enquête compte au plus {count(MAX_INVITATIONS, 'invitation')} : "
            "pour un public plus large, diffusez le lien public."
        )
    rows = [Invitation(survey=survey, email=address) for address in new]
    for invitation in rows:
        invitation.token_digest = digest(invitation_token(invitation))
    Invitation.objects.bulk_create(rows)
    if new:
        record(
            action="survey.invited",
            org=survey.org,
            actor=actor,
            obj=survey,
            object_label=survey.title,
            details={"Adresses ajoutées": len(new)},
        )
    return len(new), len(addresses) - len(new)


def send_invitations(survey: Survey, actor, *, reminder: bool = False) -> int:
    """Send the invitations never sent, or remind every unused one.

    Whom a reminder goes to depends only on the `used` flag: the e-mail
    never says, and the page never shows, who answered.
    """
    pending = survey.invitations.filter(used=False)
    if not reminder:
        pending = pending.filter(sent_count=0)
    pending = list(pending)
    today = timezone.localdate()
    messages = []
    for invitation in pending:
        invitation.survey = survey
        ctx = {
            "survey": survey,
            "org": survey.org,
            "url": settings.SITE_URL + invitation_path(invitation),
            "reminder": reminder,
        }
        messages.append(emails.build("survey_invitation", invitation.email, ctx))
    sent = emails.send_many(messages)
    with transaction.atomic():
        Invitation.objects.filter(pk__in=[i.pk for i in pending]).update(
            sent_count=F("sent_count") + 1, last_sent=today
        )
        record(
            action="survey.reminded" if reminder else "survey.invitations_sent",
            org=survey.org,
            actor=actor,
            obj=survey,
            object_label=survey.title,
            details={"Messages envoyés": sent},
        )
    return sent


def purge_invitations(now: datetime) -> int:
    """Delete the invitations' addresses thirty days after their survey closed."""
    deleted, _ = Invitation.objects.filter(
        survey__closes_at__lt=now - INVITATIONS_KEPT_AFTER_CLOSING
    ).delete()
    return deleted


def find_invitation(survey: Survey, token: str) -> Invitation | None:
    return Invitation.objects.filter(survey=survey, token_digest=digest(token)).first()
