"""The demo regional body's territory: eleven demo practices of various
professions and départements, with diagnostics, quiz figures, incidents and
patients' requests, and the demo practice itself, all sharing their indicators.

The practices have no members (nobody signs in to them): the demo's reset
deletes them with the other is_demo organisations.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

from django.utils import timezone

from hygie.diagnostic import actions as diagnostic_actions
from hygie.diagnostic import measures
from hygie.diagnostic.scoring import applicable
from hygie.incidents import actions as incident_actions
from hygie.orgs.models import Kind, Organisation, Profession
from hygie.orgs.roles import Role
from hygie.quiz.forms import THEMES
from hygie.quiz.models import ThemeStat
from hygie.register import actions as register_actions
from hygie.rights import actions as rights_actions
from hygie.territory import actions, indicators
from hygie.territory.models import Participation, Snapshot, month_of

# (name, kind, profession, address, level: 0 weak to 3 strong)
PRACTICES = [
    (
        "Cabinet infirmier des Pentes",
        Kind.CABINET,
        Profession.INFIRMIER,
        "4 montée de la Grande-Côte\n69001 Lyon",
        1,
    ),
    (
        "MSP du Val de Saône",
        Kind.MSP,
        Profession.PLURIPROFESSIONNEL,
        "2 rue du Port\n01600 Trévoux",
        2,
    ),
    (
        "Cabinet dentaire Bellecour",
        Kind.CABINET_GROUPE,
        Profession.CHIRURGIEN_DENTISTE,
        "18 rue de la Charité\n69002 Lyon",
        2,
    ),
    (
        "Cabinet de kinésithérapie du Parc",
        Kind.CABINET_GROUPE,
        Profession.KINESITHERAPEUTE,
        "7 avenue du Parc\n42000 Saint-Étienne",
        1,
    ),
    (
        "Cabinet médical des Alpes",
        Kind.CABINET_GROUPE,
        Profession.MEDECIN_GENERALISTE,
        "11 cours Berriat\n38000 Grenoble",
        2,
    ),
    (
        "Sage-femme Dr Morin",
        Kind.CABINET,
        Profession.SAGE_FEMME,
        "3 place du Marché\n69400 Villefranche-sur-Saône",
        0,
    ),
    (
        "Centre de santé de la Croix-Rousse",
        Kind.CENTRE_SANTE,
        Profession.PLURIPROFESSIONNEL,
        "25 boulevard de la Croix-Rousse\n69004 Lyon",
        3,
    ),
    (
        "Cabinet d'orthophonie des Brotteaux",
        Kind.CABINET,
        Profession.ORTHOPHONISTE,
        "9 rue Tronchet\n69006 Lyon",
        1,
    ),
    (
        "Cabinet médical de Bourg",
        Kind.CABINET_GROUPE,
        Profession.MEDECIN_GENERALISTE,
        "14 avenue Alsace-Lorraine\n01000 Bourg-en-Bresse",
        1,
    ),
    (
        "Cabinet infirmier du Forez",
        Kind.CABINET,
        Profession.INFIRMIER,
        "6 rue de la République\n42600 Montbrison",
        2,
    ),
    (
        "MSP de Vienne",
        Kind.MSP,
        Profession.PLURIPROFESSIONNEL,
        "1 quai Jean-Jaurès\n38200 Vienne",
        3,
    ),
]
PROFILE = {
    "effectif": "petite",
    "secretariat": "oui",
    "stockage": "mixte",
    "hebergement": "poste",
    "wifi": "oui",
    "teleconsultation": "non",
    "mobiles": "oui",
}
INCIDENT_KINDS = ["lien-ou-piece-jointe", "erreur-destinataire", "indisponibilite", "compte-pirate"]
TREND_MONTHS = 5


def _draw(*parts: object) -> int:
    """A fixed pseudo-random number for these parts: the demo is the same each time."""
    return int(hashlib.sha256(repr(parts).encode()).hexdigest(), 16)


def _choice(measure: measures.Measure, level: int) -> str:
    options = [o for o in measure.options if o.value is not None and o.key != measures.NSP]
    return min(options, key=lambda o: (abs(o.value - level), -o.value)).key


def _diagnostic(org, level: int) -> None:
    assessment = diagnostic_actions.start(org)
    diagnostic_actions.save_profile(assessment, {**PROFILE, "profession": org.profession})
    for measure in applicable(measures.catalogue(), assessment.profile):
        wobble = _draw(org.name, measure.key) % 3 - 1
        answer = _choice(measure, max(0, min(3, level + wobble)))
        diagnostic_actions.save_answer(assessment, measure, answer)
    diagnostic_actions.complete(assessment)


def _activity(org, level: int, now) -> None:
    today = timezone.localdate(now)
    themes = list(THEMES)
    for i in range(4):
        theme = themes[_draw(org.name, "quiz", i) % len(themes)]
        answers = 20 + _draw(org.name, theme) % 30
        correct = answers * (45 + 12 * level + _draw(org.name, theme, "ok") % 15) // 100
        ThemeStat.objects.update_or_create(
            org=org,
            day=today - timedelta(days=20 * i + 3),
            theme=theme,
            defaults={"answers": answers, "correct": correct},
        )
    for i in range(1 + _draw(org.name, "incidents") % 3):
        incident_actions.declare(
            org,
            kind=INCIDENT_KINDS[_draw(org.name, "kind", i) % len(INCIDENT_KINDS)],
            discovered_at=now - timedelta(days=15 + 40 * i),
        )
    for i in range(1 + level):
        received = now - timedelta(days=50 + 30 * i)
        request = rights_actions.log(
            org,
            {
                "received_at": received,
                "channel": "guichet",
                "right": "rectification",
                "requester_kind": "patient",
                "requester_name": "Patient exemple",
            },
        )
        late = (_draw(org.name, "late", i) % 5) == 0
        rights_actions.answer(
            request,
            at=received + timedelta(days=40 if late else 8),
            means="Remise en main propre",
            content="Coordonnées corrigées",
        )
    if level >= 1:
        register_actions.start(org, ["dossier-patient"])


def _history(practice, now) -> None:
    """Earlier months' snapshots, a little weaker each month back, for the trends."""
    current = Snapshot.objects.get(practice=practice, month=month_of(timezone.localdate(now)))
    month = current.month
    for back in range(1, TREND_MONTHS + 1):
        month = (month - timedelta(days=1)).replace(day=1)
        Snapshot.objects.update_or_create(
            practice=practice,
            month=month,
            defaults={
                "computed_at": now - timedelta(days=30 * back),
                "profession": current.profession,
                "indice": max(0, (current.indice or 0) - 2 * back - _draw(practice.name, back) % 3),
                "theme_indices": current.theme_indices,
                "key_measures": current.key_measures,
            },
        )


def create(region, animateur, practice) -> None:
    now = timezone.now()
    members = []
    for name, kind, profession, address, level in PRACTICES:
        org = Organisation.objects.create(
            name=name, kind=kind, profession=profession, address=address, is_demo=True
        )
        _diagnostic(org, level)
        _activity(org, level, now)
        members.append((org, None))
    owner = practice.memberships.filter(role=Role.TITULAIRE).select_related("user").first()
    members.append((practice, owner.user if owner else None))
    for org, joined_by in members:
        Participation.objects.create(
            region=region,
            practice=org,
            departement=indicators.departement_of_address(org.address),
            joined_by=joined_by,
            joined_at=now - timedelta(days=30 * TREND_MONTHS),
            consent_version=actions.CONSENT_VERSION,
        )
        actions.refresh(org, now, prepare=False)
        _history(org, now)
    # Once, with every practice's history in place (after the demo's commit).
    actions.prepare_dashboard(region.pk)
