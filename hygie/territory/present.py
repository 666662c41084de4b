"""The dashboard as tables and sentences: the page, the PDF and the workbook
all show these, so that they publish exactly the same figures."""

from __future__ import annotations

from dataclasses import dataclass, field

from hygie.lib.disclosure import THRESHOLD, shown
from hygie.lib.french import count
from hygie.territory import labels, stats

HIDDEN = "—"
LEGEND = (
    f"« — » : chiffre masqué, parce qu'il porte sur moins de {THRESHOLD} structures ou "
    "pour qu'un chiffre masqué ne puisse pas être retrouvé par soustraction."
)


# Sheet names of the workbook (at most 31 characters, no colon).
SHEETS = {
    "indice": "Indice",
    "tranches": "Tranches d'indice",
    "mesures": "Mesures clés",
    "quiz": "Cyberquiz",
    "incidents": "Incidents",
    "conformite": "Droits et registre",
    "professions": "Par profession",
    "departements": "Par département",
    "evolution": "Évolution",
}


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    note: str
    header: list[str]
    rows: list[list[str]] = field(default_factory=list)


def cell(value: int | None, suffix: str = "") -> str:
    return HIDDEN if value is None else f"{value}{suffix}"


def structures(n: int) -> str:
    return count(n, "structure")


def covers(n: int) -> str:
    """How many practices a figure covers, itself hidden under the threshold."""
    return structures(n) if shown(n) else f"moins de {THRESHOLD}"


def quartile_cells(d: stats.Distribution) -> list[str]:
    return [cell(d.q1), cell(d.median), cell(d.q3), covers(d.covers)]


def sections(board) -> list[Section]:
    s, names = board.summary, board.names
    if not s.published:
        return []
    found = []
    quartiles = ["1er quartile", "Médiane", "3e quartile", "Structures couvertes"]
    rows = [["Indice global", *quartile_cells(s.indice)]]
    rows += [[names.theme(t), *quartile_cells(d)] for t, d in s.themes.items()]
    found.append(
        Section(
            "indice",
            "Indice d'hygiène numérique (sur 100)",
            "Dernier diagnostic terminé de chaque structure, actions du plan faites comprises.",
            ["Indice", *quartiles],
            rows,
        )
    )
    rows = [
        [f"Indice {stats.BAND_LABELS[key]}", cell(s.bands.value("", key))]
        for key, *_ in stats.BANDS
    ]
    rows.append(["Total", cell(s.bands.total)])
    found.append(
        Section(
            "tranches",
            "Répartition des structures par tranche d'indice",
            "",
            ["Tranche", "Structures"],
            rows,
        )
    )
    rows = []
    for share in s.measures:
        measure = names.measures.get(share.key)
        rows.append(
            [
                measure.title if measure else share.key,
                cell(share.in_place),
                cell(share.percent, " %"),
                covers(share.covers),
            ]
        )
    found.append(
        Section(
            "mesures",
            "Mesures clés en place",
            "Les mesures de plus grand poids du diagnostic ; une structure compte là où la mesure la concerne.",
            ["Mesure", "Structures où elle est en place", "Part", "Structures couvertes"],
            rows,
        )
    )
    rows = [
        [
            names.quiz_theme(t),
            cell(r.percent, " %"),
            str(r.base) if r.percent is not None else HIDDEN,
            covers(r.covers),
        ]
        for t, r in s.quiz.items()
    ]
    found.append(
        Section(
            "quiz",
            "Cyberquiz : bonnes réponses par thème",
            "Réponses des douze derniers mois, anonymes, mises en commun.",
            ["Thème", "Bonnes réponses", "Réponses", "Structures couvertes"],
            rows,
        )
    )
    rows = [
        [names.incident(kind), *[cell(s.incidents[(kind, m)]) for m in s.incident_months]]
        for kind in s.incident_kinds
    ]
    found.append(
        Section(
            "incidents",
            "Incidents déclarés, par type et par mois",
            "Nombres seulement, sans aucun détail ; un mois n'est montré que s'il compte au moins "
            f"{THRESHOLD} incidents déclarés par au moins {THRESHOLD} structures. Structures ayant déclaré un incident : "
            f"{covers(s.incidents_covers)}.",
            ["Type", *[labels.month(m) for m in s.incident_months]],
            rows,
        )
    )
    register_complete = s.register_complete.value("", stats.IN_PLACE)
    rows = [
        [
            "Demandes des patients traitées dans le délai",
            cell(s.requests.percent, " %"),
            covers(s.requests.covers),
        ],
        [
            "Complétude médiane du registre RGPD",
            cell(s.register.median, " %"),
            covers(s.register.covers),
        ],
        [
            "Registres complets (article 30 du RGPD)",
            cell(register_complete),
            covers(s.register.covers),
        ],
    ]
    found.append(
        Section(
            "conformite",
            "Droits des patients et registre",
            "Demandes répondues au cours des douze derniers mois.",
            ["Indicateur", "Valeur", "Structures couvertes"],
            rows,
        )
    )
    for key, title, groups, total, name in (
        ("professions", "Par profession", s.professions, s.professions_total, labels.profession),
        ("departements", "Par département", s.areas, s.areas_total, labels.departement),
    ):
        rows = [[name(g.key), cell(g.count), *quartile_cells(g.indice)[:3]] for g in groups]
        rows.append(["Total", cell(total), "", "", ""])
        found.append(
            Section(
                key,
                title,
                "Indice global de chaque groupe, montré si le groupe compte au moins "
                f"{THRESHOLD} structures.",
                ["Groupe", "Structures", "1er quartile", "Médiane", "3e quartile"],
                rows,
            )
        )
    rows = [[labels.month(m), *quartile_cells(d)] for m, d in s.trends]
    found.append(
        Section(
            "evolution",
            "Évolution de l'indice, mois par mois",
            "Structures participant aujourd'hui, d'après leurs indicateurs de chaque mois.",
            ["Mois", *quartiles],
            rows,
        )
    )
    return found


def where_to_act(board) -> list[str]:
    """The weakest measures and the themes for the next training, in French, with their source."""
    s, names = board.summary, board.names
    if not s.published:
        return []
    said = []
    for share in s.weakest_measures:
        measure = names.measures.get(share.key)
        if measure is None:
            continue
        source = "; ".join(measure.sources[:1]) or "diagnostic d'hygiène numérique de Hygie"
        said.append(
            f"Mesure peu en place : « {measure.title} », en place dans {share.percent} % des "
            f"{structures(share.covers)} concernées (thème « {names.theme(measure.theme)} »). "
            f"Source : {source}."
        )
    for theme in s.weakest_quiz:
        rate = s.quiz[theme]
        said.append(
            f"Thème à mettre dans la prochaine formation : « {names.quiz_theme(theme)} », "
            f"{rate.percent} % de bonnes réponses au cyberquiz ({structures(rate.covers)}). "
            "Source : réponses anonymes au cyberquiz de Hygie."
        )
    for theme in s.weakest_themes:
        d = s.themes[theme]
        said.append(
            f"Thème du diagnostic le plus faible : « {names.theme(theme)} », indice médian "
            f"{d.median} sur 100 ({structures(d.covers)}). "
            "Source : diagnostic d'hygiène numérique de Hygie (mémento de sécurité de l'ANS)."
        )
    return said


def headline(board) -> str:
    s = board.summary
    if s.published:
        return f"{structures(s.count)} partagent leurs indicateurs avec le territoire."
    return (
        f"{structures(s.count)} {'partagent' if s.count > 1 else 'partage'} pour l'instant leurs "
        f"indicateurs. Aucun chiffre n'est montré tant que le territoire compte moins de {THRESHOLD} "
        "structures : avec si peu de structures, un chiffre pourrait révéler la situation de "
        "l'une d'elles."
    )


def xlsx_sheets(board) -> list[tuple[str, list[str], list[list[str]]]]:
    sheets = [("Synthèse", ["Territoire"], [[headline(board)], [LEGEND]])]
    if board.summary.published:
        sheets.append(("Où agir", ["Constat"], [[line] for line in where_to_act(board)]))
    for section in sections(board):
        sheets.append((SHEETS[section.key], section.header, section.rows))
    return sheets


def page_context(board) -> dict:
    """What the page and the PDF show. Callables: the page calls them only
    when its cached figures' fragment is stale."""
    return {
        "board": board,
        "summary": board.summary,
        "headline": headline(board),
        "sections": lambda: sections(board),
        "where": lambda: where_to_act(board),
        "legend": LEGEND,
    }
