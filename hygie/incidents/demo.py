"""The demo organisation's incident: a suspicious link clicked by the
secretary the day before, declared this morning, its first reflexes done."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from hygie.incidents import actions

KIND = "lien-ou-piece-jointe"
TICKED = 2


def create(org, secretary) -> None:
    incident = actions.declare(
        org,
        kind=KIND,
        discovered_at=timezone.now() - timedelta(hours=20),
        description="Un faux message « Ameli » demandait de vérifier les coordonnées "
        "bancaires du cabinet ; le lien a été ouvert sur le poste d'accueil.",
        actor=secretary,
    )
    for reflex in actions.incident_type(KIND)["reflexes"][:TICKED]:
        actions.tick_reflex(incident, reflex["id"], actor=secretary)
