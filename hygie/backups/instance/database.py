"""The database side of a backup: a consistent copy while Hygie runs, the
figures the manifest records from that same copy, and loading a copy into a
place of its own before it replaces anything.

SQLite: the online backup API copies the database in one step, a read
transaction under WAL, so writers go on and the copy is one instant.
PostgreSQL: a REPEATABLE READ transaction exports its snapshot, pg_dump dumps
that snapshot (`--snapshot`), and the figures are read in the same
transaction: the dump and its counts describe the same instant.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.db import connections
from django.db.utils import load_backend

from hygie.backups.instance.crypto import BackupError

PG_DUMP = os.environ.get("HYGIE_PG_DUMP", "/usr/bin/pg_dump")
PG_RESTORE = os.environ.get("HYGIE_PG_RESTORE", "/usr/bin/pg_restore")
# What makes an instance « not empty »: someone, an organisation, or a journal.
LIVED_IN = ("accounts_user", "orgs_organisation", "journal_entry")


@dataclass
class Figures:
    """What the manifest records of a database, read from the copy itself."""

    tables: dict[str, int]
    migrations: list[str]
    heads: dict[str, dict]


# Each engine: the name people know it by, and the backup's member that holds
# the database's copy.
LABEL = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
MEMBER = {"sqlite": "base.sqlite3", "postgresql": "base.pgdump"}


def engine_of(settings_dict: dict) -> str:
    return "postgresql" if "postgresql" in settings_dict["ENGINE"] else "sqlite"


# SQLite ----------------------------------------------------------------------


def _sqlite_figures(db: sqlite3.Connection) -> Figures:
    names = [
        row[0]
        for row in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name"
        )
    ]
    tables = {name: db.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in names}  # noqa: S608 (names from sqlite_master)
    return Figures(tables, _migrations(db, names), _heads(db, names))


def _migrations(db, names) -> list[str]:
    if "django_migrations" not in names:
        return []
    rows = db.execute("SELECT app, name FROM django_migrations ORDER BY app, name").fetchall()
    return [f"{app}.{name}" for app, name in rows]


def _heads(db, names) -> dict[str, dict]:
    if "journal_chain" not in names:
        return {}
    rows = db.execute("SELECT key, last_seq, last_hash FROM journal_chain ORDER BY key").fetchall()
    return {key: {"seq": int(seq), "hash": h} for key, seq, h in rows}


def sqlite_snapshot(alias: str, out: Path) -> Figures:
    """Copy the live SQLite database of `alias` into `out`, a file of its own."""
    connection = connections[alias]
    if connection.in_atomic_block:
        # The copy would wait forever for this connection's own write lock.
        raise BackupError("Une sauvegarde ne se fait pas au milieu d'une transaction.")
    connection.ensure_connection()
    target = sqlite3.connect(out)
    try:
        # One step (pages=-1): a stepwise copy restarts at every write made
        # meanwhile, and might never end on a busy instance.
        connection.connection.backup(target)
        # The copy stands alone: no WAL beside it (Hygie turns WAL on again).
        target.execute("PRAGMA journal_mode=DELETE")
        figures = _sqlite_figures(target)
    except sqlite3.Error as error:
        if "full" in str(error):
            raise BackupError(
                f"Plus de place sur le disque de {out.parent.parent} pour la copie de la base : "
                "libérez de la place, puis relancez. Rien n'a été écrit à moitié."
            ) from None
        raise BackupError(f"La copie de la base a échoué ({error}).") from None
    finally:
        target.close()
    return figures


def sqlite_check(path: Path) -> Figures:
    """Open a copied SQLite database, check its structure, count its rows."""
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as error:
        raise BackupError(f"La base copiée ne s'ouvre pas ({error}).") from None
    try:
        result = db.execute("PRAGMA integrity_check").fetchall()
        if result != [("ok",)]:
            problems = "; ".join(str(r[0]) for r in result[:3])
            raise BackupError(f"La base copiée est abîmée (PRAGMA integrity_check : {problems}).")
        return _sqlite_figures(db)
    except sqlite3.DatabaseError as error:
        raise BackupError(f"La base copiée est illisible ({error}).") from None
    finally:
        db.close()


def sqlite_lived_in(path: Path) -> bool:
    if not path.exists():
        return False
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            names = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            return any(
                db.execute(f'SELECT 1 FROM "{name}" LIMIT 1').fetchone()  # noqa: S608 (constant names)
                for name in LIVED_IN
                if name in names
            )
        finally:
            db.close()
    except sqlite3.DatabaseError:
        # Something that is not an empty database: treat it as lived in.
        return True


# PostgreSQL ------------------------------------------------------------------


def pg_params(settings_dict: dict, dbname: str | None = None) -> dict:
    params = {
        "dbname": dbname or settings_dict["NAME"],
        "user": settings_dict.get("USER") or None,
        "password": settings_dict.get("PASSWORD") or None,
        "host": settings_dict.get("HOST") or None,
        "port": settings_dict.get("PORT") or None,
    }
    return {k: v for k, v in params.items() if v}


def pg_env(settings_dict: dict, dbname: str | None = None) -> dict:
    """The environment of pg_dump and pg_restore: the password never on a
    command line that `ps` shows."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    names = {"dbname": "PGDATABASE", "user": "PGUSER", "password": "PGPASSWORD"}
    names |= {"host": "PGHOST", "port": "PGPORT"}
    for key, value in pg_params(settings_dict, dbname).items():
        env[names[key]] = str(value)
    return env


@contextmanager
def pg_connect(settings_dict: dict, dbname: str | None = None, autocommit: bool = True):
    import psycopg

    try:
        conn = psycopg.connect(**pg_params(settings_dict, dbname), autocommit=autocommit)
    except psycopg.Error as error:
        raise BackupError(f"Connexion à PostgreSQL impossible ({error}).".strip()) from None
    try:
        yield conn
    finally:
        conn.close()


def _pg_figures(cursor) -> Figures:
    from psycopg import sql

    cursor.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
    )
    names = [row[0] for row in cursor.fetchall()]
    tables = {}
    for name in names:
        cursor.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(name)))
        tables[name] = cursor.fetchone()[0]
    return Figures(tables, _migrations(_Cursor(cursor), names), _heads(_Cursor(cursor), names))


class _Cursor:
    """A psycopg cursor answering `execute(...).fetchall()` like sqlite3."""

    def __init__(self, cursor) -> None:
        self.cursor = cursor

    def execute(self, query: str):
        self.cursor.execute(query)
        return self.cursor


def _run(command: list[str], env: dict, what: str) -> None:
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603 (fixed programs)
    except FileNotFoundError:
        raise BackupError(
            f"{command[0]} est introuvable : installez postgresql-client (sa version doit "
            "être celle du serveur ou plus récente)."
        ) from None
    if done.returncode != 0:
        said = " ".join(done.stderr.strip().splitlines()[-3:])
        raise BackupError(f"{what} a échoué : {said}")


def pg_snapshot(settings_dict: dict, out: Path) -> Figures:
    """Dump the PostgreSQL database into `out` and read its figures, both
    from one exported snapshot."""
    with pg_connect(settings_dict) as conn, conn.cursor() as cursor:
        cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        command = [PG_DUMP, "--format=custom", f"--snapshot={snapshot}", f"--file={out}"]
        _run(command, pg_env(settings_dict), "pg_dump")
        figures = _pg_figures(cursor)
        cursor.execute("COMMIT")
    return figures


def pg_list(dump: Path) -> None:
    """pg_restore reads the dump's table of contents, or says why not."""
    _run(
        [PG_RESTORE, "--list", str(dump)],
        dict(os.environ),
        "La lecture du dump (pg_restore --list)",
    )


def pg_exists(settings_dict: dict, dbname: str) -> bool:
    with pg_connect(settings_dict, "postgres") as conn:
        return (
            conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [dbname]).fetchone()
            is not None
        )


def pg_lived_in(settings_dict: dict, dbname: str) -> bool:
    if not pg_exists(settings_dict, dbname):
        return False
    with pg_connect(settings_dict, dbname) as conn:
        names = {
            row[0]
            for row in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
            )
        }
        return any(
            conn.execute(f'SELECT 1 FROM "{name}" LIMIT 1').fetchone()  # noqa: S608 (constant names)
            for name in LIVED_IN
            if name in names
        )


def pg_others_connected(settings_dict: dict, dbname: str) -> int:
    with pg_connect(settings_dict, "postgres") as conn:
        return conn.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            [dbname],
        ).fetchone()[0]


def pg_drop(settings_dict: dict, dbname: str) -> None:
    from psycopg import sql

    with pg_connect(settings_dict, "postgres") as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(dbname)))


def pg_load(settings_dict: dict, dump: Path, dbname: str) -> Figures:
    """Create the database `dbname` afresh and load the dump into it, in one
    transaction; return its figures."""
    from psycopg import sql

    with pg_connect(settings_dict, "postgres") as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(dbname)))
        conn.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE template0 ENCODING 'UTF8'").format(
                sql.Identifier(dbname)
            )
        )
    # The restored objects belong to the role that restores, and the rights
    # granted on the old server (roles that may not exist here) are left out:
    # `hygie journal proteger` is run again afterwards (docs/deploy.md).
    command = [
        PG_RESTORE,
        "--no-owner",
        "--no-privileges",
        "--exit-on-error",
        "--single-transaction",
        f"--dbname={dbname}",
        str(dump),
    ]
    _run(command, pg_env(settings_dict, dbname), "Le chargement du dump (pg_restore)")
    with pg_connect(settings_dict, dbname) as conn, conn.cursor() as cursor:
        return _pg_figures(cursor)


def pg_rename(settings_dict: dict, old: str, new: str) -> None:
    from psycopg import sql

    with pg_connect(settings_dict, "postgres") as conn:
        conn.execute(
            sql.SQL("ALTER DATABASE {} RENAME TO {}").format(
                sql.Identifier(old), sql.Identifier(new)
            )
        )


# A Django connection to a copy -------------------------------------------------


@contextmanager
def django_alias(settings_dict: dict, name: str) -> Iterator[str]:
    """A Django connection named after the copy, for the checks that go
    through the models (the journal's chains, the password hashes)."""
    alias = f"sauvegarde-{os.getpid()}"
    entry = dict(settings_dict)
    entry["NAME"] = name
    options = dict(entry.get("OPTIONS") or {})
    options.pop("pool", None)
    entry["OPTIONS"] = options
    entry["CONN_MAX_AGE"] = 0
    for key, default in (
        ("ATOMIC_REQUESTS", False),
        ("AUTOCOMMIT", True),
        ("CONN_HEALTH_CHECKS", False),
        ("TIME_ZONE", None),
        ("USER", ""),
        ("PASSWORD", ""),
        ("HOST", ""),
        ("PORT", ""),
        ("TEST", {}),
    ):
        entry.setdefault(key, default)
    # Made directly and set for this thread only, never added to the
    # project's DATABASES: nothing else sees it, and it goes with the block.
    wrapper = load_backend(entry["ENGINE"]).DatabaseWrapper(entry, alias)
    connections[alias] = wrapper
    try:
        yield alias
    finally:
        wrapper.close()
        del connections[alias]


Progress = Callable[[str], None]
