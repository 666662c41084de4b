"""Whether a practice must designate a DPO and carry out an AIPD: pure functions.

The CNIL référentiel for cabinets médicaux et paramédicaux (délibération
2020-081, read through concordant quotations) requires both from
professionals who, « exerçant en cabinet groupé, partagent un système
d'information commun, à partir d'un seuil annuel de 10 000 patients ». The
CNIL's 2019 list exempts from an AIPD the processing needed for a patient's
care by a professional practising individually; RGPD recital 91 says the same
of large scale. Any other large-scale processing of health data calls for
both (RGPD art. 35(3)(b) and 37(1)(c)).
"""

from __future__ import annotations

from dataclasses import dataclass, field

PATIENTS_THRESHOLD = 10_000


@dataclass(frozen=True)
class Answers:
    grouped: bool  # practising in a group (cabinet de groupe, MSP, centre de santé)
    shared_system: bool  # the professionals share one information system
    patients_per_year: int  # distinct patients a year, all professionals together
    other_large_scale: bool = False  # another large-scale processing of health data


@dataclass(frozen=True)
class Decision:
    dpo: bool
    aipd: bool
    reasons: list[str] = field(default_factory=list)


REFERENTIEL = "référentiel CNIL des cabinets médicaux et paramédicaux (délibération 2020-081)"


def decide(a: Answers) -> Decision:
    if a.other_large_scale:
        return Decision(
            True,
            True,
            [
                "Un traitement de données de santé à grande échelle impose un délégué à la "
                "protection des données (RGPD, art. 37(1)(c)) et une analyse d'impact "
                "(RGPD, art. 35(3)(b))."
            ],
        )
    if not a.grouped:
        return Decision(
            False,
            False,
            [
                "Exercice individuel : le traitement des données des patients n'est pas à "
                "grande échelle (RGPD, considérant 91) ; la CNIL l'exempte d'analyse "
                "d'impact (liste de 2019). Désigner un référent reste une bonne pratique."
            ],
        )
    if not a.shared_system:
        return Decision(
            False,
            False,
            [
                "Cabinet groupé sans système d'information commun : chaque professionnel "
                f"tient ses dossiers ; le seuil du {REFERENTIEL} ne s'applique pas."
            ],
        )
    if a.patients_per_year >= PATIENTS_THRESHOLD:
        return Decision(
            True,
            True,
            [
                f"Cabinet groupé partageant un système d'information, {a.patients_per_year} "
                f"patients par an : au-delà du seuil de {PATIENTS_THRESHOLD} patients du "
                f"{REFERENTIEL}, un délégué à la protection des données et une analyse "
                "d'impact sont requis (seuil à vérifier dans le texte du référentiel, sur cnil.fr)."
            ],
        )
    return Decision(
        False,
        False,
        [
            f"Cabinet groupé partageant un système d'information, {a.patients_per_year} "
            f"patients par an : en dessous du seuil de {PATIENTS_THRESHOLD} patients du "
            f"{REFERENTIEL}. Surveillez ce nombre chaque année."
        ],
    )
