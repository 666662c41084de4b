"""Everything that changes a patient's request. Each step is timestamped, kept
as an event of the request and written to the audit journal in the same
transaction; the journal names the request by its number only, never the
requester, so that purging a closed request leaves no name behind."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from hygie.deadlines import actions as deadlines
from hygie.journal.actions import record, save_org_setting
from hygie.law.days import add_months
from hygie.law.rights import Right, answer_limits, can_extend, first_month_end
from hygie.orgs.signals import zone_change_reason
from hygie.rights.models import (
    OPEN,
    EventKind,
    PatientRequest,
    RequestEvent,
    RetentionPolicy,
    Status,
)

# The 8 days of the record are recalled 4 days and 1 day before they end;
# the months-long limits follow the default schedule (a week, a day, 3 hours).
RECORD_REMINDERS = (96, 24)
# The legal deadline (content library) of each limit to answer by.
RULES = {
    "dossier": "csp-acces-dossier",
    "dossier-ancien": "csp-acces-dossier-ancien",
    "reponse": "rgpd-12-reponse-droits",
}


@dataclass(frozen=True)
class Ground:
    key: str
    label: str
    basis: str
    rights: frozenset[Right] | None = None  # None: every right
    verified: bool = True


GROUNDS = [
    Ground(
        "identite",
        "L'identité du demandeur n'a pas pu être établie",
        "RGPD, art. 12(2) et 12(6) ; CSP, art. R1111-1",
    ),
    Ground(
        "qualite",
        "Le demandeur n'a pas qualité pour demander ces informations",
        "CSP, art. L1111-7 et L1110-4",
        frozenset({Right.RECORD}),
        verified=False,
    ),
    Ground(
        "tiers",
        "Informations recueillies auprès de tiers extérieurs à la prise en charge, "
        "ou les concernant",
        "CSP, art. L1111-7",
        frozenset({Right.RECORD}),
    ),
    Ground(
        "conservation",
        "Le dossier médical doit être conservé : il ne peut pas être effacé",
        "RGPD, art. 17(3)(b) et 17(3)(c)",
        frozenset({Right.ERASURE}),
        verified=False,
    ),
    Ground(
        "motifs_imperieux",
        "Motifs légitimes et impérieux de poursuivre le traitement, ou obligation légale",
        "RGPD, art. 21(1)",
        frozenset({Right.OBJECTION}),
        verified=False,
    ),
    Ground(
        "excessive",
        "Demande manifestement infondée ou excessive, notamment par son caractère répétitif",
        "RGPD, art. 12(5)",
        verified=False,
    ),
]
GROUNDS_BY_KEY = {g.key: g for g in GROUNDS}


def grounds_for(right: Right) -> list[Ground]:
    return [g for g in GROUNDS if g.rights is None or right in g.rights]


def add_event(
    patient_request: PatientRequest,
    kind: str,
    text: str = "",
    *,
    actor=None,
    request: HttpRequest | None = None,
):
    with transaction.atomic():
        event = RequestEvent.objects.create(
            patient_request=patient_request, kind=kind, text=text[:600], author=actor
        )
        record(
            action=f"rights.{kind}",
            org=patient_request.org,
            actor=actor,
            obj=patient_request,
            details={
                "étape": event.get_kind_display(),
                "statut": patient_request.get_status_display(),
            },
            request=request,
        )
    return event


def sync_deadlines(patient_request: PatientRequest, *, actor=None, change_reason: str = "") -> None:
    """One échéance per limit to answer by, set to the last working day before
    it; done, on the day it was sent, when the request is answered or refused.

    A request's limits are known when it is logged (its right and the age of
    its record never change; an extension moves "reponse"), so only its own
    keys are followed.
    """
    for clock in answer_limits(patient_request.clocks()):
        deadlines.follow(
            patient_request,
            clock.key,
            org=patient_request.org,
            due_at=clock.send_by() if patient_request.is_open else None,
            done=not patient_request.is_open,
            done_at=patient_request.answered_at,
            change_reason=change_reason,
            title=f"{clock.title} ({patient_request}, {patient_request.right_label()})"[:200],
            permission="rights.view",
            rule=RULES[clock.key],
            url=patient_request.get_absolute_url(),
            reminder_hours=RECORD_REMINDERS if clock.key == "dossier" else (),
            actor=actor,
        )


@transaction.atomic
def follow_time_zone(sender, *, org, old, new, actor=None, request=None, **kw) -> None:
    """The limits end at 23:59 on a working day of the practice's calendar:
    an open request's limits move to its new zone (orgs.signals)."""
    reason = zone_change_reason(old, new)
    for patient_request in PatientRequest.objects.filter(org=org, status__in=OPEN):
        patient_request.org = org
        sync_deadlines(patient_request, actor=actor, change_reason=reason)


@transaction.atomic
def log(org, values: dict, *, actor=None, request: HttpRequest | None = None) -> PatientRequest:
    """Log a request as received; its clocks become échéances at once."""
    patient_request = PatientRequest.objects.create(org=org, logged_by=actor, **values)
    add_event(
        patient_request,
        EventKind.RECEIVED,
        f"{patient_request.right_label()}, {patient_request.get_channel_display().lower()}, "
        f"le {patient_request.local(patient_request.received_at):%d/%m/%Y à %H:%M}.",
        actor=actor,
        request=request,
    )
    sync_deadlines(patient_request, actor=actor)
    return patient_request


def _move(
    patient_request: PatientRequest,
    status: str,
    kind: str,
    text: str,
    *,
    actor,
    request: HttpRequest | None,
) -> None:
    patient_request.status = status
    patient_request.save(update_fields=["status"])
    add_event(patient_request, kind, text, actor=actor, request=request)


@transaction.atomic
def check_identity(
    patient_request: PatientRequest, how: str, *, actor=None, request: HttpRequest | None = None
) -> None:
    """The identity was checked (R1111-1); no copy of an identity document is kept."""
    _move(patient_request, Status.IDENTITY, EventKind.IDENTITY, how, actor=actor, request=request)


@transaction.atomic
def take_on(
    patient_request: PatientRequest, *, actor=None, request: HttpRequest | None = None
) -> None:
    _move(
        patient_request, Status.IN_PROGRESS, EventKind.IN_PROGRESS, "", actor=actor, request=request
    )


class NotAllowed(Exception):
    """A step the law does not allow now; its message is in French."""


@transaction.atomic
def extend(
    patient_request: PatientRequest,
    reason: str,
    *,
    actor=None,
    request: HttpRequest | None = None,
    now=None,
) -> None:
    """Extend by two months (RGPD art. 12(3)): RGPD rights only, announced with
    its reasons within the first month."""
    now = now or timezone.now()
    received = patient_request.local(patient_request.received_at)
    if patient_request.extended_at is not None:
        raise NotAllowed("Cette demande a déjà été prolongée.")
    if not can_extend(received, now, patient_request.right_enum):
        if patient_request.right_enum is Right.RECORD:
            raise NotAllowed(
                "Le délai d'accès au dossier médical ne se prolonge pas (CSP, art. L1111-7)."
            )
        raise NotAllowed(
            "Trop tard pour prolonger : la prolongation s'annonce dans le mois qui suit "
            f"la réception, soit au plus tard le {first_month_end(received):%d/%m/%Y} "
            "(RGPD, art. 12(3))."
        )
    patient_request.extended_at, patient_request.extension_reason = now, reason
    patient_request.status = Status.EXTENDED
    patient_request.save(update_fields=["extended_at", "extension_reason", "status"])
    add_event(patient_request, EventKind.EXTENDED, reason, actor=actor, request=request)
    sync_deadlines(patient_request, actor=actor)


def _close(
    patient_request: PatientRequest,
    status: str,
    kind: str,
    text: str,
    *,
    at: datetime,
    actor,
    request: HttpRequest | None,
) -> None:
    patient_request.status = status
    patient_request.answered_at, patient_request.closed_at = at, timezone.now()
    patient_request.save()
    add_event(patient_request, kind, text, actor=actor, request=request)
    sync_deadlines(patient_request, actor=actor)


def check_answer_time(patient_request: PatientRequest, at: datetime, now=None) -> str | None:
    """Why an answer cannot be dated `at`, in French; None when it can."""
    now = now or timezone.now()
    if at > now + timedelta(minutes=5):
        return "La date d'envoi ne peut pas être dans le futur."
    if at < patient_request.received_at:
        return "La réponse ne peut pas précéder la réception de la demande."
    reflection = next((c for c in patient_request.clocks() if c.key == "reflexion"), None)
    if reflection is not None and at < reflection.at:
        return (
            "Le dossier ne peut être communiqué qu'après le délai de réflexion de 48 heures, "
            f"soit à partir du {patient_request.local(reflection.at):%d/%m/%Y à %H:%M} "
            "(CSP, art. L1111-7)."
        )
    return None


@transaction.atomic
def answer(
    patient_request: PatientRequest,
    *,
    at: datetime,
    means: str,
    content: str,
    actor=None,
    request: HttpRequest | None = None,
) -> None:
    """The proof of the answer: when, how, and what was sent (no medical content)."""
    problem = check_answer_time(patient_request, at)
    if problem:
        raise NotAllowed(problem)
    patient_request.answer_means, patient_request.answer_content = means, content
    _close(
        patient_request,
        Status.ANSWERED,
        EventKind.ANSWERED,
        f"Le {patient_request.local(at):%d/%m/%Y}, {means} : {content}",
        at=at,
        actor=actor,
        request=request,
    )


@transaction.atomic
def refuse(
    patient_request: PatientRequest,
    *,
    ground: str,
    detail: str,
    at: datetime,
    actor=None,
    request: HttpRequest | None = None,
) -> None:
    found = GROUNDS_BY_KEY.get(ground)
    if found is None or found not in grounds_for(patient_request.right_enum):
        raise NotAllowed("Ce motif de refus ne s'applique pas à ce droit.")
    if at > timezone.now() + timedelta(minutes=5) or at < patient_request.received_at:
        raise NotAllowed("La date du refus doit être entre la réception et aujourd'hui.")
    patient_request.refusal_ground, patient_request.refusal_detail = ground, detail
    _close(
        patient_request,
        Status.REFUSED,
        EventKind.REFUSED,
        f"{found.label} ({found.basis}). {detail}".strip(),
        at=at,
        actor=actor,
        request=request,
    )


def set_retention(
    org, values: dict, *, actor=None, request: HttpRequest | None = None
) -> RetentionPolicy:
    return save_org_setting(
        RetentionPolicy,
        org,
        {"months": values["months"], "ground": values["ground"]},
        labels={"months": "durée (mois)", "ground": "justification"},
        action="rights.retention",
        actor=actor,
        request=request,
    )


def purge(now=None) -> int:
    """Delete the closed requests kept longer than their organisation's stated
    period; organisations without one keep theirs. Returns how many went."""
    now = now or timezone.now()
    removed = 0
    for policy in RetentionPolicy.objects.select_related("org"):
        local = timezone.localtime(now, policy.org.tzinfo())
        back = add_months(local.date(), -policy.months)
        cutoff = local.replace(year=back.year, month=back.month, day=back.day)
        numbers = list(
            PatientRequest.objects.filter(org=policy.org, closed_at__lt=cutoff).values_list(
                "pk", flat=True
            )
        )
        if not numbers:
            continue
        with transaction.atomic():
            PatientRequest.objects.filter(pk__in=numbers).delete()
            record(
                action="rights.purged",
                org=policy.org,
                details={"demandes": len(numbers), "durée (mois)": policy.months},
            )
        removed += len(numbers)
    return removed
