"""Declaring an incident and writing its timeline; every entry also goes to
the audit journal, in the same transaction."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from hygie.content import library
from hygie.deadlines import actions as deadlines
from hygie.incidents.models import (
    PROOFS,
    CnilDraft,
    CnilNotice,
    Duty,
    EntryKind,
    Fulfilment,
    Incident,
    Status,
    TimelineEntry,
)
from hygie.journal.actions import changes, record, save_org_setting
from hygie.law.incident import ObligationKey, Risk, State

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
    """How pages and documents name the incident's kind: its neutral label
    (« Rançongiciel : fichiers chiffrés et demande de rançon »); the words of
    the person who declares it (« J'ai cliqué… ») stay on the declaration screen."""
    return (incident_type(incident.kind) or {"label": incident.kind})["label"]


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
        # Hygie's breach register lists it at once (RGPD art. 33(5)).
        listed_at=timezone.now() if found["personal_data_likely"] else None,
    )
    record(
        action="incident.declared",
        org=org,
        actor=actor,
        obj=incident,
        details={"type": found["label"], "découvert le": discovered_at},
        request=request,
    )
    add_entry(
        incident,
        EntryKind.DECLARED,
        f"{found['label']}. Découvert le {timezone.localtime(discovered_at, org.tzinfo()):%d/%m/%Y à %H:%M}."
        + (f"\n{description}" if description else ""),
        actor=actor,
        request=request,
    )
    sync_deadlines(incident, actor=actor)
    return incident


def tick_reflex(incident: Incident, reflex_id: str, *, actor=None, request=None) -> TimelineEntry:
    """Record that a reflex of the incident's type was done, now: the timeline
    says what was done (« L'ordinateur a été déconnecté du réseau. »)."""
    found = incident_type(incident.kind) or {}
    reflex = next((r for r in found.get("reflexes", []) if r["id"] == reflex_id), None)
    if reflex is None:
        raise ValueError(f"Unknown reflex {reflex_id!r}")
    # Ticked twice (a double click, two people at once): recorded once.
    done = incident.timeline.filter(kind=EntryKind.REFLEX, reflex=reflex_id).first()
    if done is not None:
        return done
    return add_entry(
        incident,
        EntryKind.REFLEX,
        f"{reflex['done']}.",
        actor=actor,
        reflex=reflex_id,
        request=request,
    )


def said_at(moment: datetime, since: datetime) -> str:
    """« à 10 h 12 » on the day of `since` (the discovery), else « le 13/03/2026 à 9 h 05 »."""
    local, first = timezone.localtime(moment), timezone.localtime(since)
    day = "" if local.date() == first.date() else f"le {local:%d/%m/%Y} "
    return f"{day}à {local.hour} h {local:%M}"


def measures_taken(incident: Incident, timeline=None) -> list[str]:
    """The reflexes ticked, as statements of what was done and when:
    « L'ordinateur a été déconnecté du réseau à 10 h 12. » (in the order they
    were done; `timeline`: the incident's entries, when already read)."""
    reflexes = {r["id"]: r for r in (incident_type(incident.kind) or {}).get("reflexes", [])}
    entries = timeline if timeline is not None else incident.timeline.all()
    said = []
    for e in entries:
        if e.kind != EntryKind.REFLEX:
            continue
        reflex = reflexes.get(e.reflex)
        # A reflex gone from the library keeps the text it was recorded with.
        done = reflex["done"] if reflex else e.text.rstrip(".")
        said.append(f"{done} {said_at(e.at, incident.discovered_at)}.")
    return said


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
    # Hygie's breach register lists the incidents with personal data: from now
    # on, or no longer.
    if not incident.personal_data:
        incident.listed_at = None
    elif incident.listed_at is None:
        incident.listed_at = timezone.now()
    incident.save()
    diff = changes(before, after)
    add_entry(
        incident,
        EntryKind.QUALIFIED,
        "Qualification modifiée : "
        + " ; ".join(
            f"{Incident._meta.get_field(k).verbose_name} : {_said(k, v[1])}"
            for k, v in diff.items()
        ),
        actor=actor,
        request=request,
    )
    sync_deadlines(incident, actor=actor)


def _said(field: str, value) -> str:
    """A qualification's value as the timeline tells it: « oui », not « True »."""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if value is None or value == "":
        return "non renseigné"
    if field == "risk":
        from hygie.incidents.forms import RISK_LABELS

        return RISK_LABELS[Risk(value)].lower()
    return str(value)


# The 72-hour clocks are recalled 24, 48 and 60 hours after the practice
# became aware of the incident: 48, 24 and 12 hours before they end.
CLOCK_REMINDERS = {ObligationKey.CNIL: (48, 24, 12), ObligationKey.PLAINTE: (48, 24, 12)}


def sync_deadlines(incident: Incident, *, actor=None, request=None, change_reason="") -> None:
    """One échéance per required obligation with a clock, until it is met:
    then it is done, when it was met. The others are cancelled."""
    for duty in incident.duties():
        o, met = duty.obligation, duty.current is not None
        keep = o.required and o.due_at is not None and incident.status == Status.OPEN and not met
        deadlines.follow(
            incident,
            o.key,
            org=incident.org,
            due_at=o.due_at if keep else None,
            done=met,
            done_at=duty.current.done_at if met else None,
            change_reason=change_reason,
            request=request,
            reason=o.reason[:200] if incident.status == Status.OPEN else "Incident clos",
            title=f"{o.title} ({incident})",
            permission="incidents.view",
            rule=o.rule,
            reminder_hours=CLOCK_REMINDERS.get(o.key, ()),
            actor=actor,
        )


# A time typed a few minutes ahead of the server's clock is not « in the future ».
CLOCK_SKEW = timedelta(minutes=5)


class FulfilmentError(ValueError):
    """A fulfilment refused, with a French message for each field at fault."""

    def __init__(self, errors: dict[str, str]):
        super().__init__(" ".join(errors.values()))
        self.errors = errors


def fulfilment_errors(
    incident: Incident,
    key: str,
    *,
    done_at: datetime,
    reference: str = "",
    channel: str = "",
    evidence: str = "",
    delay_reasons: str = "",
    now: datetime | None = None,
) -> dict[str, str]:
    """What is wrong with a fulfilment, by field (empty when it can be recorded).

    What must be filled in is `Proof.required()`: the form's labels say the same.
    """
    proof = PROOFS[key]
    now = now or timezone.now()
    errors = {}
    if done_at < incident.discovered_at:
        errors["done_date"] = "Cette date précède la découverte de l'incident."
    elif done_at > now + CLOCK_SKEW:
        errors["done_date"] = "Cette date est dans le futur : indiquez quand cela a été fait."

    def missing(field: str, value: str) -> bool:
        needed = proof.required(field, aware_at=incident.discovered_at, done_at=done_at)
        return needed and not value.strip()

    if missing("reference", reference):
        errors["reference"] = f"Indiquez le {proof.reference[:1].lower()}{proof.reference[1:]}."
    if proof.channels and channel not in proof.channels:
        errors["channel"] = f"Choisissez : {proof.channel_label.lower()} ?"
    if missing("evidence", evidence):
        errors["evidence"] = "Dites où la preuve est conservée."
    if "done_date" not in errors and missing("delay_reasons", delay_reasons):
        errors["delay_reasons"] = (
            "Notifiée plus de 72 heures après la découverte : la notification doit donner les "
            "motifs du retard (RGPD art. 33(1))."
        )
    return errors


@transaction.atomic
def fulfil(
    incident: Incident,
    key: str,
    *,
    done_at: datetime,
    reference: str = "",
    channel: str = "",
    evidence: str = "",
    delay_reasons: str = "",
    actor=None,
    request: HttpRequest | None = None,
) -> Fulfilment:
    """Record that an obligation of the incident was met.

    1. The values are checked (not before the discovery, not in the future,
       the reasons for a late CNIL notification); a refusal writes nothing.
    2. A previous record of the obligation is superseded by this one, never
       changed: both stay in its history.
    3. The timeline (and through it the audit journal) says what was done.
    4. The obligation's échéance is closed as done.
    """
    if key not in PROOFS:
        raise KeyError(f"Unknown obligation {key!r}")
    # One correction at a time: the second waits, then supersedes the first.
    incident = Incident.objects.select_for_update().select_related("org").get(pk=incident.pk)
    errors = fulfilment_errors(
        incident,
        key,
        done_at=done_at,
        reference=reference,
        channel=channel,
        evidence=evidence,
        delay_reasons=delay_reasons if PROOFS[key].delay_reasons else "",
    )
    if errors:
        raise FulfilmentError(errors)
    previous = incident.duty(key).current
    fulfilment = Fulfilment.objects.create(
        incident=incident,
        obligation=key,
        done_at=done_at,
        reference=reference.strip(),
        channel=channel,
        evidence=evidence.strip(),
        delay_reasons=delay_reasons.strip() if PROOFS[key].delay_reasons else "",
        recorded_by=actor,
        supersedes=previous,
    )
    text = fulfilment.sentence() + "."
    if previous is not None:
        text = f"Correction : {text} Remplace « {previous.sentence()} »."
    if fulfilment.delay_reasons:
        text += f"\nMotifs du retard : {fulfilment.delay_reasons}"
    if fulfilment.evidence:
        text += f"\nPreuve : {fulfilment.evidence}"
    add_entry(incident, EntryKind.FULFILLED, text, actor=actor, request=request)
    sync_deadlines(incident, actor=actor, request=request)
    return fulfilment


def save_cnil_draft(incident: Incident, values: dict, *, actor=None) -> CnilDraft:
    """Keep the CNIL notification's draft as it is typed (it survives a
    reload). A working text, not journaled: the versions sent are."""
    text = {f: values.get(f, "") for f in CnilDraft.FIELDS}
    draft, _ = CnilDraft.objects.update_or_create(
        incident=incident, defaults={**text, "updated": timezone.now(), "updated_by": actor}
    )
    return draft


@transaction.atomic
def finalise_cnil_notice(
    incident: Incident, values: dict, *, actor=None, request: HttpRequest | None = None
) -> CnilNotice:
    """Keep this version of the CNIL notification, numbered, as it is sent.

    The draft keeps the same text. Finalising the last version again, unchanged,
    gives it back; a new version is told in the timeline (« version 2,
    notification complémentaire »).
    """
    save_cnil_draft(incident, values, actor=actor)
    text = {f: values.get(f, "") for f in CnilNotice.FIELDS}
    # One version at a time per incident: the numbering stays a line (and a
    # unique constraint refuses a number given twice).
    Incident.objects.select_for_update().get(pk=incident.pk)
    last = incident.cnil_notices.order_by("number").last()
    if last is not None and last.text() == text:
        return last
    cnil_notice = CnilNotice.objects.create(
        incident=incident, number=(last.number + 1) if last else 1, created_by=actor, **text
    )
    add_entry(
        incident,
        EntryKind.DOCUMENT,
        f"Notification à la CNIL, version {cnil_notice.number} "
        f"({cnil_notice.get_kind_display().lower()}) : enregistrée et téléchargée.",
        actor=actor,
        request=request,
    )
    return cnil_notice


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


class CloseRefused(ValueError):
    """A close refused, in French: required obligations are not met, and no
    reason was given for closing all the same."""


def unmet(incident: Incident, now: datetime | None = None) -> list[Duty]:
    """The required obligations not met (to do or late): closing with them
    needs a reason."""
    return [d for d in incident.duties(now) if d.state in (State.TO_DO, State.LATE)]


def _unmet_line(duty: Duty) -> str:
    o = duty.obligation
    if o.due_at is None:
        return o.title
    late = ", délai dépassé" if duty.state is State.LATE else ""
    return f"{o.title} (avant le {timezone.localtime(o.due_at):%d/%m/%Y à %H:%M}{late})"


@transaction.atomic
def close(
    incident: Incident,
    lessons: str,
    *,
    measures=(),
    unmet_reason: str = "",
    actor=None,
    request=None,
) -> None:
    """Close the incident: its remaining clocks are cancelled, its lessons kept,
    and `measures` (diagnostic measure ids) put in the diagnostic's plan.

    1. A required obligation not met (the CNIL, the persons, the complaint,
       the insurer…) is closed over only with `unmet_reason`: without one the
       close is refused, and nothing is written.
    2. The timeline says it is closed, with its lessons and, if so, the
       obligations left and the reason; the closing report says the same.
    """
    # One close at a time, on the incident as it is now.
    Incident.objects.select_for_update().filter(pk=incident.pk).values_list("pk").get()
    incident.refresh_from_db()
    if incident.status != Status.OPEN:
        return
    left = [_unmet_line(d) for d in unmet(incident)]
    unmet_reason = unmet_reason.strip()
    if left and not unmet_reason:
        raise CloseRefused(
            "Ces obligations ne sont pas remplies : "
            + " ; ".join(left)
            + ". Enregistrez-les comme faites, ou confirmez la clôture en donnant son motif."
        )
    incident.status = Status.CLOSED
    incident.closed_at = timezone.now()
    incident.lessons = lessons
    incident.unmet_at_closing = "\n".join(left)
    incident.unmet_reason = unmet_reason if left else ""
    incident.save(
        update_fields=["status", "closed_at", "lessons", "unmet_at_closing", "unmet_reason"]
    )
    text = f"Incident clos. Enseignements : {lessons}"
    if left:
        text += (
            "\nClos sans que ces obligations soient remplies : "
            + " ; ".join(left)
            + f".\nMotif : {unmet_reason}"
        )
    add_entry(incident, EntryKind.CLOSED, text, actor=actor, request=request)
    sync_deadlines(incident, actor=actor)
    if measures:
        from hygie.diagnostic.actions import raise_plan_items

        raised = raise_plan_items(
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
                + " ; ".join(plan_item.title for plan_item in raised)
                + ".",
                actor=actor,
                request=request,
            )
