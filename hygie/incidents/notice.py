"""The first text of a CNIL notification, from what Hygie knows of the
incident (RGPD art. 33(3)): its nature, whom to contact, its probable
consequences and the measures taken, as statements of what was done.

The letter to the persons concerned (art. 34(2)) tells them the same facts,
from the same functions, in clear and simple terms (`persons=True`).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from hygie.incidents import actions
from hygie.incidents.models import CnilDraft, Incident, NoticeKind
from hygie.law.incident import ObligationKey, Risk, State
from hygie.lib.french import count, sentence, without_full_stop


@dataclass(frozen=True)
class Wording:
    """How the consequences are said to a reader (`{}`: the value)."""

    risks: dict[Risk, str]
    data: str
    persons: str  # "" when the reader is one of them
    unintelligible: str
    risk_removed: str


# Art. 33 and 34 speak of the « risque pour les droits et libertés des personnes physiques ».
TO_CNIL = Wording(
    risks={
        Risk.HIGH: "La violation est susceptible d'engendrer un risque élevé pour les droits et "
        "libertés des personnes concernées.",
        Risk.RISK: "La violation est susceptible d'engendrer un risque pour les droits et "
        "libertés des personnes concernées.",
        Risk.UNKNOWN: "Le risque pour les droits et libertés des personnes concernées est en "
        "cours d'évaluation.",
        Risk.NONE: "La violation n'est pas susceptible d'engendrer de risque pour les droits et "
        "libertés des personnes concernées.",
    },
    data="Données touchées : {}",
    persons="Personnes concernées : environ {}",
    unintelligible="Les données étaient chiffrées et la clé n'est pas compromise : elles restent "
    "inintelligibles pour qui y aurait eu accès.",
    risk_removed="Les mesures prises depuis rendent un risque élevé improbable.",
)
# Art. 34(2): « en des termes clairs et simples ».
TO_PERSONS = Wording(
    risks={
        Risk.HIGH: "Cet incident pourrait avoir des conséquences importantes pour vous, si ces "
        "informations étaient utilisées ou divulguées par des personnes qui n'ont pas à les "
        "connaître.",
        Risk.RISK: "Cet incident pourrait avoir des conséquences pour vous, si ces informations "
        "étaient utilisées ou divulguées par des personnes qui n'ont pas à les connaître.",
        Risk.UNKNOWN: "Nous évaluons encore ce que cet incident peut avoir comme conséquences "
        "pour vous.",
        Risk.NONE: "Cet incident ne devrait pas avoir de conséquence pour vous.",
    },
    data="Les informations touchées sont les suivantes : {}",
    persons="",
    unintelligible="Ces informations étaient chiffrées : elles restent illisibles pour qui y "
    "aurait eu accès.",
    risk_removed="Les mesures prises depuis rendent ce risque peu probable.",
)


def _numbers(incident: Incident) -> list[str]:
    numbers = []
    if incident.persons:
        numbers.append(f"environ {count(incident.persons, 'personne')}")
    if incident.records:
        numbers.append(f"environ {count(incident.records, 'enregistrement')}")
    return numbers


def nature(incident: Incident) -> str:
    title = actions.incident_title(incident)
    when = timezone.localtime(incident.discovered_at)
    text = f"{title}, découvert le {when:%d/%m/%Y à %H:%M}."
    if incident.description:
        text += f"\n{incident.description}"
    if incident.data_categories:
        text += f"\nDonnées concernées : {incident.data_categories}."
    numbers = _numbers(incident)
    if numbers:
        text += "\nPersonnes et enregistrements concernés : " + ", ".join(numbers) + "."
    return text


def contact(incident: Incident) -> str:
    """The titulaire, responsable de traitement, with the practice's address:
    the « point de contact » of art. 33(3)(b)."""
    org = incident.org
    lines = []
    titulaire = org.titulaires().select_related("user").first()
    if titulaire is not None:
        user = titulaire.user
        lines.append(f"{user.full_name}, titulaire ({org.name}) — {user.email}")
    else:
        lines.append(org.name)
    if org.address:
        lines.append(org.address.strip())
    return "\n".join(lines)


def consequences(incident: Incident, *, persons: bool = False) -> str:
    """Art. 33(3)(c), to the CNIL, or to the persons concerned (`persons`)."""
    w = TO_PERSONS if persons else TO_CNIL
    parts = [w.risks[Risk(incident.risk)]]
    if incident.data_categories:
        parts.append(sentence(w.data.format(without_full_stop(incident.data_categories))))
    if incident.persons and w.persons:
        parts.append(sentence(w.persons.format(count(incident.persons, "personne"))))
    if incident.unintelligible:
        parts.append(w.unintelligible)
    if incident.risk_removed:
        parts.append(w.risk_removed)
    return " ".join(parts)


def measures(incident: Incident, *, persons: bool = False) -> str:
    """The reflexes ticked, as statements of what was done, then (to the CNIL)
    the persons told."""
    said = actions.measures_taken(incident)
    told = incident.duty(ObligationKey.PERSONNES).current
    if told is not None and not persons:
        said.append(f"{told.sentence()}.")
    return "\n".join(f"- {s}" for s in said)


def what_happened(incident: Incident) -> str:
    """The nature of the breach, to the persons concerned (art. 34(2))."""
    when = timezone.localtime(incident.discovered_at)
    label = actions.incident_title(incident)
    return (
        f"Le {when:%d/%m/%Y}, nous avons découvert un incident de sécurité au cabinet "
        f"({label[:1].lower()}{label[1:]})."
    )


def persons_contact(incident: Incident) -> str:
    """Where the persons can learn more (art. 34(2) and 33(3)(b)): the practice
    at its address, how to reach it and its DPO or referent, as its RGPD
    register names them."""
    from hygie.register.actions import controller_of

    c = controller_of(incident.org)
    lines = [c.name + (f", {c.address}" if c.address else "")]
    if c.contact:
        lines.append(f"Pour nous joindre : {c.contact}")
    if c.dpo_name:
        dpo = c.dpo_name + (f" ({c.dpo_contact})" if c.dpo_contact else "")
        lines.append(f"Pour toute question sur vos données : {dpo}")
    return "\n".join(lines)


def letter_prefill(incident: Incident) -> dict[str, str]:
    return {
        "what": what_happened(incident),
        "consequences": consequences(incident, persons=True),
        "measures": measures(incident, persons=True),
        "contact": persons_contact(incident),
    }


def default_kind(incident: Incident) -> str:
    """Once the CNIL was notified, what follows completes it (art. 33(4))."""
    done = incident.duty(ObligationKey.CNIL).state is State.DONE
    return NoticeKind.COMPLEMENTARY if done else NoticeKind.INITIAL


def prefill(incident: Incident) -> dict[str, str]:
    return {
        "kind": default_kind(incident),
        "nature": nature(incident),
        "contact": contact(incident),
        "consequences": consequences(incident),
        "measures": measures(incident),
        "delay": "",
    }


def initial(incident: Incident) -> dict[str, str]:
    """The draft as it was last saved, or else the prefilled text."""
    draft = CnilDraft.objects.filter(incident=incident).first()
    if draft is None:
        return prefill(incident)
    text = draft.text()
    if text["kind"] == NoticeKind.INITIAL:
        text["kind"] = default_kind(incident)
    return text
