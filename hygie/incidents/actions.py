"""Declaring an incident and writing its timeline; every entry also goes to
the audit journal, in the same transaction."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from hygie.content import library
from hygie.deadlines import actions as deadlines
from hygie.incidents.models import EntryKind, Incident, Status, TimelineEntry
from hygie.incidents.obligations import obligations
from hygie.journal.actions import changes, record, save_org_setting

TYPES = "incident-types"
QUALIFICATION_FIELDS = (
    "personal_data",
    "risk",
    "unintelligible",
    "risk_removed",
    "disproportionate",
    "malicious",
    "data_categories",
    "persons",
    "records",
    "insurer_days",
)


def incident_type(kind: str) -> dict | None:
    return library.get(TYPES, kind)


def incident_title(incident: Incident) -> str:
    return (incident_type(incident.kind) or {"title": incident.kind})["title"]


def types() -> list[dict]:
    return library.items(TYPES)


def add_entry(
    incident: Incident,
    kind: str,
    text: str,
    *,
    actor=None,
    reflex: str = "",
    corrects: TimelineEntry | None = None,
    request: HttpRequest | None = None,
) -> TimelineEntry:
    with transaction.atomic():
        entry = TimelineEntry.objects.create(
            incident=incident, kind=kind, text=text, author=actor, reflex=reflex, corrects=corrects
        )
        record(
            action="incident.entry",
            org=incident.org,
            actor=actor,
            obj=incident,
            details={"entrée": entry.pk, "type": entry.get_kind_display(), "texte": text[:500]},
            request=request,
        )
    return entry


@transaction.atomic
def declare(
    org, *, kind: str, discovered_at: datetime, description: str = "", actor=None, request=None
) -> Incident:
    """Open an incident; its clocks start at `discovered_at`."""
    found = incident_type(kind)
    if found is None:
        raise ValueError(f"Unknown incident type {kind!r}")
    incident = Incident.objects.create(
        org=org,
        kind=kind,
        discovered_at=discovered_at,
        declared_by=actor,
        description=description,
        malicious=found["malicious"],
        personal_data=found["personal_data_likely"],
    )
    record(
        action="incident.declared",
        org=org,
        actor=actor,
        obj=incident,
        details={"type": found["title"], "découvert le": discovered_at.isoformat()},
        request=request,
    )
    add_entry(
        incident,
        EntryKind.DECLARED,
        f"{found['title']}. Découvert le {timezone.localtime(discovered_at, org.tzinfo()):%d/%m/%Y à %H:%M}."
        + (f"\n{description}" if description else ""),
        actor=actor,
        request=request,
    )
    sync_deadlines(incident, actor=actor)
    return incident


def tick_reflex(incident: Incident, reflex_id: str, *, actor=None, request=None) -> TimelineEntry:
    """Record that a reflex of the incident's type was done, now."""
    found = incident_type(incident.kind) or {}
    reflex = next((r for r in found.get("reflexes", []) if r["id"] == reflex_id), None)
    if reflex is None:
        raise ValueError(f"Unknown reflex {reflex_id!r}")
    return add_entry(
        incident, EntryKind.REFLEX, reflex["text"], actor=actor, reflex=reflex_id, request=request
    )


@transaction.atomic
def qualify(incident: Incident, values: dict, *, actor=None, request=None) -> None:
    """Change the qualification; the obligations and their échéances follow."""
    before = {f: getattr(incident, f) for f in QUALIFICATION_FIELDS}
    for f in QUALIFICATION_FIELDS:
        if f in values:
            setattr(incident, f, values[f])
    after = {f: getattr(incident, f) for f in QUALIFICATION_FIELDS}
    if before == after:
        return
    incident.save()
    diff = changes(before, after)
    add_entry(
        incident,
        EntryKind.QUALIFIED,
        "Qualification modifiée : "
        + " ; ".join(
            f"{Incident._meta.get_field(k).verbose_name} : {v[1]}" for k, v in diff.items()
        ),
        actor=actor,
        request=request,
    )
    sync_deadlines(incident, actor=actor)


# The 72-hour clocks are recalled 24, 48 and 60 hours after the practice
# became aware of the incident: 48, 24 and 12 hours before they end.
CLOCK_REMINDERS = {"cnil": (48, 24, 12), "plainte": (48, 24, 12)}


def sync_deadlines(incident: Incident, *, actor=None) -> None:
    """One échéance per required obligation with a clock; the others are cancelled."""
    for o in obligations(incident.qualification()):
        keep = o.required and o.due_at is not None and incident.status == Status.OPEN
        deadlines.follow(
            incident,
            o.key,
            org=incident.org,
            due_at=o.due_at if keep else None,
            reason=o.reason[:200] if incident.status == Status.OPEN else "Incident clos",
            title=f"{o.title} ({incident})",
            permission="incidents.view",
            rule=o.rule,
            reminder_hours=CLOCK_REMINDERS.get(o.key, ()),
            actor=actor,
        )


def set_register_policy(org, values: dict, *, actor=None, request=None):
    from hygie.incidents.models import RegisterPolicy

    return save_org_setting(
        RegisterPolicy,
        org,
        {"retention": values["retention"], "ground": values["ground"]},
        labels={"retention": "durée", "ground": "justification"},
        action="incident.register_policy",
        actor=actor,
        request=request,
    )


@transaction.atomic
def close(incident: Incident, lessons: str, *, measures=(), actor=None, request=None) -> None:
    """Close the incident: its remaining clocks are cancelled, its lessons kept,
    and `measures` (diagnostic measure ids) put in the diagnostic's plan."""
    incident.status = Status.CLOSED
    incident.closed_at = timezone.now()
    incident.lessons = lessons
    incident.save(update_fields=["status", "closed_at", "lessons"])
    add_entry(
        incident,
        EntryKind.CLOSED,
        f"Incident clos. Enseignements : {lessons}",
        actor=actor,
        request=request,
    )
    sync_deadlines(incident, actor=actor)
    if measures:
        from hygie.diagnostic.actions import raise_actions

        raised = raise_actions(
            incident.org,
            list(measures),
            reason=f"Ajoutée après l'{str(incident).lower()} ({incident_title(incident)}).",
            actor=actor,
            request=request,
        )
        if raised:
            add_entry(
                incident,
                EntryKind.NOTE,
                "Ajouté au plan d'action du diagnostic : "
                + " ; ".join(a.title for a in raised)
                + ".",
                actor=actor,
                request=request,
            )
