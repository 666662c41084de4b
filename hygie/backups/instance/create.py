"""Make one backup of the whole instance (`hygie sauvegarde creer`)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone

from hygie.backups.instance import archive, database
from hygie.backups.instance.archive import Say, silent, size
from hygie.backups.instance.crypto import BackupError, Secret


def create(
    directory: Path,
    secret: Secret,
    *,
    using: str = DEFAULT_DB_ALIAS,
    say: Say = silent,
    now: datetime | None = None,
) -> Path:
    """Write one encrypted backup into `directory`; return its path.

    1. A consistent copy of the database in a private workspace, and its
       figures read from that copy (counts per table, migrations, the
       journal's chain heads).
    2. The two keys beside it.
    3. The manifest with each member's SHA-256, then the compressed tar.
    4. Encrypted into `directory` under a temporary name, then renamed.
    The workspace, and with it every clear copy, is removed whatever happens.
    """
    if not secret:
        raise BackupError(
            "Aucun moyen de chiffrer la sauvegarde : donnez une phrase de passe "
            "(HYGIE_BACKUP_PASSPHRASE ou --phrase-fichier) ou une clé publique age "
            "(--destinataire)."
        )
    now = now or timezone.now()
    directory = Path(directory)
    if directory.exists() and not directory.is_dir():
        raise BackupError(
            f"{directory} n'est pas un dossier : les sauvegardes vont dans un dossier."
        )
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise archive.disk_error(error, directory) from None
    settings_dict = connections[using].settings_dict
    engine = database.engine_of(settings_dict)
    with archive.workspace(Path(settings.DATA_DIR)) as work:
        try:
            members, figures = _copy(work, settings_dict, using, engine, say)
            manifest = {
                "format": archive.FORMAT,
                "hygie_version": archive.hygie_version(),
                "created": now.isoformat(),
                "engine": engine,
                "migrations": figures.migrations,
                "tables": figures.tables,
                "journal_heads": figures.heads,
                "members": {
                    name: {"sha256": archive.sha256(path), "size": path.stat().st_size}
                    for name, path in members.items()
                },
            }
            tar = work / "archive.tar.gz"
            say("Compression…")
            archive.write_tar(work, manifest, members, tar)
            say(f"Archive : {size(tar.stat().st_size)}. Chiffrement…")
        except OSError as error:
            raise archive.disk_error(error, work) from None
        local = timezone.localtime(now)
        written = archive.encrypt_to(tar, directory, archive.file_name(local), secret)
    say(f"Sauvegarde écrite : {written} ({size(written.stat().st_size)}).")
    return written


def _copy(work: Path, settings_dict: dict, using: str, engine: str, say: Say):
    name = database.MEMBER[engine]
    path = work / name
    if engine == "postgresql":
        say(f"Copie de la base PostgreSQL « {settings_dict['NAME']} » (pg_dump)…")
        figures = database.pg_snapshot(settings_dict, path)
    else:
        say("Copie de la base SQLite (sauvegarde à chaud)…")
        figures = database.sqlite_snapshot(using, path)
    rows = sum(figures.tables.values())
    say(
        f"Base copiée : {size(path.stat().st_size)}, {len(figures.tables)} tables, "
        f"{rows} lignes, {len(figures.heads)} chaînes du journal."
    )
    members = {name: path}
    for key, value in (("secret_key", settings.SECRET_KEY), ("journal_key", settings.JOURNAL_KEY)):
        kept = work / key
        kept.write_text(value + "\n")
        kept.chmod(0o600)
        members[f"cles/{key}"] = kept
    return members, figures
