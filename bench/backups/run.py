"""Backup and restore of an instance with 100 practices' data, timed (see README.md).

1. A fresh data folder (SQLite), or the database hygie_bench_backups on
   PostgreSQL (--postgres); migrations, the content library, then seed.py's
   practices.
2. Each run, through the `hygie` command as an operator runs it:
   `sauvegarde creer` for an age public key, then with a passphrase;
   `sauvegarde verifier` of each; `sauvegarde restaurer` into a fresh data
   folder (SQLite) or a fresh database (PostgreSQL) with a login checked.
3. Wall time and peak memory of each command (Django's start included), the
   backup's size, the database's size, and age's scrypt alone (one
   passphrase encryption of nothing, in a child process); printed as
   Markdown and written to results/.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
HYGIE = Path(sys.executable).parent / "hygie"
RESULTS = HERE / "results"
PG_SERVER = "postgres://postgres@127.0.0.1:5432"
PG_DB = "hygie_bench_backups"
PASSPHRASE = "banc d'essai des sauvegardes d'hygie"
OWNER = "titulaire-1@bench-sauvegarde.example"
# age's scrypt alone: one passphrase encryption of nothing, timed in a child.
SCRYPT = f"""
import time, pyrage
started = time.perf_counter()
pyrage.passphrase.encrypt(b"", {PASSPHRASE!r})
print(time.perf_counter() - started)
"""


def run(
    args: list[str], env: dict, label: str, program: str = str(HYGIE)
) -> tuple[float, str, int]:
    """Run `program args` (`hygie` by default); return its wall time, its
    output and its peak resident memory in bytes, from wait4. A child counts
    the memory of the process it was forked from, so this process stays
    small: nothing heavy (no scrypt) runs in it."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        child = subprocess.Popen([program, *args], env=env, stdout=out, stderr=err)
        _, status, usage = os.wait4(child.pid, 0)
        took = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(), err.read().decode()
    if child.returncode != 0:
        sys.exit(f"{label} a échoué :\n{stdout}\n{stderr}")
    return took, stdout, usage.ru_maxrss * 1024  # Linux gives kilobytes


def psql(sql: str) -> None:
    subprocess.run(
        ["psql", f"{PG_SERVER}/postgres", "-q", "-c", sql], check=True, capture_output=True
    )


def database_size(env: dict, postgres: bool) -> int:
    if postgres:
        out = subprocess.run(
            ["psql", f"{PG_SERVER}/postgres", "-At", "-c", f"SELECT pg_database_size('{PG_DB}')"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        return int(out.strip())
    return (Path(env["HYGIE_DATA_DIR"]) / "hygie.sqlite3").stat().st_size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--orgs", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="hygie-bench-sauvegarde-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("HYGIE_")}
    env |= {"HYGIE_DATA_DIR": str(work / "data"), "HYGIE_BACKUP_PASSPHRASE": PASSPHRASE}
    if options.postgres:
        for name in (PG_DB, f"{PG_DB}_cible", f"{PG_DB}_cible_restauration"):
            psql(f'DROP DATABASE IF EXISTS "{name}"')
        psql(f'CREATE DATABASE "{PG_DB}"')
        env["HYGIE_DATABASE_URL"] = f"{PG_SERVER}/{PG_DB}"
    password = secrets.token_urlsafe(12)
    try:
        print(f"Préparation : migrations, contenus, {options.orgs} cabinets…", file=sys.stderr)
        run(["migrate", "-v0"], env, "migrate")
        run(["contenu", "charger"], env, "contenu charger")
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, str(HERE / "seed.py"), str(options.orgs), password],
            env=env,
            check=True,
        )
        seeded = time.perf_counter() - started
        key = work / "cle.txt"
        import pyrage

        identity = pyrage.x25519.Identity.generate()
        key.write_text(f"{identity}\n")
        public = str(identity.to_public())
        rows = []
        for n in range(options.runs):
            out_dir = work / f"sauvegardes-{n}"
            t_key, out, mem_key = run(
                ["sauvegarde", "creer", "--vers", str(out_dir), "--destinataire", public],
                env,
                "creer",
            )
            backup = Path(out.strip().splitlines()[-1])
            t_phrase, out, mem_phrase = run(
                ["sauvegarde", "creer", "--vers", str(out_dir / "phrase")], env, "creer (phrase)"
            )
            phrased = Path(out.strip().splitlines()[-1])
            t_verify, said, _ = run(
                ["sauvegarde", "verifier", str(backup), "--identite", str(key)], env, "verifier"
            )
            target = dict(env, HYGIE_BACKUP_CHECK_PASSWORD=password)
            restore = [
                "sauvegarde",
                "restaurer",
                str(backup),
                "--identite",
                str(key),
                "--dossier",
                str(work / f"cible-{n}"),
                "--verifier-connexion",
                OWNER,
            ]
            if options.postgres:
                psql(f'DROP DATABASE IF EXISTS "{PG_DB}_cible"')
                restore += ["--base", f"{PG_DB}_cible"]
            t_restore, _, mem_restore = run(restore, target, "restaurer")
            t_phrase_verify, _, mem_phrase_verify = run(
                ["sauvegarde", "verifier", str(phrased)], env, "verifier (phrase)"
            )
            _, took, mem_scrypt = run(["-c", SCRYPT], env, "scrypt", program=sys.executable)
            t_scrypt = float(took)
            counted = re.search(r"(\d+) tables, (\d+) lignes", said)
            rows.append(
                {
                    "tables": int(counted.group(1)),
                    "rows": int(counted.group(2)),
                    "run": n + 1,
                    "time": datetime.now(UTC).isoformat(timespec="seconds"),
                    "database_bytes": database_size(env, options.postgres),
                    "backup_bytes": backup.stat().st_size,
                    "backup_passphrase_bytes": phrased.stat().st_size,
                    "create_key_s": round(t_key, 2),
                    "create_passphrase_s": round(t_phrase, 2),
                    "verify_s": round(t_verify, 2),
                    "restore_s": round(t_restore, 2),
                    "scrypt_s": round(t_scrypt, 2),
                    "create_key_peak_bytes": mem_key,
                    "create_passphrase_peak_bytes": mem_phrase,
                    "restore_peak_bytes": mem_restore,
                    "verify_passphrase_s": round(t_phrase_verify, 2),
                    "verify_passphrase_peak_bytes": mem_phrase_verify,
                    "scrypt_peak_bytes": mem_scrypt,
                }
            )
            print(json.dumps(rows[-1]), file=sys.stderr)
    finally:
        if options.postgres:
            for name in (PG_DB, f"{PG_DB}_cible", f"{PG_DB}_cible_restauration"):
                psql(f'DROP DATABASE IF EXISTS "{name}"')
        shutil.rmtree(work, ignore_errors=True)

    engine = "PostgreSQL" if options.postgres else "SQLite"
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    RESULTS.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    (RESULTS / f"{stamp}-{engine.lower()}.json").write_text(
        json.dumps(
            {
                "engine": engine,
                "orgs": options.orgs,
                "commit": commit,
                "seed_s": round(seeded, 1),
                "runs": rows,
            },
            indent=1,
        )
    )

    def span(key: str, scale: float = 1.0, fmt: str = "{:.1f}") -> str:
        values = [r[key] / scale for r in rows]
        low, high = fmt.format(min(values)), fmt.format(max(values))
        return low if low == high else f"{low}–{high}"

    print(
        f"\n{engine}, {options.orgs} cabinets, {len(rows)} runs, {rows[0]['time']}–{rows[-1]['time']} UTC, commit {commit}"
    )
    print(
        "| database | base | backup (key) | backup (passphrase) | creer, key | creer, passphrase | verifier | restaurer |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    print(
        f"| {engine} | {span('database_bytes', 1e6)} MB | {span('backup_bytes', 1e6)} MB | "
        f"{span('backup_passphrase_bytes', 1e6)} MB | {span('create_key_s')} s | "
        f"{span('create_passphrase_s')} s | {span('verify_s')} s | {span('restore_s')} s |"
    )
    print(f"\nage's scrypt alone (a passphrase's cost): {span('scrypt_s')} s")
    print(
        f"Peak memory: creer, key {span('create_key_peak_bytes', 1e6, '{:.0f}')} MB; "
        f"creer, passphrase {span('create_passphrase_peak_bytes', 1e6, '{:.0f}')} MB; "
        f"restaurer {span('restore_peak_bytes', 1e6, '{:.0f}')} MB; "
        f"verifier, passphrase {span('verify_passphrase_peak_bytes', 1e6, '{:.0f}')} MB "
        f"({span('verify_passphrase_s')} s); "
        f"scrypt alone {span('scrypt_peak_bytes', 1e6, '{:.0f}')} MB"
    )


if __name__ == "__main__":
    main()
