"""Everything that changes a register. Each change is written with its journal
entry and a new version of the whole register (who, when, what) in one
transaction, so the register can be shown as it stood on any past date."""

from __future__ import annotations

import re
from dataclasses import asdict
from datetime import date, datetime, time

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from hygie.content import library
from hygie.deadlines import actions as deadlines
from hygie.diagnostic import measures
from hygie.journal.actions import record
from hygie.lib.french import de
from hygie.orgs.signals import zone_change_reason
from hygie.register import dpo
from hygie.register.models import (
    CLAUSES,
    CONTROLLER_FIELDS,
    Controller,
    DpoDecision,
    Hds,
    Processing,
    Processor,
    QuestionnaireRecord,
    Version,
)

TEMPLATES = "processing-templates"
NEEDS = {
    "secretariat": "Un ou une secrétaire, ou un accueil, travaille au cabinet",
    "online_booking": "Les rendez-vous se prennent aussi sur une plateforme en ligne",
    "teleconsultation": "Vous pratiquez la télémédecine ou le télésoin",
    "website": "Le cabinet a un site internet",
    "employees": "Le cabinet emploie du personnel (salariés)",
}
# The HDS certificate's end is recalled like any échéance, and a week is too
# short to renew a contract: a month and a week before.
HDS_REMINDER_HOURS = (24 * 30, 24 * 7)


def lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def templates() -> list[dict]:
    return library.items(TEMPLATES)


def template(key: str) -> dict | None:
    """The template a processing was made from, if it still exists."""
    return library.get(TEMPLATES, key) if key else None


def applies(template: dict, org, needs: set[str]) -> bool:
    """Whether a template fits the organisation and what it said of itself."""
    cond = template.get("applies") or {}
    if cond.get("kinds") and org.kind not in cond["kinds"]:
        return False
    if cond.get("professions") and org.profession not in cond["professions"]:
        return False
    return set(cond.get("needs", [])) <= needs


def _measure_titles(ids: list[str]) -> list[str]:
    by_key = measures.catalogue().by_key
    return [by_key[i].action for i in ids if i in by_key]


def one_line(address: str) -> str:
    """A postal address on one line, as the register writes it."""
    return ", ".join(lines(address))


def postal_lines(address: str) -> str:
    """A one-line address as a letter prints it: the postcode starts a line."""
    return re.sub(r",\s*(?=\d{5}\b)", "\n", address.strip())


def _controller_defaults(org) -> dict:
    return {"name": org.name, "address": one_line(org.address)}


def controller_of(org) -> Controller:
    """The register's controller; until it is saved, the organisation itself,
    at its postal address."""
    found = Controller.objects.filter(org=org).first()
    if found is None:
        return Controller(org=org, **_controller_defaults(org))
    if not found.address:
        found.address = one_line(org.address)
    return found


def snapshot(org) -> dict:
    """The whole register as plain data: what a version keeps and what the
    pages, documents and exports show."""
    controller = controller_of(org)
    dpo_decision = DpoDecision.objects.filter(org=org).first()
    processings = list(Processing.objects.filter(org=org).prefetch_related("processors"))
    processors = (
        Processor.objects.filter(org=org)
        .select_related("questionnaire")
        .prefetch_related("processings")
    )
    return {
        "controller": {name: getattr(controller, name) for name in CONTROLLER_FIELDS},
        "processings": [
            {
                "id": p.pk,
                "template": p.template,
                "title": p.title,
                "purposes": lines(p.purposes),
                "legal_basis": p.legal_basis,
                "article9": p.article9,
                "data_categories": lines(p.data_categories),
                "persons": lines(p.persons),
                "recipients": lines(p.recipients),
                "processors": [s.name for s in p.processors.all()],
                "transfers": p.transfers,
                "retention": p.retention,
                "security": lines(p.security),
                "measures": p.measures,
                "secretary": p.secretary,
                "updated": p.updated.isoformat(),
            }
            for p in processings
        ],
        "processors": [
            {
                "id": s.pk,
                "name": s.name,
                "service": s.service,
                "hds": s.hds,
                "hds_until": s.hds_until.isoformat() if s.hds_until else None,
                "clauses": {k: bool(s.clauses.get(k)) for k, _ in CLAUSES},
                "location": s.location,
                "country": s.country,
                "questionnaire": str(s.questionnaire) if s.questionnaire_id else "",
                "processings": [p.title for p in s.processings.all()],
            }
            for s in processors
        ],
        "dpo": {
            "answers": dpo_decision.answers,
            "dpo_required": dpo_decision.dpo_required,
            "aipd_required": dpo_decision.aipd_required,
            "reasons": lines(dpo_decision.reasons),
            "decided_at": dpo_decision.decided_at.isoformat(),
        }
        if dpo_decision
        else None,
    }


def save_version(org, summary: str, *, actor=None, request=None) -> Version:
    """Record the register as it now stands; the journal notes the change."""
    number = (Version.objects.filter(org=org).aggregate(n=Max("number"))["n"] or 0) + 1
    version = Version.objects.create(
        org=org, number=number, author=actor, summary=summary[:300], snapshot=snapshot(org)
    )
    record(
        action="register.changed",
        org=org,
        actor=actor,
        obj=version,
        details={"version": number, "modification": summary[:300]},
        request=request,
    )
    return version


def as_of(org, day: date) -> Version | None:
    """The register as it stood at the end of `day`, in the practice's time zone."""
    end = datetime.combine(day, time.max, org.tzinfo())
    return Version.objects.filter(org=org, at__lte=end).order_by("-number").first()


def from_template(org, template: dict) -> Processing:
    return Processing.objects.create(
        org=org,
        template=template["id"],
        title=template["title"],
        purposes="\n".join(template["purposes"]),
        legal_basis=template["legal_basis"],
        article9=template.get("article9", ""),
        data_categories="\n".join(template["data_categories"]),
        persons="\n".join(template["persons"]),
        recipients="\n".join(template["recipients"]),
        transfers=template["transfers"],
        retention=template["retention"],
        security="\n".join(_measure_titles(template.get("measures", []))),
        measures=template.get("measures", []),
        secretary=template.get("secretary", False),
    )


@transaction.atomic
def start(org, chosen: list[str], *, actor=None, request=None) -> list[Processing]:
    """Create the register's processings from the chosen templates (those not
    already in it), and the controller from the organisation."""
    by_id = {t["id"]: t for t in templates()}
    present = set(Processing.objects.filter(org=org).values_list("template", flat=True))
    created = [
        from_template(org, by_id[key]) for key in chosen if key in by_id and key not in present
    ]
    Controller.objects.get_or_create(org=org, defaults=_controller_defaults(org))
    if created:
        save_version(
            org,
            "Traitements ajoutés depuis les modèles : " + ", ".join(p.title for p in created),
            actor=actor,
            request=request,
        )
    return created


@transaction.atomic
def save_processing(org, processing: Processing | None, values: dict, *, actor=None, request=None):
    """Create or change a processing; the retention rules are kept as data."""
    is_new = processing is None
    processing = processing or Processing(org=org)
    for name, value in values.items():
        setattr(processing, name, value)
    processing.updated = timezone.now()
    processing.save()
    save_version(
        org,
        f"Traitement {'ajouté' if is_new else 'modifié'} : {processing.title}",
        actor=actor,
        request=request,
    )
    return processing


@transaction.atomic
def delete_processing(processing: Processing, *, actor=None, request=None) -> None:
    org, title = processing.org, processing.title
    processing.delete()
    save_version(org, f"Traitement retiré : {title}", actor=actor, request=request)


@transaction.atomic
def save_controller(org, values: dict, *, actor=None, request=None) -> Controller:
    """Save the controller. An organisation without a postal address takes the
    controller's, which its letters and documents then carry."""
    controller, _ = Controller.objects.get_or_create(org=org, defaults=_controller_defaults(org))
    for name, value in values.items():
        setattr(controller, name, value)
    controller.save()
    save_version(org, "Responsable du traitement modifié", actor=actor, request=request)
    if controller.address and not org.address.strip():
        org.address = postal_lines(controller.address)
        org.save(update_fields=["address"])
        record(
            action="org.settings_changed",
            org=org,
            actor=actor,
            obj=org,
            details={"adresse postale": ["", org.address]},
            request=request,
        )
    return controller


def _hds_deadline(processor: Processor, *, actor=None, change_reason: str = "") -> None:
    """The end of the HDS certificate is an échéance while the processor is HDS."""
    due = (
        datetime.combine(processor.hds_until, time(9, 0), processor.org.tzinfo())
        if processor.hds == Hds.YES and processor.hds_until
        else None
    )
    deadlines.follow(
        processor,
        "hds",
        org=processor.org,
        due_at=due,
        reason="Plus de certificat HDS à suivre",
        title=f"Fin du certificat HDS {de(processor.name)}"[:200],
        permission="register.view",
        reminder_hours=HDS_REMINDER_HOURS,
        change_reason=change_reason,
        actor=actor,
    )


@transaction.atomic
def follow_time_zone(sender, *, org, old, new, actor=None, request=None, **kw) -> None:
    """The end of an HDS certificate is due at 09:00 on its day in the
    practice's calendar: it moves to its new zone (orgs.signals)."""
    reason = zone_change_reason(old, new)
    for processor in Processor.objects.filter(org=org, hds=Hds.YES).exclude(hds_until=None):
        processor.org = org
        _hds_deadline(processor, actor=actor, change_reason=reason)


@transaction.atomic
def save_processor(
    org, processor: Processor | None, values: dict, *, actor=None, request=None
) -> Processor:
    is_new = processor is None
    processor = processor or Processor(org=org)
    processings = values.pop("processings", None)
    for name, value in values.items():
        setattr(processor, name, value)
    processor.save()
    if processings is not None:
        processor.processings.set(processings)
    _hds_deadline(processor, actor=actor)
    save_version(
        org,
        f"Sous-traitant {'ajouté' if is_new else 'modifié'} : {processor.name}",
        actor=actor,
        request=request,
    )
    return processor


@transaction.atomic
def delete_processor(processor: Processor, *, actor=None, request=None) -> None:
    org, name = processor.org, processor.name
    deadlines.cancel_for(processor, reason="Sous-traitant retiré du registre", actor=actor)
    processor.delete()
    save_version(org, f"Sous-traitant retiré : {name}", actor=actor, request=request)


@transaction.atomic
def decide_dpo(org, answers: dpo.Answers, *, actor=None, request=None) -> DpoDecision:
    decision = dpo.decide(answers)
    dpo_decision, _ = DpoDecision.objects.update_or_create(
        org=org,
        defaults={
            "answers": asdict(answers),
            "dpo_required": decision.dpo,
            "aipd_required": decision.aipd,
            "reasons": "\n".join(decision.reasons),
            "decided_at": timezone.now(),
            "decided_by": actor,
        },
    )
    save_version(
        org,
        "Décision DPO et analyse d'impact : "
        + ("DPO requis" if decision.dpo else "pas de DPO obligatoire")
        + (", analyse d'impact requise" if decision.aipd else ", pas d'analyse d'impact"),
        actor=actor,
        request=request,
    )
    return dpo_decision


# Supplier questionnaires sent from the diagnostic, and their signed returns:
# journalled, outside the register's versions.


@transaction.atomic
def record_questionnaire(org, values: dict, *, actor=None, request=None) -> QuestionnaireRecord:
    sent = QuestionnaireRecord.objects.create(org=org, created_by=actor, **values)
    record(
        action="questionnaire.sent",
        org=org,
        actor=actor,
        obj=sent,
        details={"questionnaire": sent.questionnaire, "envoyé le": sent.sent_on},
        request=request,
    )
    return sent


@transaction.atomic
def mark_returned(sent: QuestionnaireRecord, day: date, *, actor=None, request=None) -> None:
    sent.returned_on = day
    sent.save(update_fields=["returned_on"])
    record(
        action="questionnaire.returned",
        org=sent.org,
        actor=actor,
        obj=sent,
        details={"retourné signé le": day},
        request=request,
    )
