"""The demo organisation's register: built from the templates that fit a GP
with a secretary, one HDS host, and the DPO decision of a solo practice."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from hygie.register import actions, dpo
from hygie.register.models import CLAUSES, Hds, Location

NEEDS = {"secretariat", "teleconsultation"}


def create(org, owner) -> None:
    chosen = [
        t["id"] for t in actions.templates() if t.get("default") and actions.applies(t, org, NEEDS)
    ]
    created = actions.start(org, chosen, actor=owner)
    actions.save_controller(
        org,
        {
            "name": org.name,
            "address": actions.one_line(org.address),
            "contact": "04 00 00 00 00",
            "rights_channel": "à l'accueil du cabinet ou par courrier à son adresse",
        },
        actor=owner,
    )
    actions.save_processor(
        org,
        None,
        {
            "name": "Hébergeur du logiciel de cabinet (exemple)",
            "service": "Hébergement certifié des dossiers des patients",
            "hds": Hds.YES,
            "hds_until": timezone.localdate() + timedelta(days=200),
            "location": Location.EEA,
            "clauses": {key: True for key, _ in CLAUSES},
            "processings": [p for p in created if p.template == "dossier-patient"],
        },
        actor=owner,
    )
    actions.decide_dpo(org, dpo.Answers(False, False, 2500), actor=owner)
