"""MSSanté: the patient's address, and whether a recipient's address belongs
to the MSSanté trust space.

Pure: no Django. The patient's address is `<15-character matricule
INS>@patient.mssante.fr` (ANS and Interop'Santé examples), usable only from a
qualified identity (RNIV [EXI SI 08], by inference). The trust space is made
of the domains of the operators on the ANS's white list, all under
mssante.fr; nothing here can read that list or the Annuaire santé: a domain
under mssante.fr is necessary, and Hygie says it cannot tell more.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from hygie.identity import nir, status
from hygie.phishing.domains import WEBMAIL

PATIENT_DOMAIN = "patient.mssante.fr"
TRUST_DOMAIN = "mssante.fr"

ANS = ("ans-mssante", "ANS, MSSanté : l'espace de confiance")
FR_CORE = ("fr-core-ins", "Interop'Santé, guide FR Core, adresse MSSanté du patient")
CSP = ("csp-l1110-4", "Code de la santé publique, article L1110-4")
SEED_002 = ("seed-002", "Dépliant de cybersécurité à l'usage des infirmiers libéraux")
SEED_003 = ("seed-003", "Groupement e-santé Pays de la Loire, « Sécurité numérique en santé »")


@dataclass
class PatientAddress:
    address: str = ""  # '' when refused
    refusals: list[str] = field(default_factory=list)  # why, in French
    sources: list[tuple[str, str]] = field(default_factory=list)


def patient_address(matricule: str, status_code: str, oid: str = "") -> PatientAddress:
    """The patient's MSSanté address, or why Hygie refuses to give it."""
    result = PatientAddress(sources=[FR_CORE, status.RNIV])
    if status_code != status.QUAL:
        label = status.STATUSES[status_code].label if status_code in status.STATUSES else ""
        shown = f"« {label} » ({status_code})" if label else "inconnu"
        result.refusals.append(
            f"Le statut de l'identité est {shown} : seule une identité qualifiée (QUAL) permet "
            "d'utiliser le matricule INS pour échanger des données de santé, et donc d'écrire "
            "au patient sur sa messagerie de Mon espace santé."
        )
    checked = nir.check(matricule, oid=oid or None)
    if len(checked.number) != 15:
        result.refusals.append(
            "L'adresse est faite du matricule INS complet, avec sa clé : 15 caractères."
        )
    for finding in checked.errors:
        if finding.code != "longueur":
            result.refusals.append(finding.message)
    if checked.oid_kind in ("TEST", "DEMO"):
        result.refusals.append(
            "Ce matricule est un numéro de test ou de démonstration : il ne désigne pas un "
            "patient réel."
        )
    if not result.refusals:
        result.address = f"{checked.number}@{PATIENT_DOMAIN}"
    return result


@dataclass
class Recipient:
    address: str
    domain: str = ""
    kind: str = ""  # "invalide", "patient", "mssante", "imitation", "webmail", "ordinaire"
    trusted: bool = False  # under mssante.fr
    verdict: str = ""  # one sentence
    meaning: list[str] = field(default_factory=list)  # what it means for health data
    sources: list[tuple[str, str]] = field(default_factory=list)


_ADDRESS = re.compile(r"^([^@\s]+)@([A-Za-z0-9.-]+\.[A-Za-z]{2,})$")


def check_recipient(address: str) -> Recipient:
    """Whether an address is in the MSSanté trust space, and what that means."""
    text = (address or "").strip().strip("<>").strip()
    result = Recipient(address=text)
    match = _ADDRESS.match(text)
    if not match:
        result.kind = "invalide"
        result.verdict = "Ce n'est pas une adresse e-mail lisible (nom@domaine.fr)."
        return result
    local, domain = match.group(1), match.group(2).lower().rstrip(".")
    result.domain = domain
    in_space = domain == TRUST_DOMAIN or domain.endswith("." + TRUST_DOMAIN)
    if domain == PATIENT_DOMAIN:
        _patient(result, local)
    elif in_space:
        result.kind = "mssante"
        result.trusted = True
        result.verdict = (
            f"Adresse de l'espace de confiance MSSanté (domaine {domain}, sous mssante.fr)."
        )
        result.meaning = [
            "Messagerie sécurisée de santé : c'est le canal à utiliser pour envoyer des "
            "données de santé à un professionnel ou à un établissement.",
            "Hygie ne consulte pas l'Annuaire santé : vérifiez-y que l'adresse est bien celle "
            "de votre correspondant, et qu'elle est nominative ou organisationnelle selon "
            "votre besoin.",
        ]
        result.sources = [ANS, SEED_003]
    elif "mssante" in domain.replace("-", "").replace(".", ""):
        result.kind = "imitation"
        result.verdict = (
            f"Le domaine {domain} évoque MSSanté mais n'est pas sous mssante.fr : il "
            "n'appartient pas à l'espace de confiance, et peut être une imitation."
        )
        result.meaning = [
            "N'y envoyez aucune donnée de santé ; vérifiez l'adresse auprès de votre "
            "correspondant ou dans l'Annuaire santé.",
        ]
        result.sources = [ANS]
    elif domain in WEBMAIL:
        result.kind = "webmail"
        result.verdict = f"Messagerie personnelle grand public ({domain}) : hors de MSSanté."
        result.meaning = [
            "Les messageries classiques ne garantissent ni le secret professionnel ni la "
            "sécurité des données : n'y envoyez pas de données de santé.",
            "Pour un patient, écrivez-lui sur sa messagerie de Mon espace santé "
            "(matricule INS@patient.mssante.fr), à partir d'une identité qualifiée.",
        ]
        result.sources = [SEED_003, SEED_002, CSP]
    else:
        result.kind = "ordinaire"
        result.verdict = (
            f"Messagerie ordinaire ({domain}), hors de l'espace de confiance MSSanté : "
            "par exemple la messagerie d'un cabinet ou d'un établissement."
        )
        result.meaning = [
            "Une messagerie d'établissement ou de cabinet hors MSSanté n'est pas un canal "
            "fiable et réglementaire pour les données des patients : demandez à votre "
            "correspondant son adresse MSSanté.",
            "L'échange de données de santé doit rester sécurisé (article L1110-4 du code de "
            "la santé publique), même si une messagerie MSSanté n'est pas en soi obligatoire.",
        ]
        result.sources = [SEED_003, ANS, CSP]
    return result


def _patient(result: Recipient, local: str) -> None:
    result.trusted = True
    result.kind = "patient"
    checked = nir.check(local)
    if len(checked.number) == 15 and checked.valid:
        result.verdict = (
            "Adresse de la messagerie d'un patient dans Mon espace santé (espace de confiance "
            "MSSanté)."
        )
    else:
        result.verdict = (
            "Domaine des messageries des patients (Mon espace santé), mais la partie avant "
            "« @ » n'est pas un matricule INS valide de 15 caractères : l'adresse est fausse."
        )
    result.meaning = [
        "Seuls les professionnels peuvent écrire à cette adresse, depuis une messagerie "
        "MSSanté ; le patient reçoit une notification sur son adresse personnelle.",
        "Le matricule INS ne s'utilise qu'à partir d'une identité qualifiée (QUAL).",
    ]
    result.sources = [FR_CORE, status.RNIV, SEED_002]
