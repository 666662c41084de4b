"""`hygie identite auditer FICHIER [--sortie PAIRES.csv] [--moteur duckdb|spark]`.

Reads an identity file, looks for potential doublons and collisions and anomalies
(hygie.identity.audit), prints a summary in French, writes one row per pair when
asked. Progress goes to standard error, so that the summary can be piped.
"""

from __future__ import annotations

import csv
import os
import tempfile
import time
from pathlib import Path

from django.core.management.base import CommandError

from hygie.identity.audit import CANONICAL_COLUMNS, ENGINES, audit

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
    parser.add_argument("fichier", type=Path, help="fichier d'identités (CSV)")
    parser.add_argument("--sortie", type=Path, help="CSV des paires à écrire (une ligne par paire)")
    parser.add_argument(
        "--moteur",
        choices=ENGINES,
        default="duckdb",
        help="duckdb (une machine, par défaut) ou spark (grappe Apache Spark)",
    )


def load(path: Path):
    """The file as a pyarrow.Table with the canonical columns.

    For now the canonical CSV (';', UTF-8, a header naming the canonical columns),
    as bench/identity/generate.py writes it; the general intake of practice
    exports (any separator, encoding, XLSX, French headers) takes this place.
    """
    import pyarrow as pa
    import pyarrow.csv as pacsv

    try:
        table = pacsv.read_csv(
            path,
            parse_options=pacsv.ParseOptions(delimiter=";"),
            convert_options=pacsv.ConvertOptions(
                column_types={c: pa.string() for c in CANONICAL_COLUMNS},
                strings_can_be_null=False,
            ),
        )
    except (pa.ArrowInvalid, UnicodeDecodeError) as error:
        raise CommandError(f"Fichier illisible : {path} ({error}).") from error
    missing = [c for c in CANONICAL_COLUMNS if c not in table.column_names]
    if missing:
        raise CommandError(f"Colonnes absentes de {path} : {', '.join(missing)}.")
    return table


def run(command, options) -> None:
    path: Path = options["fichier"]
    if not path.is_file():
        raise CommandError(f"Fichier introuvable : {path}.")
    started = time.perf_counter()
    table = load(path)
    last = [-1.0]

    def progress(share: float, step: str) -> None:
        if share - last[0] >= 0.05 or share >= 1.0:
            last[0] = share
            command.stderr.write(f"[{share * 100:3.0f} %] {step}")
            command.stderr.flush()

    result = audit(table, engine=options["moteur"], progress=progress)
    if options.get("sortie"):
        write_pairs(options["sortie"], result.pairs)
    command.stdout.write(summary_text(result, time.perf_counter() - started, options.get("sortie")))


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
                        _safe(p.id_a),
                        _safe(p.id_b),
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


def _safe(value: str) -> str:
    """No formula reaches a spreadsheet (CSV injection)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def summary_text(result, seconds: float, output: Path | None) -> str:
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
    if output:
        lines.append(f"Paires écrites dans {output}.")
    return "\n".join(lines) + "\n"
