"""`hygie identite auditer FICHIER [--sortie PAIRES.csv] [--moteur duckdb|spark]`.

Reads any practice export through the intake (hygie.identity.intake: CSV or
XLSX, its columns recognised from their headers; what could not be read listed
on standard error with its line and column), looks for potential doublons,
collisions and anomalies (hygie.identity.audit), prints a summary in French,
writes one row per pair when asked. Progress goes to standard error, so that the summary can be piped.
"""

from __future__ import annotations

import csv
import os
import tempfile
import time
from pathlib import Path

from django.core.management.base import CommandError

from hygie.identity import intake
from hygie.identity.audit import ENGINES, audit

# Pure computation on a file: the command runs without a prepared database.
NEEDS_DATABASE = False
# The command is for big files (a GRADeS, a regional server): no web upload limit.
LIMITS = intake.Limits(max_bytes=2 * 1024 * 1024 * 1024)
# Share of the progress given to reading the file (the audit has the rest).
READ_SHARE = 0.3
HELP = "Cherche les doublons et collisions potentiels d'un fichier d'identités."
PAIR_COLUMNS = [
    "identifiant_a",
    "identifiant_b",
    "type",
    "probabilite",
    "traits_concordants",
    "traits_differents",
]
# Published rates of duplicate identities in French health records (anchors).
PUBLISHED_RATES = (0.01, 0.04)


def add_arguments(parser) -> None:
    parser.add_argument(
        "fichier", type=Path, help="fichier d'identités exporté du logiciel (CSV ou XLSX)"
    )
    parser.add_argument("--feuille", help="feuille à lire d'un classeur XLSX (la première sinon)")
    parser.add_argument("--sortie", type=Path, help="CSV des paires à écrire (une ligne par paire)")
    parser.add_argument(
        "--moteur",
        choices=ENGINES,
        default="duckdb",
        help="duckdb (une machine, par défaut) ou spark (grappe Apache Spark)",
    )


def read(path: Path, command=None, *, sheet: str | None = None, progress=None):
    """The file as a pyarrow.Table with the canonical columns, via the intake.

    Any practice export (CSV with any separator and encoding, XLSX), its columns
    recognised from their French headers (the proposed mapping). What could not
    be read is listed on standard error, with its line and column.
    """
    try:
        result = intake.read(path, sheet=sheet, progress=progress, limits=LIMITS)
    except intake.IntakeError as error:
        raise CommandError(f"{path} : {error.message_fr}") from None
    if command is not None:
        err = command.stderr
        for name, column in _mapping_lines(result.mapping):
            err.write(f"Colonne « {column} » : {name}")
        for notice in result.notices:
            err.write(notice)
        for problem in result.problems:
            err.write(f"Ligne {problem.line}, colonne {problem.column} : {problem.message_fr}")
        hidden = result.problem_count - len(result.problems)
        if hidden > 0:
            err.write(f"… et {intake.number_fr(hidden)} autres problèmes non listés.")
        err.flush()
    return result


def _mapping_lines(mapping) -> list[tuple[str, str]]:
    return [
        (intake.FIELD_LABELS[name], mapping.columns[index])
        for name, index in mapping.fields.items()
        if index is not None
    ]


def run(command, options) -> None:
    path: Path = options["fichier"]
    if not path.is_file():
        raise CommandError(f"Fichier introuvable : {path}.")
    started = time.perf_counter()
    last = [-1.0]

    def progress(share: float, step: str) -> None:
        if share - last[0] >= 0.05 or share >= 1.0:
            last[0] = share
            command.stderr.write(f"[{share * 100:3.0f} %] {step}")
            command.stderr.flush()

    def reading(share: float, step: str) -> None:
        progress(share * READ_SHARE, step)

    def auditing(share: float, step: str) -> None:
        progress(READ_SHARE + share * (1 - READ_SHARE), step)

    result = read(path, command, sheet=options.get("feuille"), progress=reading)
    if result.table.num_rows == 0:
        raise CommandError(f"{path} : aucune identité n'a pu être lue.")
    found = audit(result.table, engine=options["moteur"], progress=auditing)
    if options.get("sortie"):
        write_pairs(options["sortie"], found.pairs)
    command.stdout.write(
        summary_text(
            found,
            time.perf_counter() - started,
            options.get("sortie"),
            not_read=result.problem_count,
        )
    )


def write_pairs(path: Path, pairs) -> None:
    """Written beside the target then renamed: never a half-written file."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent or ".", prefix=".paires-", suffix=".csv")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(PAIR_COLUMNS)
            for p in pairs:
                writer.writerow(
                    [
                        intake.safe_cell(p.id_a),
                        intake.safe_cell(p.id_b),
                        p.kind,
                        f"{p.probability:.4f}",
                        " ".join(p.agree),
                        " ".join(p.differ),
                    ]
                )
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def summary_text(result, seconds: float, output: Path | None, not_read: int = 0) -> str:
    s = result.summary
    rate = s["taux_doublons"]
    low, high = PUBLISHED_RATES
    if rate < low:
        compared = "en dessous des 1 à 4 % publiés pour les établissements français"
    elif rate <= high:
        compared = "dans la fourchette de 1 à 4 % publiée pour les établissements français"
    else:
        compared = "au-dessus des 1 à 4 % publiés pour les établissements français"
    lines = [
        f"{s['enregistrements']:,} identités analysées en {seconds:.1f} s.".replace(",", " "),
        f"Doublons potentiels : {s['doublons']} paires, {s['groupes']} groupes, "
        f"{s['fiches_en_double']} fiches en trop ({rate * 100:.1f} %, {compared}).",
        f"Collisions potentielles (un NIR pour deux personnes) : {s['collisions']} paires ; "
        f"NIR incohérents avec la fiche : {s['anomalies_par_type'].get('nir_incoherent', 0)}.",
        f"Jumeaux ou apparentés tenus à part (jamais fusionnés) : {s['jumeaux_ou_apparentes']}.",
        f"Anomalies : {s['anomalies']}"
        + (
            " (" + ", ".join(f"{k} {v}" for k, v in s["anomalies_par_type"].items()) + ")"
            if s["anomalies_par_type"]
            else ""
        )
        + ".",
    ]
    if s["blocs_plafonnes_total"]:
        lines.append(
            f"Blocs trop grands non comparés : {s['blocs_plafonnes_total']} "
            "(un nom ou une date partagés par trop de fiches)."
        )
    if not_read:
        lines.append(
            f"Problèmes de lecture : {intake.number_fr(not_read)} (listés sur la sortie d'erreur)."
        )
    if output:
        lines.append(f"Paires écrites dans {output}.")
    return "\n".join(lines) + "\n"
