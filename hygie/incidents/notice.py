"""The first text of a CNIL notification, from what Hygie knows of the
incident (RGPD art. 33(3)): its nature, whom to contact, its probable
consequences and the measures taken, as statements of what was done."""

from __future__ import annotations

from django.utils import timezone

from hygie.incidents import actions
from hygie.incidents.models import CnilDraft, Incident, NoticeKind
from hygie.incidents.obligations import Risk, State
from hygie.lib.french import count

# Art. 33 and 34 speak of the « risque pour les droits et libertés des personnes physiques ».
RISK_SENTENCES = {
    Risk.HIGH: "La violation est susceptible d'engendrer un risque élevé pour les droits et "
    "libertés des personnes concernées.",
    Risk.RISK: "La violation est susceptible d'engendrer un risque pour les droits et "
    "libertés des personnes concernées.",
    Risk.UNKNOWN: "Le risque pour les droits et libertés des personnes concernées est en "
    "cours d'évaluation.",
    Risk.NONE: "La violation n'est pas susceptible d'engendrer de risque pour les droits et "
    "libertés des personnes concernées.",
}


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


def consequences(incident: Incident) -> str:
    parts = [RISK_SENTENCES[Risk(incident.risk)]]
    if incident.data_categories:
        parts.append(f"Données touchées : {incident.data_categories}.")
    numbers = _numbers(incident)
    if numbers:
        parts.append(f"Personnes concernées : {numbers[0]}.")
    if incident.unintelligible:
        parts.append(
            "Les données étaient chiffrées et la clé n'est pas compromise : elles restent "
            "inintelligibles pour qui y aurait eu accès."
        )
    if incident.risk_removed:
        parts.append("Les mesures prises depuis rendent un risque élevé improbable.")
    return " ".join(parts)


def measures(incident: Incident) -> str:
    """The reflexes ticked, then the persons told, as statements of what was done."""
    said = actions.measures_taken(incident)
    persons = incident.duty("personnes")
    if persons.current is not None:
        said.append(f"{persons.current.sentence()}.")
    return "\n".join(f"- {s}" for s in said)


def default_kind(incident: Incident) -> str:
    """Once the CNIL was notified, what follows completes it (art. 33(4))."""
    done = incident.duty("cnil").state is State.DONE
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
