"""The register as tables (XLSX, ODS) and as the text for a website."""

from __future__ import annotations

from hygie.register.models import CLAUSES, Hds, Location
from hygie.register.retention import Rule

# The headings of a register of processing activities, RGPD art. 30(1)(a)-(g),
# one processing per row.
REGISTER_HEADER = [
    "Traitement",
    "Mis à jour le",
    "Responsable du traitement (art. 30(1)(a))",
    "Délégué à la protection des données ou référent",
    "Finalités (art. 30(1)(b))",
    "Base légale (art. 6)",
    "Données de santé : condition (art. 9)",
    "Catégories de personnes concernées (art. 30(1)(c))",
    "Catégories de données (art. 30(1)(c))",
    "Destinataires (art. 30(1)(d))",
    "Sous-traitants",
    "Transferts hors de l'Union européenne (art. 30(1)(e))",
    "Durées de conservation (art. 30(1)(f))",
    "Mesures de sécurité (art. 30(1)(g))",
]
PROCESSORS_HEADER = [
    "Sous-traitant",
    "Service",
    "Traitements concernés",
    "Certifié HDS",
    "Fin du certificat HDS",
    "Lieu des données",
    "Pays hors EEE",
    "Clauses de l'art. 28 présentes",
    "Clauses de l'art. 28 manquantes",
    "Questionnaire fournisseur",
]


def _joined(items: list[str]) -> str:
    return "\n".join(items)


def register_table(data: dict) -> tuple[list[str], list[list[str]]]:
    c = data["controller"]
    controller = " — ".join(x for x in (c["name"], c["address"], c["contact"]) if x)
    dpo = " — ".join(x for x in (c["dpo_name"], c["dpo_contact"]) if x)
    rows = [
        [
            p["title"],
            p["updated"][:10],
            controller,
            dpo,
            _joined(p["purposes"]),
            p["legal_basis"],
            p["article9"],
            _joined(p["persons"]),
            _joined(p["data_categories"]),
            _joined(p["recipients"]),
            _joined(p["processors"]),
            p["transfers"],
            _joined(
                f"{r['what']} : {Rule.from_data(r).describe()}"
                + ("" if r.get("verified", True) else " (règle non vérifiée)")
                for r in p["retention"]
            ),
            _joined(p["security"]),
        ]
        for p in data["processings"]
    ]
    return REGISTER_HEADER, rows


def processors_table(data: dict) -> tuple[list[str], list[list[str]]]:
    hds, where, labels = dict(Hds.choices), dict(Location.choices), dict(CLAUSES)
    rows = [
        [
            s["name"],
            s["service"],
            _joined(s["processings"]),
            hds[s["hds"]],
            s["hds_until"] or "",
            where[s["location"]],
            s["country"],
            _joined(labels[k] for k, v in s["clauses"].items() if v),
            _joined(labels[k] for k, v in s["clauses"].items() if not v),
            s["questionnaire"],
        ]
        for s in data["processors"]
    ]
    return PROCESSORS_HEADER, rows


def website_text(data: dict) -> str:
    """A short notice for the practice's website or booking page."""
    c = data["controller"]
    purposes = sorted({x for p in data["processings"] for x in p["purposes"]})[:8]
    channel = c["rights_channel"] or f"auprès de {c['name']}"
    lines = [
        f"Vos données personnelles au {c['name']}",
        "",
        f"{c['name']} traite vos données pour vous soigner et gérer votre prise en charge : "
        + "; ".join(p[0].lower() + p[1:] for p in purposes)
        + ".",
        "Vos données de santé sont couvertes par le secret médical. Elles ne sont "
        "communiquées qu'aux professionnels qui vous prennent en charge et aux organismes "
        "prévus par la loi, comme l'Assurance Maladie.",
        f"Vous pouvez accéder à vos données, les faire rectifier ou vous opposer à certains "
        f"traitements {channel}. Vous pouvez aussi adresser une réclamation à la CNIL "
        "(www.cnil.fr).",
    ]
    record = next((p for p in data["processings"] if p["template"] == "dossier-patient"), None)
    if record and record["retention"]:
        rule = Rule.from_data(record["retention"][0])
        lines.insert(4, f"Conservation de votre dossier : {rule.describe()}")
    if c["dpo_name"]:
        lines.append(f"Contact pour vos données : {c['dpo_name']} {c['dpo_contact']}".strip())
    return "\n".join(lines)
