"""The practice's profile: at most eight questions that decide which measures apply.

The kind of structure comes from the organisation and is not asked again.
Values are the vocabulary of `applies_if` in the measures' schema
(content/schemas/diagnostic_measure.yaml).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hygie.orgs.models import Profession


@dataclass(frozen=True)
class Question:
    key: str
    label: str
    choices: tuple[tuple[str, str], ...]
    help: str = ""


YES_NO = (("oui", "Oui"), ("non", "Non"))

QUESTIONS: tuple[Question, ...] = (
    Question("profession", "Votre profession principale", tuple(Profession.choices)),
    Question(
        "effectif",
        "Combien de personnes travaillent avec les données des patients ?",
        (("seul", "Moi uniquement"), ("petite", "De 2 à 5"), ("equipe", "6 ou plus")),
        "Professionnels, remplaçants, secrétariat compris.",
    ),
    Question("secretariat", "Avez-vous un secrétariat (sur place ou à distance) ?", YES_NO),
    Question(
        "stockage",
        "Où sont conservés les dossiers des patients ?",
        (
            ("local", "Sur un ordinateur ou un serveur du cabinet"),
            ("cloud", "En ligne, chez l'éditeur ou un hébergeur"),
            ("mixte", "Les deux"),
        ),
        "C'est la distinction du mémento de l'ANS entre stockage local (L) et stockage cloud (C).",
    ),
    Question(
        "hebergement",
        "Comment fonctionne votre logiciel de cabinet ?",
        (
            ("poste", "Installé sur chaque ordinateur"),
            ("serveur", "Installé sur un serveur du cabinet"),
            ("editeur", "En ligne, dans le navigateur (chez l'éditeur)"),
            ("inconnu", "Je ne sais pas"),
        ),
    ),
    Question("wifi", "Le cabinet a-t-il un réseau Wi-Fi ?", YES_NO),
    Question("teleconsultation", "Pratiquez-vous la téléconsultation ou le télésoin ?", YES_NO),
    Question(
        "mobiles",
        "Utilisez-vous un smartphone, une tablette ou un ordinateur portable pour le travail ?",
        YES_NO,
    ),
)
KEYS = tuple(q.key for q in QUESTIONS)


def is_complete(profile: dict[str, Any]) -> bool:
    return all(profile.get(key) for key in KEYS)


def label(profile: dict[str, Any]) -> list[tuple[str, str]]:
    """The profile's answers as (question, answer) for screens and reports."""
    rows = []
    for q in QUESTIONS:
        value = profile.get(q.key, "")
        rows.append((q.label, dict(q.choices).get(value, "—")))
    return rows


def memento_storage(memento: dict[str, Any] | None) -> list[str] | None:
    """The storage a mémento line's L and C marks apply to, or None for all."""
    if not memento:
        return None
    local, cloud = memento["L"], memento["C"]
    if local and not cloud:
        return ["local", "mixte"]
    if cloud and not local:
        return ["cloud", "mixte"]
    return None


def applies(measure: dict[str, Any], profile: dict[str, Any]) -> bool:
    """Whether a measure applies to a practice of this profile.

    Every condition of `applies_if` must hold; a condition holds when the
    profile's value is one of those listed. A profile value not given yet
    (the découverte diagnostic asks no profile) matches every condition.
    A mémento line marked L only (or C only) applies to that storage.
    """
    conditions = dict(measure.get("applies_if") or {})
    storage = memento_storage(measure.get("memento"))
    if storage is not None and "stockage" not in conditions:
        conditions["stockage"] = storage
    for key, allowed in conditions.items():
        value = profile.get(key)
        if value and value not in allowed:
            return False
    return True
