"""The demo organisation's patients' requests: a record asked for by letter
three days ago, still open, and a rectification answered on time last month."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from hygie.rights import actions


def create(org, owner, secretary) -> None:
    now = timezone.now()
    pending = actions.log(
        org,
        {
            "received_at": now - timedelta(days=3),
            "channel": "courrier",
            "right": "dossier",
            "record_age": "recent",
            "requester_kind": "patient",
            "requester_name": "Jeanne Exemple",
            "requester_contact": "12 rue des Lilas, 33000 Bordeaux",
        },
        actor=secretary,
    )
    actions.check_identity(
        pending, "Copie d'une pièce d'identité reçue (non conservée)", actor=secretary
    )
    answered = actions.log(
        org,
        {
            "received_at": now - timedelta(days=40),
            "channel": "guichet",
            "right": "rectification",
            "requester_kind": "patient",
            "requester_name": "Marc Exemple",
        },
        actor=secretary,
    )
    actions.answer(
        answered,
        at=now - timedelta(days=33),
        means="Remise en main propre au cabinet",
        content="Adresse et numéro de téléphone corrigés dans le logiciel",
        actor=owner,
    )
