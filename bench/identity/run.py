"""Hygie's identity audit side by side with Splink, on generated French identities.

    .venv/bin/pip install -e '.[bench]'
    .venv/bin/python bench/identity/run.py [--tailles 10000,100000,1000000] [--runs N]
        [--outils hygie,splink] [--graine 1]

For each size, a file is generated (bench/identity/generate.py, with its truth),
then each tool runs in its own subprocess on it: wall-clock seconds (start of the
process and reading of the file included), peak memory (the subprocess's maximum
RSS, as getrusage reports it at its end), and the
pairwise precision, recall and F1 on duplicate pairs against the truth; for
collisions (one NIR on two people), how many true collision pairs each tool
reports as collisions, and how many it proposes as doublons (wrongful merges).
With --runs N, seconds and memory are given as ranges. Results go to
bench/identity/results/<date>-<commit>.json.

Splink is configured as its documentation suggests for deduplication on DuckDB:
cleaned names (uppercase, no accents or punctuation), several blocking rules,
name comparisons with Jaro-Winkler levels, its date-of-birth comparison, term
frequencies on surnames, λ from a deterministic rule, u from ten million random
pairs, m by EM on two blocking passes, prediction at probability ≥ 0.9.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import itertools
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))


def load(path: Path):
    """The generated file (canonical CSV: ';', UTF-8, canonical header) read as is.

    The bench keeps this fast reader of its own rather than the intake
    (hygie.identity.intake, which `hygie identite auditer` uses): both tools get
    the very same values, the intake's normalisation (dates, NIRs, statuses)
    does not stand between the generator's errors and the audit, and the
    figures stay comparable with earlier runs.
    """
    import pyarrow as pa
    import pyarrow.csv as pacsv

    from hygie.identity.audit import CANONICAL_COLUMNS

    return pacsv.read_csv(
        path,
        parse_options=pacsv.ParseOptions(delimiter=";"),
        convert_options=pacsv.ConvertOptions(
            column_types={c: pa.string() for c in CANONICAL_COLUMNS},
            strings_can_be_null=False,
        ),
    )


# --- the tools, each run in a child process ------------------------------------------------
def run_hygie(path: Path, out: Path) -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hygie.settings")
    from hygie.identity.audit import audit

    table = load(path)
    result = audit(table)
    with out.open("w", newline="") as f:
        w = csv.writer(f)
        for p in result.pairs:
            w.writerow([p.id_a, p.id_b, p.kind, p.probability])
    return {"paires_candidates": result.summary["paires_candidates"]}


def run_splink(path: Path, out: Path) -> dict:
    import duckdb
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    con = duckdb.connect()
    con.execute(f"""CREATE TABLE people AS SELECT
        identifiant AS unique_id,
        nullif(regexp_replace(strip_accents(upper(nom_naissance)), '[^A-Z ]', '', 'g'), '') AS nom,
        nullif(regexp_replace(strip_accents(upper(nom_utilise)), '[^A-Z ]', '', 'g'), '') AS nom_utilise,
        nullif(split_part(regexp_replace(strip_accents(upper(prenoms)), '[^A-Z -]', '', 'g'), ' ', 1), '')
            AS prenom,
        nullif(sexe, '') AS sexe,
        CASE WHEN regexp_full_match(date_naissance, '[0-9]{{4}}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])')
             THEN try_cast(date_naissance AS DATE) END AS date_naissance,
        nullif(substr(date_naissance, 1, 4), '') AS annee,
        nullif(lieu_naissance, '') AS lieu,
        nullif(substr(regexp_replace(nir, '[^0-9AB]', '', 'g'), 1, 13), '') AS nir
        FROM read_csv('{path}', delim=';', header=true, all_varchar=true)""")
    df = con.table("people")
    settings = SettingsCreator(
        link_type="dedupe_only",
        blocking_rules_to_generate_predictions=[
            block_on("nir"),
            block_on("nom", "date_naissance"),
            block_on("prenom", "date_naissance"),
            block_on("nom", "prenom", "annee"),
            block_on("nom_utilise", "prenom", "annee"),
        ],
        comparisons=[
            cl.NameComparison("nom").configure(term_frequency_adjustments=True),
            cl.NameComparison("prenom"),
            cl.DateOfBirthComparison("date_naissance", input_is_string=False),
            cl.ExactMatch("sexe"),
            cl.ExactMatch("lieu"),
            cl.ExactMatch("nir"),
        ],
        retain_intermediate_calculation_columns=False,
        retain_matching_columns=False,
    )
    linker = Linker(df, settings, db_api=DuckDBAPI(connection=con))
    linker.training.estimate_probability_two_random_records_match(
        [block_on("nom", "prenom", "date_naissance")], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=1e7, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("date_naissance"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("nom", "prenom"))
    predictions = linker.inference.predict(threshold_match_probability=0.9)
    rows = con.execute(
        f"SELECT unique_id_l, unique_id_r, match_probability FROM {predictions.physical_name}"
    ).fetchall()
    with out.open("w", newline="") as f:
        w = csv.writer(f)
        for a, b, p in rows:
            w.writerow([a, b, "doublon", p])
    return {}


TOOLS = {"hygie": run_hygie, "splink": run_splink}


def child(tool: str, path: str, out: str) -> None:
    import logging

    logging.disable(logging.WARNING)
    started = time.perf_counter()
    extra = TOOLS[tool](Path(path), Path(out))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {"secondes_internes": time.perf_counter() - started, "memoire_mo": peak, **extra}
        )
    )


def measure(tool: str, path: Path) -> dict:
    """Run one tool in a subprocess: its result, seconds and peak RSS."""
    with tempfile.NamedTemporaryFile(suffix=".csv", delete=False) as tmp:
        out = Path(tmp.name)
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, __file__, "--enfant", tool, str(path), str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    stdout, stderr = proc.communicate()
    wall = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"{tool} a échoué sur {path} :\n{stderr[-3000:]}")
    info = json.loads(stdout.strip().splitlines()[-1])
    pairs = []
    with out.open() as f:
        for a, b, kind, p in csv.reader(f):
            pairs.append((a, b, kind, float(p)))
    out.unlink()
    return {**info, "secondes": round(wall, 2), "pairs": pairs}


# --- truth and scores -------------------------------------------------------------------
def truth(path: Path):
    person, nir_of = {}, {}
    with path.with_suffix(".verite.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter=";"):
            person[row["identifiant"]] = row["personne"]
            if row["nir_de"]:
                nir_of[row["identifiant"]] = row["nir_de"]
    members = defaultdict(list)
    for ident, p in person.items():
        members[p].append(ident)
    dup = set()
    for ids in members.values():
        for a, b in itertools.combinations(sorted(ids), 2):
            dup.add((a, b))
    collisions = set()
    for ident, owner in nir_of.items():
        for other in members[person[owner]]:
            collisions.add(tuple(sorted((ident, other))))
    return dup, collisions


def score(pairs, dup, collisions) -> dict:
    predicted = {tuple(sorted((a, b))) for a, b, kind, _p in pairs if kind == "doublon"}
    flagged = {tuple(sorted((a, b))) for a, b, kind, _p in pairs if kind == "collision"}
    tp = len(predicted & dup)
    precision = tp / len(predicted) if predicted else 0.0
    recall = tp / len(dup) if dup else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "paires_proposees": len(predicted),
        "paires_vraies": len(dup),
        "precision": round(precision, 4),
        "rappel": round(recall, 4),
        "f1": round(f1, 4),
        "collisions_vraies": len(collisions),
        "collisions_trouvees": len(flagged & collisions),
        "collisions_signalees": len(flagged),
        "collisions_proposees_en_doublon": len(predicted & collisions),
    }


def span(values) -> str:
    return f"{values[0]}" if values[0] == values[1] else f"{values[0]}–{values[1]}"


def commit() -> str:
    try:
        return subprocess.check_output(
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], text=True
        ).strip()
    except (OSError, subprocess.CalledProcessError):
        return "inconnu"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tailles", default="10000,100000,1000000")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--outils", default="hygie,splink")
    parser.add_argument("--graine", type=int, default=1)
    parser.add_argument("--nom-frequent", type=float, default=0.0)
    parser.add_argument("--enfant", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.enfant:
        child(*args.enfant)
        return 0
    import generate

    tools = args.outils.split(",")
    results = {
        "date": datetime.date.today().isoformat(),
        "commit": commit(),
        "machine": f"{os.cpu_count()} cœurs",
        "runs": args.runs,
        "nom_frequent": args.nom_frequent,
        "tailles": {},
    }
    with tempfile.TemporaryDirectory() as tmp:
        for size in (int(s) for s in args.tailles.split(",")):
            path = Path(tmp) / f"identites-{size}.csv"
            gen = generate.Generator(args.graine, args.nom_frequent)
            generate.write(path, *gen.generate(size))
            dup, collisions = truth(path)
            results["tailles"][size] = {}
            for tool in tools:
                runs = [measure(tool, path) for _ in range(args.runs)]
                seconds = [r["secondes"] for r in runs]
                memory = [round(r["memoire_mo"]) for r in runs]
                entry = {
                    "secondes": [min(seconds), max(seconds)],
                    "memoire_mo": [min(memory), max(memory)],
                    **score(runs[0]["pairs"], dup, collisions),
                }
                if "paires_candidates" in runs[0]:
                    entry["paires_candidates"] = runs[0]["paires_candidates"]
                results["tailles"][size][tool] = entry
                print(
                    f"{size:>9} {tool:<7} {span(entry['secondes']):>12} s "
                    f"{span(entry['memoire_mo']):>14} Mo  P {entry['precision']:.4f} "
                    f"R {entry['rappel']:.4f} F1 {entry['f1']:.4f}  collisions "
                    f"{entry['collisions_trouvees']}/{entry['collisions_vraies']}, "
                    f"en doublon {entry['collisions_proposees_en_doublon']}",
                    flush=True,
                )
    out_dir = HERE / "results"
    out_dir.mkdir(exist_ok=True)
    suffix = ("-nom-frequent" if args.nom_frequent else "") + (
        "" if tools == ["hygie", "splink"] else "-" + "-".join(tools)
    )
    out = out_dir / f"{results['date'].replace('-', '')}-{results['commit']}{suffix}.json"
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"Résultats : {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
