"""What a register lacks, in the sense of RGPD art. 30(1): pure functions of a
register's snapshot (see register.snapshot)."""

from __future__ import annotations

# (field of a processing, what art. 30(1) calls it)
REQUIRED = [
    ("purposes", "les finalités (art. 30(1)(b))"),
    ("persons", "les catégories de personnes concernées (art. 30(1)(c))"),
    ("data_categories", "les catégories de données (art. 30(1)(c))"),
    ("recipients", "les catégories de destinataires (art. 30(1)(d))"),
    ("transfers", "les transferts hors de l'Union européenne, ou leur absence (art. 30(1)(e))"),
    ("retention", "les durées de conservation (art. 30(1)(f))"),
    ("security", "les mesures de sécurité (art. 30(1)(g))"),
]


def missing(snapshot: dict) -> list[str]:
    """Each gap of the register, in French; empty when it is complete."""
    gaps = []
    controller = snapshot.get("controller") or {}
    if not controller.get("name") or not controller.get("contact"):
        gaps.append("Le nom et les coordonnées du responsable du traitement (art. 30(1)(a)).")
    processings = snapshot.get("processings") or []
    if not processings:
        gaps.append("Aucun traitement : ajoutez au moins celui du dossier des patients.")
    for p in processings:
        for key, label in REQUIRED:
            if not p.get(key):
                gaps.append(f"« {p.get('title') or 'Traitement sans nom'} » : {label}.")
    if not snapshot.get("dpo"):
        gaps.append("La décision sur le délégué à la protection des données et l'analyse d'impact.")
    return gaps


def warnings(snapshot: dict) -> list[str]:
    """What is not required by art. 30 but should be looked at: the processors."""
    found = []
    for s in snapshot.get("processors") or []:
        name = s.get("name") or "Sous-traitant sans nom"
        if s.get("hds") == "inconnu":
            found.append(f"{name} : certification HDS à vérifier (CSP, art. L1111-8).")
        clauses = s.get("clauses") or {}
        if not clauses or not all(clauses.values()):
            found.append(f"{name} : contrat sans toutes les clauses de l'art. 28 du RGPD.")
        if s.get("location") == "inconnu":
            found.append(f"{name} : lieu d'hébergement des données à vérifier.")
    return found
