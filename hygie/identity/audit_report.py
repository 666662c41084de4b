"""The audit's results as people read them: the page, a pair, the downloads, the PDF.

Takes the results as hygie/identity/audit_jobs.py keeps them (a dict of plain
values) and gives the French rows and figures the templates show. No Django.
"""

from __future__ import annotations

from typing import Any

from hygie.identity import intake

# Published rates of duplicate identities in French health records (anchors.md).
PUBLISHED_RATES = (0.01, 0.04)
SHOWN = 200  # rows per section on the page
IN_PDF = 500  # rows per section in the PDF report

TRAITS = {
    "nom_naissance": "Nom de naissance",
    "nom_utilise": "Nom utilisé",
    "prenoms": "Prénoms",
    "sexe": "Sexe",
    "date_naissance": "Date de naissance",
    "lieu_naissance": "Lieu de naissance",
    "nir": "NIR / matricule INS",
    "statut": "Statut",
}
ANOMALY_LABELS = {
    "traits_manquants": "Traits stricts manquants",
    "date_impossible": "Date de naissance impossible",
    "nir_format": "NIR mal formé",
    "nir_cle": "Clé du NIR invalide",
    "nir_incoherent": "NIR incohérent avec la fiche",
    "traits_ins_casse": "Traits INS en minuscules ou accentués",
    "homonyme": "Homonymes à surveiller",
}
KIND_LABELS = {"doublon": "Doublon potentiel", "collision": "Collision potentielle"}

PAIR_HEADER = [
    "identifiant_a",
    "identifiant_b",
    "type",
    "probabilite",
    "traits_concordants",
    "traits_differents",
    "ligne_a",
    "ligne_b",
    "nom_naissance_a",
    "nom_naissance_b",
    "prenoms_a",
    "prenoms_b",
    "date_naissance_a",
    "date_naissance_b",
]


def percent(share: float) -> str:
    return f"{share * 100:.1f} %".replace(".", ",")


def date_fr(value: str) -> str:
    """'1950-03-15' as 15/03/1950; unknown parts stay 00."""
    if len(value) == 10 and value[4] == "-" and value[7] == "-":
        return f"{value[8:10]}/{value[5:7]}/{value[:4]}"
    return value


def trait_names(names: list[str]) -> list[str]:
    return [TRAITS.get(n, n) for n in names]


def summary(results: dict) -> dict[str, Any]:
    s = results["summary"]
    rate = float(s.get("taux_doublons", 0.0))
    low, high = PUBLISHED_RATES
    if rate < low:
        compared = "en dessous de la fourchette de 1 à 4 % publiée pour les établissements français"
        level = "below"
    elif rate <= high:
        compared = "dans la fourchette de 1 à 4 % publiée pour les établissements français"
        level = "within"
    else:
        compared = "au-dessus de la fourchette de 1 à 4 % publiée pour les établissements français"
        level = "above"
    return {
        "records": int(s.get("enregistrements", 0)),
        "doublons": int(s.get("doublons", 0)),
        "groups": int(s.get("groupes", 0)),
        "extra_records": int(s.get("fiches_en_double", 0)),
        "rate": percent(rate),
        "compared": compared,
        "level": level,
        "collisions": int(s.get("collisions", 0)),
        "twins": int(s.get("jumeaux_ou_apparentes", 0)),
        "anomalies": int(s.get("anomalies", 0)),
        "anomaly_kinds": [
            (ANOMALY_LABELS.get(k, k), v) for k, v in s.get("anomalies_par_type", {}).items()
        ],
        "capped": int(s.get("blocs_plafonnes_total", 0)),
        "problem_count": int(results.get("problem_count", 0)),
        "lines_not_read": int(results.get("lines_not_read", 0)),
    }


def pair_rows(results: dict, kind: str, limit: int | None = SHOWN) -> list[dict]:
    rows = []
    for index, p in enumerate(results["pairs"]):
        if p["kind"] != kind:
            continue
        a = results["records"].get(p["a"], {})
        b = results["records"].get(p["b"], {})
        rows.append(
            {
                "index": index,
                "a": p["a"],
                "b": p["b"],
                "name_a": _name(a),
                "name_b": _name(b),
                "date_a": date_fr(a.get("date_naissance", "")),
                "date_b": date_fr(b.get("date_naissance", "")),
                "probability": percent(p["probability"]),
                "agree": trait_names(p["agree"]),
                "differ": trait_names(p["differ"]),
            }
        )
        if limit is not None and len(rows) >= limit:
            break
    return rows


def _name(record: dict) -> str:
    name = record.get("nom_naissance", "")
    used = record.get("nom_utilise", "")
    if used and used != name:
        name = f"{name} ({used})"
    return f"{name} {record.get('prenoms', '')}".strip()


def groups(results: dict, limit: int | None = SHOWN) -> list[list[str]]:
    """The groups of more than two records (two are a pair, listed as such)."""
    big = [g for g in results["groups"] if len(g) > 2]
    big.sort(key=len, reverse=True)
    return big[:limit] if limit is not None else big


def anomalies(results: dict, limit: int | None = SHOWN) -> list[dict]:
    rows = [
        {
            "identifiant": a[0],
            "ligne": a[1],
            "kind": ANOMALY_LABELS.get(a[2], a[2]),
            "message": a[3],
        }
        for a in results["anomalies"][: limit if limit is not None else None]
    ]
    return rows


def problems(results: dict) -> list[dict]:
    return [{"line": p[0], "column": p[1], "message": p[2]} for p in results["problems"]]


def pair_detail(results: dict, index: int) -> dict | None:
    """One pair: both records trait by trait, each marked agreeing, differing or neither."""
    if not 0 <= index < len(results["pairs"]):
        return None
    p = results["pairs"][index]
    a = results["records"].get(p["a"], {})
    b = results["records"].get(p["b"], {})
    traits = []
    for name, label in TRAITS.items():
        value_a, value_b = a.get(name, ""), b.get(name, "")
        if name == "date_naissance":
            value_a, value_b = date_fr(value_a), date_fr(value_b)
        if name in p["differ"]:
            verdict = "differ"
        elif name in p["agree"]:
            verdict = "agree"
        else:
            verdict = ""
        traits.append({"label": label, "a": value_a, "b": value_b, "verdict": verdict})
    return {
        "index": index,
        "kind": p["kind"],
        "kind_label": KIND_LABELS.get(p["kind"], p["kind"]),
        "probability": percent(p["probability"]),
        "a": p["a"],
        "b": p["b"],
        "line_a": a.get("ligne", ""),
        "line_b": b.get("ligne", ""),
        "traits": traits,
        "agree": trait_names(p["agree"]),
        "differ": trait_names(p["differ"]),
    }


def export_rows(results: dict, kind: str) -> list[list[Any]]:
    """One row per pair of `kind`, every cell safe to open in a spreadsheet."""
    rows = []
    for p in results["pairs"]:
        if p["kind"] != kind:
            continue
        a = results["records"].get(p["a"], {})
        b = results["records"].get(p["b"], {})
        rows.append(
            [
                intake.safe_cell(p["a"]),
                intake.safe_cell(p["b"]),
                p["kind"],
                round(float(p["probability"]), 4),
                " ".join(p["agree"]),
                " ".join(p["differ"]),
                a.get("ligne", ""),
                b.get("ligne", ""),
                intake.safe_cell(a.get("nom_naissance", "")),
                intake.safe_cell(b.get("nom_naissance", "")),
                intake.safe_cell(a.get("prenoms", "")),
                intake.safe_cell(b.get("prenoms", "")),
                a.get("date_naissance", ""),
                b.get("date_naissance", ""),
            ]
        )
    return rows
