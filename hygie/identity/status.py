"""The confidence status of a digital identity (RNIV), and what it allows.

Pure: no Django. The four statuses are exclusive and result from two
independent criteria (RNIV [EXI SI 07], quoted by the FR Core guide):
I, the identity was retrieved from the INSi teleservice; C, its traits were
checked against a high-trust identity document. The attributes « identité
douteuse » and « identité fictive » lock an identity in PROV ([EXI SI 09]).
Facts whose primary text could not be read again carry `unverified=True`
and are shown « non vérifié ».
"""

from __future__ import annotations

from dataclasses import dataclass, field

RNIV = ("rniv", "RNIV, volet 1 « Principes communs » (cité par le guide FR Core)")
FR_CORE = ("fr-core-ins", "Interop'Santé, guide FR Core, statuts de confiance")
IDENTITO = ("identito-na", "Identitovigilance Nouvelle-Aquitaine, dispositifs d'identification")
ARS_ARA = ("ars-ara-rniv-2024", "ARS Auvergne-Rhône-Alpes, modifications des référentiels 2024")

PROV, RECUP, VALI, QUAL = "PROV", "RECUP", "VALI", "QUAL"
DOUBTFUL, FICTITIOUS = "DOUT", "FICT"


@dataclass(frozen=True)
class Status:
    code: str
    label: str
    insi: bool  # retrieved from the INSi teleservice (criterion I)
    document: bool  # checked against a high-trust document (criterion C)
    definition: str  # the RNIV's definition, quoted


STATUSES = {
    PROV: Status(
        PROV,
        "Identité provisoire",
        False,
        False,
        "Statut d'une identité locale qui n'a pas été récupérée sur le téléservice INSi et "
        "qui n'a pas encore fait l'objet d'un contrôle de cohérence avec les traits portés "
        "par un dispositif d'identification à haut niveau de confiance ou son équivalent.",
    ),
    RECUP: Status(
        RECUP,
        "Identité récupérée",
        True,
        False,
        "…récupérée sur le téléservice INSi après avoir été comparée avec succès aux traits "
        "de la personne physique mais qui n'a pas encore pu être contrôlée à partir d'un "
        "document d'identification à haut niveau de confiance.",
    ),
    VALI: Status(
        VALI,
        "Identité validée",
        False,
        True,
        "…n'a pas été récupérée sur le téléservice INSi mais qui a fait l'objet d'un contrôle "
        "de cohérence avec le jeu de traits portés par un dispositif d'identification à haut "
        "niveau de confiance…",
    ),
    QUAL: Status(
        QUAL,
        "Identité qualifiée",
        True,
        True,
        "…récupérée via le téléservice INSi, puis comparée avec succès aux traits de la "
        "personne physique prise en charge portés par un dispositif d'identification à haut "
        "niveau de confiance ou son équivalent.",
    ),
}


@dataclass(frozen=True)
class Point:
    """One sentence of the helper's answer, with its source."""

    text: str
    ref: str
    source: str
    unverified: bool = False


@dataclass(frozen=True)
class Transition:
    start: str
    end: str
    condition: str
    unverified: bool = False


TRANSITIONS = [
    Transition(PROV, RECUP, "récupération réussie sur le téléservice INSi (code retour 00) et "
               "comparaison réussie avec les traits de la personne"),
    Transition(PROV, VALI, "contrôle de cohérence sur une pièce à haut niveau de confiance"),
    Transition(RECUP, QUAL, "contrôle de cohérence sur une pièce à haut niveau de confiance"),
    Transition(VALI, QUAL, "récupération ou vérification réussie sur le téléservice INSi"),
    Transition("tous", PROV, "l'identité reçoit l'attribut « identité douteuse » ou "
               "« identité fictive »"),
    Transition("RECUP, VALI, QUAL", "statut inférieur", "modification d'un trait strict "
               "(rétrogradation)", unverified=True),
]  # fmt: skip

HIGH_TRUST_DOCUMENTS = [
    Point("Le passeport (pour tous les usagers).", *IDENTITO),
    Point(
        "La carte nationale d'identité, pour les ressortissants d'un pays de l'Union "
        "européenne, de la Suisse, du Liechtenstein, de la Norvège, de l'Islande, du Vatican "
        "et des principautés de Monaco, Saint-Marin et Andorre.",
        *IDENTITO,
    ),
    Point(
        "Le titre de séjour permanent ; la liste de la source s'interrompt à cet endroit : "
        "les autres titres admis sont à vérifier dans le RNIV.",
        *IDENTITO,
        unverified=True,
    ),
    Point(
        "L'application carte Vitale, citée parmi les modes de validation par le guide FR Core "
        "(ses conditions d'usage sont à vérifier).",
        *FR_CORE,
        unverified=True,
    ),
]

SPECIAL_CASES = {
    "mineur": (
        "Mineur",
        Point(
            "Sans pièce à haut niveau de confiance à son nom, l'identité d'un mineur peut être "
            "qualifiée sur un acte de naissance ou le livret de famille, accompagné de la pièce "
            "à haut niveau de confiance d'un parent ou du tuteur, ou d'un document de "
            "circulation pour étranger mineur.",
            *ARS_ARA,
        ),
    ),
    "ehpad": (
        "Résident d'EHPAD",
        Point(
            "Sans pièce à haut niveau de confiance, l'identité d'un résident d'EHPAD peut être "
            "qualifiée sur un extrait d'acte de naissance ou le livret de famille, accompagné "
            "de la carte Vitale avec photographie.",
            *ARS_ARA,
        ),
    ),
    "ase": (
        "Enfant confié à l'aide sociale à l'enfance (ASE)",
        Point(
            "Le RNIV (volet 1, § 3.3.3) prévoit un cas particulier pour les enfants confiés à "
            "l'ASE : ses conditions sont à lire dans le référentiel lui-même.",
            *ARS_ARA,
            unverified=True,
        ),
    ),
}

ATTRIBUTES = {
    "": "Aucun",
    DOUBTFUL: "Identité douteuse",
    FICTITIOUS: "Identité fictive",
}


@dataclass
class Outcome:
    status: Status
    why: list[Point] = field(default_factory=list)  # how the status follows
    allows: list[Point] = field(default_factory=list)
    forbids: list[Point] = field(default_factory=list)
    next_steps: list[Transition] = field(default_factory=list)
    special_case: Point | None = None

    @property
    def qualified(self) -> bool:
        return self.status.code == QUAL


class StatusError(ValueError):
    """Criteria that cannot go together; the message is French."""


def status_of(*, insi: bool, document: bool, attribute: str = "") -> Status:
    """The status from the two criteria; DOUT or FICT force PROV."""
    if attribute not in ATTRIBUTES:
        raise StatusError(f"Attribut inconnu : « {attribute} » (DOUT ou FICT).")
    if attribute:
        return STATUSES[PROV]
    for candidate in STATUSES.values():
        if (candidate.insi, candidate.document) == (insi, document):
            return candidate
    raise AssertionError("the four statuses cover the four combinations")


def assess(*, insi: bool, document: bool, attribute: str = "", special_case: str = "") -> Outcome:
    """The helper's answer: the status, why, what it allows and forbids, and
    how to move on."""
    if special_case and special_case not in SPECIAL_CASES:
        raise StatusError(f"Cas particulier inconnu : « {special_case} ».")
    status = status_of(insi=insi, document=document, attribute=attribute)
    outcome = Outcome(status=status)
    why = outcome.why
    if attribute:
        why.append(
            Point(
                f"L'identité porte l'attribut « {ATTRIBUTES[attribute]} » : elle doit "
                "obligatoirement avoir le statut PROV ; il est interdit de lui attribuer un "
                "autre statut ou d'interroger le téléservice INSi pour cette identité.",
                *RNIV,
            )
        )
        if insi or document:
            why.append(
                Point(
                    "Les critères déjà remplis (INSi, pièce d'identité) ne comptent pas tant "
                    "que l'attribut n'est pas levé.",
                    *RNIV,
                )
            )
    else:
        i = "récupérée" if insi else "non récupérée"
        c = "contrôlée" if document else "non contrôlée"
        why.append(
            Point(
                f"Identité {i} sur le téléservice INSi, {c} sur une pièce à haut niveau de "
                f"confiance : statut {status.code}. Les quatre statuts sont exclusifs et "
                "résultent du croisement de ces deux critères.",
                *RNIV,
            )
        )
    if status.code == QUAL:
        outcome.allows += [
            Point(
                "Le matricule INS peut référencer les données de santé échangées et partagées "
                "avec les autres professionnels : seul ce statut l'autorise.",
                *RNIV,
            ),
            Point(
                "Le patient peut recevoir des documents sur sa messagerie de Mon espace santé, "
                "à l'adresse « matricule INS@patient.mssante.fr ».",
                *FR_CORE,
            ),
        ]
    else:
        outcome.allows.append(
            Point(
                "L'identité sert à la prise en charge, avec les traits enregistrés au cabinet.",
                *RNIV,
            )
        )
        outcome.forbids += [
            Point(
                "Le matricule INS ne doit pas accompagner les données de santé échangées : "
                "seul le statut « Identité qualifiée » l'autorise.",
                *RNIV,
            ),
            Point(
                "Pas d'adresse MSSanté du patient (matricule INS@patient.mssante.fr) : elle "
                "suppose une identité qualifiée.",
                *FR_CORE,
            ),
        ]
    outcome.forbids.append(
        Point(
            "Ne pas saisir le matricule INS à la main : il vient du téléservice INSi "
            "(règle appliquée par les éditeurs de logiciels).",
            *RNIV,
            unverified=True,
        )
    )
    if attribute:
        outcome.forbids.append(
            Point("Ne pas interroger le téléservice INSi pour cette identité.", *RNIV)
        )
    else:
        outcome.next_steps = [t for t in TRANSITIONS if t.start == status.code]
        if status.code != PROV:
            outcome.next_steps.append(TRANSITIONS[5])
    if special_case:
        outcome.special_case = SPECIAL_CASES[special_case][1]
    return outcome
