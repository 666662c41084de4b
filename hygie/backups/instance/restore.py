"""Check a backup (`hygie sauvegarde verifier`) and restore it into an empty
instance (`hygie sauvegarde restaurer`), checked before it replaces anything.

Nothing is half-restored: the backup is loaded into a place of its own (a
file beside the SQLite database, a database of its own on the PostgreSQL
server), checked there (its counts per table against the manifest, the
journal's chains under the backup's key, the users' password hashes, and a
login when one is given), and only then swapped in by renames. Ctrl-C or
SIGTERM during those renames waits for their end: the database and its keys
are swapped together or not at all.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth.hashers import check_password, identify_hasher
from django.utils import timezone

from hygie.backups.instance import archive, database
from hygie.backups.instance.archive import Opened, Say, silent
from hygie.backups.instance.crypto import BackupError, Secret
from hygie.lib.french import count

SQLITE_NAME = "hygie.sqlite3"
SQLITE = {"ENGINE": "django.db.backends.sqlite3", "OPTIONS": {}}
# The variables that give each key from outside the data folder (settings.py).
KEY_VARIABLES = {
    "secret_key": ("HYGIE_SECRET_KEY",),
    "journal_key": ("HYGIE_JOURNAL_KEY", "HYGIE_JOURNAL_KEY_FILE"),
}


@dataclass(frozen=True)
class Login:
    email: str
    password: str


@dataclass(frozen=True)
class Target:
    """Where to restore: a data folder (the SQLite database and the keys)
    and, on PostgreSQL, the database's connection settings."""

    data_dir: Path
    database: dict

    @property
    def engine(self) -> str:
        return database.engine_of(self.database)

    @property
    def sqlite_path(self) -> Path:
        return self.data_dir / SQLITE_NAME


@dataclass
class Report:
    manifest: dict
    lines: list[str] = field(default_factory=list)


def verify(
    path: Path, secret: Secret, *, login: Login | None = None, say: Say = silent, work_in: Path
) -> Report:
    """The checks without restoring. SQLite: the copy opened, its structure
    checked, its counts compared, its journal and hashes checked. PostgreSQL:
    pg_restore reads the dump's table of contents (its counts need a restore)."""
    with archive.workspace(work_in) as work:
        opened = archive.open_backup(Path(path), secret, work, say)
        report = Report(opened.manifest, [_described(opened.manifest)])
        report.lines.append("Déchiffrement et sommes de contrôle : conformes.")
        if opened.engine == "postgresql":
            database.pg_list(opened.database)
            report.lines.append("Dump PostgreSQL lisible (pg_restore --list).")
            if login:
                report.lines.append(
                    "La connexion n'est vérifiée qu'à la restauration pour PostgreSQL."
                )
        else:
            _check_sqlite(opened, report, login, say)
    return report


def restore(
    path: Path,
    secret: Secret,
    target: Target,
    *,
    overwrite: bool = False,
    login: Login | None = None,
    say: Say = silent,
) -> Report:
    """Restore the backup into `target`, refusing a non-empty one unless
    `overwrite`; then the old database is kept aside, never deleted."""
    with archive.workspace(target.data_dir) as work:
        opened = archive.open_backup(Path(path), secret, work, say)
        if opened.engine != target.engine:
            raise BackupError(_cross_engine(opened.engine, target.engine))
        lived_in = _check_target(target, overwrite)
        report = Report(opened.manifest, [_described(opened.manifest)])
        report.lines.append("Déchiffrement et sommes de contrôle : conformes.")
        keys = _prepare_keys(opened, target, work, report)
        if target.engine == "postgresql":
            loaded = _check_postgres(opened, target, login, report, say)
            with _to_the_end(report):
                _swap_postgres(loaded, target, lived_in, report)
                _swap_keys(keys)
        else:
            staging = _check_sqlite(opened, report, login, say)
            with _to_the_end(report):
                _swap_sqlite(staging, target, lived_in, report)
                _swap_keys(keys)
    if opened.older:
        report.lines.append(
            "Cette sauvegarde vient d'une version antérieure d'Hygie : « hygie migrate » la "
            "mettra à jour (« hygie serve » le fait à chaque démarrage)."
        )
    return report


# Checks ----------------------------------------------------------------------


def _described(manifest: dict) -> str:
    rows = sum(manifest["tables"].values())
    return (
        f"Sauvegarde du {manifest['created'][:19].replace('T', ' à ')} (UTC), Hygie "
        f"{manifest['hygie_version']}, base {database.LABEL[manifest['engine']]} : "
        f"{count(len(manifest['tables']), 'table')}, {count(rows, 'ligne')}."
    )


def _compare_figures(manifest: dict, figures: database.Figures, report: Report) -> None:
    """The rows of each table and the journal's chain heads, read from the
    restored copy, against those the manifest recorded from the original."""
    expected = manifest["tables"]
    wrong = [
        f"{name} : {figures.tables.get(name, 'absente')} au lieu de {n}"
        for name, n in sorted(expected.items())
        if figures.tables.get(name) != n
    ]
    if wrong:
        raise BackupError(
            "Les lignes de la base restaurée ne correspondent pas au manifeste ("
            + "; ".join(wrong[:5])
            + ("…" if len(wrong) > 5 else "")
            + ")."
        )
    if figures.heads != manifest["journal_heads"]:
        raise BackupError(
            "Les têtes des chaînes du journal ne correspondent pas au manifeste : la "
            "sauvegarde a été altérée."
        )
    report.lines.append(
        f"Lignes par table : conformes au manifeste ({count(len(expected), 'table')})."
    )


def _check_models(alias: str, opened: Opened, login: Login | None, report: Report) -> None:
    """The journal's chains under the backup's own key, the password hashes,
    and one login if asked."""
    from hygie.accounts.models import User
    from hygie.journal.verify import verify as verify_journal

    journal = verify_journal(using=alias, journal_key=opened.key("journal_key"))
    if not journal.ok:
        breaks = "; ".join(str(b) for b in journal.breaks[:3])
        raise BackupError(f"Le journal d'audit de la sauvegarde n'est pas intègre : {breaks}")
    report.lines.append(
        f"Journal d'audit intègre : {count(journal.chains, 'chaîne')}, "
        f"{count(journal.entries, 'entrée vérifiée', 'entrées vérifiées')}."
    )
    hashes = list(User.objects.using(alias).values_list("email", "password"))
    unknown = []
    for email, encoded in hashes:
        if not encoded or encoded.startswith("!"):
            continue
        try:
            identify_hasher(encoded)
        except ValueError:
            unknown.append(email)
    if unknown:
        raise BackupError(
            f"Le mot de passe de {count(len(unknown), 'compte')} est dans une forme que cette "
            f"installation ne sait pas vérifier ({', '.join(unknown[:3])}) : PASSWORD_HASHERS "
            "diffère de celui de l'instance sauvegardée."
        )
    report.lines.append(f"Comptes : {count(len(hashes), 'compte')}, mots de passe lisibles.")
    if login is None:
        return
    found = (
        User.objects.using(alias)
        .filter(email__iexact=login.email)
        .values_list("password", "is_active")
        .first()
    )
    if found is None:
        raise BackupError(f"Aucun compte « {login.email} » dans la sauvegarde.")
    if not found[1] or not check_password(login.password, found[0]):
        raise BackupError(
            f"Le mot de passe donné n'ouvre pas le compte « {login.email} » de la sauvegarde "
            "(ou ce compte est désactivé)."
        )
    report.lines.append(f"Connexion de {login.email} : vérifiée.")


def _check_sqlite(opened: Opened, report: Report, login: Login | None, say: Say) -> Path:
    copy = opened.database
    say("Contrôle de la base (PRAGMA integrity_check, lignes par table)…")
    figures = database.sqlite_check(copy)
    report.lines.append("Base SQLite : structure intègre (PRAGMA integrity_check).")
    _compare_figures(opened.manifest, figures, report)
    say("Contrôle du journal d'audit et des comptes…")
    with database.django_alias(SQLITE, str(copy)) as alias:
        _check_models(alias, opened, login, report)
    # The checks opened it read-write: nothing must stay beside it.
    for suffix in ("-wal", "-shm", "-journal"):
        Path(f"{copy}{suffix}").unlink(missing_ok=True)
    return copy


# The target ------------------------------------------------------------------


def _cross_engine(theirs: str, ours: str) -> str:
    said = database.LABEL
    return (
        f"Cette sauvegarde vient d'une instance {said[theirs]} ; cette installation utilise "
        f"{said[ours]}. Une restauration d'un moteur de base dans l'autre n'est pas prise en "
        f"charge : restaurez-la dans une instance {said[theirs]}"
        + (" (sans HYGIE_DATABASE_URL)." if theirs == "sqlite" else " (avec HYGIE_DATABASE_URL).")
    )


def _check_target(target: Target, overwrite: bool) -> bool:
    """Whether the target holds an instance already; refused unless `overwrite`."""
    if target.engine == "postgresql":
        name = target.database["NAME"]
        lived_in = database.pg_lived_in(target.database, name)
        where = f"la base PostgreSQL « {name} »"
        others = database.pg_exists(target.database, name) and database.pg_others_connected(
            target.database, name
        )
        if others:
            raise BackupError(
                f"{count(others, 'connexion')} à {where} sont ouvertes : arrêtez Hygie (et "
                "« hygie rappels »), puis relancez la restauration."
            )
    else:
        lived_in = database.sqlite_lived_in(target.sqlite_path)
        where = f"la base {target.sqlite_path}"
    if lived_in and not overwrite:
        raise BackupError(
            f"{where[0].upper()}{where[1:]} contient déjà des comptes, des organisations ou un "
            "journal : la restauration la remplacerait. Restaurez dans une instance vide, ou "
            "ajoutez --ecraser (l'ancienne base est alors gardée à côté, sous un autre nom)."
        )
    return lived_in


def _prepare_keys(
    opened: Opened, target: Target, work: Path, report: Report
) -> list[tuple[Path, Path]]:
    """Each key written in the workspace now, renamed into the data folder
    after the database. A key this installation reads from elsewhere (its
    variable, a secret file) is compared instead: if it differs, the
    backup's key is written beside, and the person is told what to do."""
    moves = []
    for name, variables in KEY_VARIABLES.items():
        value = opened.key(name)
        configured = _configured_key(variables)
        final = target.data_dir / name
        if configured is not None:
            if configured == value:
                report.lines.append(f"Clé {name} : identique à celle que l'installation configure.")
                continue
            final = target.data_dir / f"{name}.restauree"
            report.lines.append(
                f"Attention : la clé {name} de la sauvegarde diffère de celle que donne "
                f"{' ou '.join(variables)}. Elle est écrite dans {final} : mettez-la à la "
                "place de l'actuelle, puis effacez ce fichier."
            )
        temporary = work / f"cle-{name}"
        temporary.write_text(value + "\n")
        temporary.chmod(0o600)
        moves.append((temporary, final))
    return moves


def _configured_key(variables: tuple[str, ...]) -> str | None:
    for variable in variables:
        value = os.environ.get(variable)
        if not value:
            continue
        if variable.endswith("_FILE"):
            try:
                return Path(value).read_text().strip()
            except OSError:
                return None
        return value
    return None


@contextmanager
def _to_the_end(report: Report) -> Iterator[None]:
    """Let Ctrl-C and SIGTERM wait until the swap is over, then say they came:
    stopping between the database and its keys would pair the restored base
    with the old keys. Signals are only Python's in the main thread; elsewhere
    (a caller's thread) the swap runs as is."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received: list[int] = []
    stops = (signal.SIGINT, signal.SIGTERM)
    previous = {s: signal.signal(s, lambda number, _frame: received.append(number)) for s in stops}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
    if received:
        report.lines.append(
            "Interruption reçue pendant le remplacement : il a été mené à son terme, pour "
            "ne rien laisser à moitié."
        )


def _swap_keys(keys: list[tuple[Path, Path]]) -> None:
    for temporary, final in keys:
        os.replace(temporary, final)


def _swap_sqlite(staging: Path, target: Target, lived_in: bool, report: Report) -> None:
    """Put the checked copy in place. There is a database at the target's path
    at every instant: the old one is linked aside, then replaced in one rename."""
    db = target.sqlite_path
    # Hygie turns WAL on at each connection; the copy is a self-contained file.
    with sqlite3.connect(staging) as check:
        check.execute("PRAGMA journal_mode=DELETE")
    check.close()
    if lived_in:
        aside = db.with_name(f"{SQLITE_NAME}.avant-restauration-{timezone.now():%Y%m%d-%H%M%S}")
        for suffix in ("-wal", "-shm"):
            old = Path(f"{db}{suffix}")
            if old.exists():
                old.replace(Path(f"{aside}{suffix}"))
        os.link(db, aside)
        report.lines.append(f"L'ancienne base est gardée : {aside}.")
    else:
        # An empty database's WAL must not be replayed into the restored one.
        for suffix in ("-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
    os.replace(staging, db)
    report.lines.append(f"Base restaurée : {db}.")


def _check_postgres(
    opened: Opened, target: Target, login: Login | None, report: Report, say: Say
) -> str:
    """Load into `<name>_restauration` and check it there; return its name."""
    staging = f"{target.database['NAME']}_restauration"[:63]
    say(f"Chargement dans la base « {staging} » (pg_restore)…")
    try:
        figures = database.pg_load(target.database, opened.database, staging)
        _compare_figures(opened.manifest, figures, report)
        say("Contrôle du journal d'audit et des comptes…")
        with database.django_alias(target.database, staging) as alias:
            _check_models(alias, opened, login, report)
    except BaseException:
        database.pg_drop(target.database, staging)
        raise
    return staging


def _swap_postgres(staging: str, target: Target, lived_in: bool, report: Report) -> None:
    """Rename the checked copy into place: the current database (if it held
    anything) becomes `<name>_avant_<date>`."""
    name = target.database["NAME"]
    aside = None
    if database.pg_exists(target.database, name):
        aside = f"{name}_avant_{timezone.now():%Y%m%d_%H%M%S}"[:63]
        database.pg_rename(target.database, name, aside)
    try:
        database.pg_rename(target.database, staging, name)
    except BaseException:
        if aside:
            database.pg_rename(target.database, aside, name)
        database.pg_drop(target.database, staging)
        raise
    if aside and not lived_in:
        database.pg_drop(target.database, aside)
    elif aside:
        report.lines.append(f"L'ancienne base est gardée sous le nom « {aside} ».")
    report.lines.append(
        f"Base PostgreSQL « {name} » restaurée. Lancez à nouveau « hygie journal proteger » "
        "si vous l'utilisez : les droits ne sont pas restaurés."
    )
