"""The demo organisation's incident: a suspicious link clicked by the
secretary the day before, who typed the practice's mailbox password on the
page. Declared this morning, its first reflexes done, qualified as a breach
(the mailbox holds exchanges with patients): the complaint was filed at the
gendarmerie within the 72 hours, the CNIL notification is still to do."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from hygie.incidents import actions
from hygie.incidents.models import Channel
from hygie.law.incident import ObligationKey, Risk

KIND = "lien-ou-piece-jointe"
TICKED = 2


def create(org, secretary) -> None:
    incident = actions.declare(
        org,
        kind=KIND,
        discovered_at=timezone.now() - timedelta(hours=20),
        description="Un faux message « Ameli » demandait de vérifier les coordonnées "
        "du cabinet ; le lien a été ouvert sur le poste d'accueil et le mot de passe de "
        "la messagerie du cabinet y a été saisi.",
        actor=secretary,
    )
    for reflex in actions.incident_type(KIND)["reflexes"][:TICKED]:
        actions.tick_reflex(incident, reflex["id"], actor=secretary)
    owner = org.titulaires().select_related("user").first().user
    actions.qualify(
        incident,
        {
            "personal_data": True,
            "risk": Risk.RISK,
            "data_categories": "Courriels de la messagerie du cabinet : coordonnées de "
            "patients, rendez-vous, quelques comptes rendus",
            "persons": 300,
        },
        actor=owner,
    )
    actions.fulfil(
        incident,
        ObligationKey.PLAINTE,
        done_at=timezone.now() - timedelta(hours=2),
        channel=Channel.GENDARMERIE,
        reference="2026-00417",
        evidence="Récépissé scanné et rangé avec le contrat d'assurance du cabinet.",
        actor=owner,
    )
