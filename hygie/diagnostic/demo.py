"""The demo organisation's diagnostics: two of them six months apart, a plan
with an item for the secretary, and the emergency contacts filled in."""

from __future__ import annotations

import hashlib
from datetime import timedelta

from django.utils import timezone

from hygie.diagnostic import actions, measures
from hygie.diagnostic.models import Answer, Assessment, PlanItem
from hygie.diagnostic.scoring import applicable
from hygie.orgs import actions as orgs_actions

PROFILE = {
    "profession": "medecin_generaliste",
    "effectif": "petite",
    "secretariat": "oui",
    "stockage": "mixte",
    "hebergement": "poste",
    "wifi": "oui",
    "teleconsultation": "oui",
    "mobiles": "oui",
}
CONTACTS = {
    "prestataire": "Informatique Santé Services (exemple)",
    "prestataire_tel": "01 23 45 67 89",
    "editeur": "Éditeur du logiciel de cabinet (exemple)",
    "editeur_tel": "01 98 76 54 32",
}


def _level(key: str, round_: int) -> int:
    """A fixed, plausible answer level (0-3) for each measure; better the second time."""
    base = int(hashlib.sha256(key.encode()).hexdigest(), 16) % 4
    return min(3, base + round_)


def _choice(measure: measures.Measure, level: int) -> str:
    options = [o for o in measure.options if o.value is not None and o.key != measures.NSP]
    return min(options, key=lambda o: (abs(o.value - level), -o.value)).key


def create(org, owner, secretary) -> None:
    now = timezone.now()
    for round_, months_ago in ((0, 6), (1, 0)):
        assessment = actions.start(org, actor=owner)
        actions.save_profile(assessment, PROFILE, actor=owner)
        for measure in applicable(measures.catalogue(), assessment.profile):
            actions.save_answer(
                assessment, measure, _choice(measure, _level(measure.key, round_)), actor=owner
            )
        actions.complete(assessment, actor=owner)
        if months_ago:
            when = now - timedelta(days=30 * months_ago)
            Assessment.objects.filter(pk=assessment.pk).update(started_at=when, completed_at=when)
            Answer.objects.filter(assessment=assessment).update(answered_at=when)
    quick = PlanItem.objects.filter(org=org, status="todo").order_by("rank").first()
    if quick is not None:
        actions.update_plan_item(
            quick,
            {"owner": secretary, "due_on": timezone.localdate() + timedelta(days=10)},
            actor=owner,
        )
    orgs_actions.save_contacts(org, CONTACTS, actor=owner)
