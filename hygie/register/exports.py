"""The register as tables (XLSX, ODS), one processing per row."""

from __future__ import annotations

from hygie.register.models import CLAUSES, Hds, Location
from hygie.register.printed import note_text
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
    "Durées à confirmer (notes)",
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
    """The register's table, from a described snapshot (register.printed.describe):
    an unverified rule carries its footnote mark, and the row the footnotes of
    its rules."""
    notes = {n["number"]: note_text(n) for n in data.get("notes", [])}
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
                f"{r['what']} : {Rule.from_data(r).describe()}{r.get('note_mark', '')}"
                for r in p["retention"]
            ),
            _joined(p["security"]),
            _joined(
                notes[n]
                for n in dict.fromkeys(
                    r["note_number"] for r in p["retention"] if "note_number" in r
                )
            ),
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
