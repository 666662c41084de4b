"""Everything that changes a diagnostic and its plan.

Each change is written with its journal entry in one transaction.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, tzinfo

from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from hygie.deadlines import actions as deadlines
from hygie.diagnostic import measures
from hygie.diagnostic.models import Answer, Assessment, PlanItem, PlanItemStatus
from hygie.diagnostic.profile import KEYS, QUESTIONS
from hygie.diagnostic.scoring import Result, evaluate
from hygie.journal.actions import changes, record
from hygie.lib import documents, plugins
from hygie.orgs.models import Membership
from hygie.orgs.roles import allows
from hygie.orgs.signals import zone_change_reason

REASSESS_AFTER = timedelta(days=365)
ANNUAL_KEY = "diagnostic-annuel"
DUE_TIME = time(18, 0)


def draft_of(org) -> Assessment | None:
    return org.assessments.filter(completed_at=None).order_by("-started_at").first()


def latest_completed(org) -> Assessment | None:
    return org.assessments.exclude(completed_at=None).order_by("-completed_at").first()


@transaction.atomic
def start(org, *, actor=None, request: HttpRequest | None = None) -> Assessment:
    """The diagnostic in progress, or a new one that starts from the last.

    A new diagnostic takes over the last completed one's profile and answers.
    The answers are carried, not given: each is shown for the user to confirm
    or change, and counts only once confirmed (save_answer); those left
    unconfirmed are dropped at completion. An answer to a measure whose
    wording has changed since (a new version) is not carried.
    """
    draft = draft_of(org)
    if draft is not None:
        return draft
    previous = latest_completed(org)
    profile = dict(previous.profile) if previous else {}
    profile["structure"] = org.kind
    if org.profession and not profile.get("profession"):
        profile["profession"] = org.profession
    assessment = Assessment.objects.create(org=org, started_by=actor, profile=profile)
    carried = _carry_answers(previous, assessment) if previous else 0
    apply_evidence(assessment)
    record(
        action="diagnostic.started",
        org=org,
        actor=actor,
        obj=assessment,
        details={"réponses reprises à confirmer": carried, "de": str(previous)} if carried else {},
        request=request,
    )
    return assessment


def _carry_answers(previous: Assessment, assessment: Assessment) -> int:
    versions = {m.key: m.data["version"] for m in measures.catalogue().measures}
    carried = [
        Answer(
            assessment=assessment,
            measure=a.measure,
            measure_version=a.measure_version,
            choice=a.choice,
            answered_by=a.answered_by,
            answered_at=a.answered_at,
            carried_from=previous.completed_at,
        )
        for a in previous.answers.all()
        if versions.get(a.measure) == a.measure_version
    ]
    Answer.objects.bulk_create(carried)
    return len(carried)


@transaction.atomic
def save_profile(assessment: Assessment, values: dict, *, actor=None, request=None) -> None:
    before = {k: assessment.profile.get(k, "") for k in KEYS}
    assessment.profile = {**assessment.profile, **{k: values[k] for k in KEYS}}
    assessment.profile["structure"] = assessment.org.kind
    assessment.save(update_fields=["profile"])
    after = {k: assessment.profile.get(k, "") for k in KEYS}
    if before != after:
        record(
            action="diagnostic.profile_saved",
            org=assessment.org,
            actor=actor,
            obj=assessment,
            details=changes(_answered(before), _answered(after)),
            request=request,
        )


def _answered(profile: dict) -> dict:
    """The profile as its questions and answers read: « Le cabinet a-t-il un
    réseau Wi-Fi ? : Oui »."""
    return {q.label: dict(q.choices).get(profile.get(q.key, ""), "—") for q in QUESTIONS}


def save_answer(assessment: Assessment, measure: measures.Measure, choice: str, *, actor=None):
    """Keep one answer of a diagnostic in progress (the journal records the completion).

    Saving an answer carried from the last diagnostic, changed or not, confirms it.
    """
    if assessment.is_completed:
        raise ValueError("A completed diagnostic cannot change.")
    if measure.option(choice) is None:
        raise ValueError(f"Unknown option {choice!r} for {measure.key}")
    Answer.objects.update_or_create(
        assessment=assessment,
        measure=measure.key,
        defaults={
            "choice": choice,
            "measure_version": measure.data["version"],
            "answered_by": actor,
            "answered_at": timezone.now(),
            "carried_from": None,
        },
    )


@transaction.atomic
def save_answers(
    assessment: Assessment, chosen: list[tuple[measures.Measure, str]], *, actor=None
) -> None:
    """Save a page of answers, all or none."""
    for measure, choice in chosen:
        save_answer(assessment, measure, choice, actor=actor)


def evidence_of(org, now: datetime | None = None) -> dict[str, plugins.Evidence]:
    """What the capabilities' records prove of the measures (lib/plugins.py),
    one per measure: the first capability to register says."""
    found: dict[str, plugins.Evidence] = {}
    for evidence in plugins.evidence(org, now or timezone.now()):
        found.setdefault(evidence.measure, evidence)
    return found


def apply_evidence(assessment: Assessment, *, now: datetime | None = None) -> list[str]:
    """Answer a diagnostic in progress from what the records prove.

    1. Each measure a capability's records answer (a restore test logged in
       the backups' journal answers restauration-testee) gets that answer, as
       given: it counts, and the page says where it comes from.
    2. An answer chosen in this diagnostic after the record was made stands:
       the person may know what changed since.

    Returns the measures answered.
    """
    if assessment.is_completed:
        return []
    by_key = measures.catalogue().by_key
    given = {a.measure: a for a in assessment.answers.all()}
    answered = []
    for key, evidence in evidence_of(assessment.org, now).items():
        measure = by_key.get(key)
        if measure is None or measure.option(evidence.choice) is None:
            continue
        answer = given.get(key)
        chosen = answer is not None and answer.carried_from is None
        if chosen and (answer.choice == evidence.choice or answer.answered_at > evidence.at):
            continue
        save_answer(assessment, measure, evidence.choice)
        answered.append(key)
    return answered


def follow_evidence(org) -> list[str]:
    """The diagnostic in progress, if any, hears what the records now prove."""
    draft = draft_of(org)
    return apply_evidence(draft) if draft is not None else []


def answers_of(assessment: Assessment) -> dict[str, str]:
    """The answers that count: given or confirmed in this diagnostic."""
    return dict(assessment.answers.filter(carried_from=None).values_list("measure", "choice"))


def carried_of(assessment: Assessment) -> dict[str, str]:
    """The answers carried from the last diagnostic and not yet confirmed."""
    return dict(assessment.answers.exclude(carried_from=None).values_list("measure", "choice"))


def result_of(
    assessment: Assessment, *, with_plan: bool = False, answers: dict[str, str] | None = None
) -> Result:
    """The assessment's result; with the plan, the items done count as done.

    `answers`, when the caller has already read them, spares reading them again.
    """
    done: set[str] = set()
    if with_plan:
        done = set(
            PlanItem.objects.filter(
                org_id=assessment.org_id, status=PlanItemStatus.DONE
            ).values_list("measure", flat=True)
        )
    if answers is None:
        answers = answers_of(assessment)
    return evaluate(measures.catalogue(), assessment.profile, answers, done)


@transaction.atomic
def complete(assessment: Assessment, *, actor=None, request: HttpRequest | None = None) -> Result:
    """Close the diagnostic: keep its indices, bring the plan in line with it,
    and set the yearly reassessment."""
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.is_completed:
        raise ValueError("Already completed.")
    # What was carried and never confirmed does not count, and is not kept.
    unconfirmed, _ = assessment.answers.exclude(carried_from=None).delete()
    catalogue = measures.catalogue()
    result = evaluate(catalogue, assessment.profile, answers_of(assessment))
    now = timezone.now()
    assessment.completed_at = now
    assessment.completed_by = actor
    assessment.indice = result.indice
    assessment.theme_indices = result.theme_indices()
    assessment.unknown = result.unknown
    assessment.library_version = measures.version()
    assessment.save()
    _sync_plan(assessment, result, actor=actor, now=now)
    org = assessment.org
    deadlines.set_deadline(
        org=org,
        title="Refaire le diagnostic d'hygiène numérique",
        due_at=now + REASSESS_AFTER,
        subject=org,
        key=ANNUAL_KEY,
        permission="diagnostic.answer",
        url=reverse("diagnostic:home", args=[org.code]),
        notes="Un diagnostic par an montre les progrès et les nouveaux points à traiter.",
        actor=actor,
    )
    record(
        action="diagnostic.completed",
        org=org,
        actor=actor,
        obj=assessment,
        details={
            "indice": result.indice,
            "mesures": result.applicable,
            "je ne sais pas ou sans réponse": result.unknown,
            "actions à mener": len(result.gaps),
            **({"réponses reprises non confirmées, retirées": unconfirmed} if unconfirmed else {}),
        },
        request=request,
    )
    return result


def finish(assessment: Assessment, *, actor=None, request: HttpRequest | None = None) -> Result:
    """Complete the diagnostic, then lay out its report in the background.

    The report is often the next thing asked for: it is laid out from the
    completed row, as the report's page will read it, so that the page finds
    it in the cache.
    """
    from hygie.diagnostic import results  # it reads this module's results

    result = complete(assessment, actor=actor, request=request)
    completed = Assessment.objects.select_related("org").get(pk=assessment.pk)
    documents.prepare_later(lambda: results.report_pdf(completed.org, completed))
    return result


@transaction.atomic
def discard(assessment: Assessment, *, actor=None, request: HttpRequest | None = None) -> None:
    """Delete a diagnostic in progress; the journal keeps that it existed."""
    record(
        action="diagnostic.deleted",
        org=assessment.org,
        actor=actor,
        obj=assessment,
        request=request,
    )
    assessment.delete()


def _sync_plan(assessment: Assessment, result: Result, *, actor, now) -> None:
    """One plan item per gap, ranked; the items of measures now in place are closed."""
    org = assessment.org
    existing = {
        plan_item.measure: plan_item
        for plan_item in PlanItem.objects.select_for_update().filter(org=org)
    }
    gaps = {g.measure.key for g in result.gaps}
    for rank, gap in enumerate(result.gaps, start=1):
        plan_item = existing.get(gap.measure.key)
        if plan_item is None:
            plan_item = PlanItem.objects.create(
                org=org,
                measure=gap.measure.key,
                title=gap.measure.action,
                theme=gap.measure.theme,
                rank=rank,
                priority=gap.priority,
                assessment=assessment,
            )
            continue
        reopened = not plan_item.is_open
        plan_item.title, plan_item.theme = gap.measure.action, gap.measure.theme
        plan_item.rank, plan_item.priority, plan_item.assessment = rank, gap.priority, assessment
        if reopened:
            plan_item.status, plan_item.closed_at = PlanItemStatus.TODO, None
        plan_item.save()
        if reopened:
            record(
                action="action.reopened",
                org=org,
                actor=actor,
                obj=plan_item,
                details={"motif": f"{assessment} : mesure pas encore en place"},
            )
            _sync_deadline(plan_item, actor=actor)
    for measure, plan_item in existing.items():
        if measure in gaps or not plan_item.is_open:
            continue
        plan_item.status, plan_item.closed_at, plan_item.rank = PlanItemStatus.DONE, now, 0
        plan_item.note = (
            plan_item.note + "\n" if plan_item.note else ""
        ) + f"En place selon le {assessment}."
        plan_item.save()
        record(
            action="action.closed",
            org=org,
            actor=actor,
            obj=plan_item,
            details={"motif": str(assessment)},
        )
        _sync_deadline(plan_item, actor=actor)


@transaction.atomic
def raise_plan_items(
    org, keys: list[str], *, reason: str, actor=None, request=None
) -> list[PlanItem]:
    """Put measures (back) in the plan, for example after an incident.

    A measure without a plan item gets one, ranked after the open ones; a
    closed one is reopened; an open one keeps its place. Each notes `reason`.
    """
    by_key = measures.catalogue().by_key
    existing = {
        plan_item.measure: plan_item
        for plan_item in PlanItem.objects.select_for_update().filter(org=org, measure__in=keys)
    }
    last = PlanItem.objects.filter(org=org).order_by("-rank").values_list("rank", flat=True).first()
    rank = last or 0
    raised = []
    for key in dict.fromkeys(keys):
        measure = by_key.get(key)
        if measure is None:
            continue
        plan_item = existing.get(key)
        if plan_item is None:
            rank += 1
            plan_item = PlanItem.objects.create(
                org=org,
                measure=key,
                title=measure.action,
                theme=measure.theme,
                rank=rank,
                priority=measure.weight * 3,
                assessment=latest_completed(org),
                note=reason,
            )
            name = "action.created"
        else:
            name = "action.changed" if plan_item.is_open else "action.reopened"
            if not plan_item.is_open:
                rank += 1
                plan_item.status, plan_item.closed_at, plan_item.rank = (
                    PlanItemStatus.TODO,
                    None,
                    rank,
                )
            plan_item.note = ((plan_item.note + "\n" if plan_item.note else "") + reason)[:2000]
            plan_item.save()
        record(
            action=name,
            org=org,
            actor=actor,
            obj=plan_item,
            details={"action": plan_item.title, "motif": reason},
            request=request,
        )
        _sync_deadline(plan_item, actor=actor, request=request)
        raised.append(plan_item)
    return raised


def due_at(day: date, tz: tzinfo) -> datetime:
    """The end of the working day `day`, in the practice's time zone."""
    return datetime.combine(day, DUE_TIME, tzinfo=tz)


def _deadline_permission(plan_item: PlanItem) -> str:
    """A plan item assigned to the secretary is visible to her; others are not."""
    if plan_item.owner_id is None:
        return "diagnostic.answer"
    role = (
        Membership.objects.filter(org_id=plan_item.org_id, user_id=plan_item.owner_id)
        .values_list("role", flat=True)
        .first()
    )
    return "diagnostic.answer" if role and allows(role, "diagnostic.answer") else "diagnostic.plan"


def _sync_deadline(plan_item: PlanItem, *, actor=None, request=None, change_reason="") -> None:
    """The plan item's échéance follows its due date and its state."""
    deadlines.follow(
        plan_item,
        "plan",
        org=plan_item.org,
        due_at=(
            due_at(plan_item.due_on, plan_item.org.tzinfo())
            if plan_item.is_open and plan_item.due_on
            else None
        ),
        done=plan_item.status == PlanItemStatus.DONE,
        reason="Action sans date ou abandonnée",
        title=f"Plan d'action : {plan_item.title}"[:200],
        permission=_deadline_permission(plan_item),
        url=plan_item.get_absolute_url(),
        change_reason=change_reason,
        actor=actor,
        request=request,
    )


@transaction.atomic
def follow_time_zone(sender, *, org, old, new, actor=None, request=None, **kw) -> None:
    """A plan item is due at 18:00 on its day in the practice's calendar: the
    open ones move to its new zone (orgs.signals)."""
    reason = zone_change_reason(old, new)
    for plan_item in PlanItem.objects.filter(
        org=org, status__in=(PlanItemStatus.TODO, PlanItemStatus.DOING)
    ).exclude(due_on=None):
        plan_item.org = org
        _sync_deadline(plan_item, actor=actor, request=request, change_reason=reason)


TRACKED = ("owner", "due_on", "status", "note", "evidence")


def _describe(plan_item: PlanItem) -> dict:
    return {
        "responsable": plan_item.owner.email if plan_item.owner else "",
        "à faire avant le": plan_item.due_on or "",
        "état": plan_item.get_status_display(),
        "note": plan_item.note,
        "preuve": plan_item.evidence,
    }


@transaction.atomic
def update_plan_item(plan_item: PlanItem, values: dict, *, actor=None, request=None) -> bool:
    """Change an item of the plan; False when nothing changed."""
    before = _describe(plan_item)
    was_open = plan_item.is_open
    for name in TRACKED:
        if name in values:
            setattr(plan_item, name, values[name])
    after = _describe(plan_item)
    if before == after:
        return False
    if was_open and not plan_item.is_open:
        plan_item.closed_at, plan_item.rank = timezone.now(), 0
    elif not was_open and plan_item.is_open:
        plan_item.closed_at = None
    plan_item.save()
    if was_open != plan_item.is_open:
        name = "action.closed" if not plan_item.is_open else "action.reopened"
    else:
        name = "action.changed"
    record(
        action=name,
        org=plan_item.org,
        actor=actor,
        obj=plan_item,
        details=changes(before, after),
        request=request,
    )
    _sync_deadline(plan_item, actor=actor, request=request)
    return True
