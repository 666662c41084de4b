"""The backup file: its manifest, the tar that carries it and the members,
and reading one back with every member checked against its checksum."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import shutil
import tarfile
import tempfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from importlib import metadata
from pathlib import Path

from hygie.backups.instance import crypto
from hygie.backups.instance.crypto import BackupError, Secret
from hygie.backups.instance.database import MEMBER

FORMAT = "hygie-sauvegarde-1"
MANIFEST = "manifeste.json"
SUFFIX = ".hygie-backup"
NAME = re.compile(r"^hygie-(\d{8})-(\d{6})(?:-\d+)?\.hygie-backup$")
KEYS = ("secret_key", "journal_key")
# Errors of a full disk (or a quota, or a file-size limit): said in French.
NO_ROOM = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}

Say = Callable[[str], None]


def silent(message: str) -> None:
    pass


def size(n: int) -> str:
    """A size as people read it: « 12,3 Mo »."""
    for unit, scale in (("Go", 1e9), ("Mo", 1e6), ("ko", 1e3)):
        if n >= scale:
            return f"{n / scale:.1f} {unit}".replace(".", ",")
    return f"{n} octets"


def hygie_version() -> str:
    try:
        return metadata.version("hygie")
    except metadata.PackageNotFoundError:
        return "0"


def version_tuple(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", version)[:3])


def local_migrations() -> set[str]:
    """Every migration this code knows, as « app.name »."""
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(None, ignore_no_migrations=True)
    return {f"{app}.{name}" for app, name in loader.disk_migrations}


def file_name(when: datetime) -> str:
    return f"hygie-{when:%Y%m%d-%H%M%S}{SUFFIX}"


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def disk_error(error: OSError, where: Path) -> BackupError:
    if error.errno in NO_ROOM:
        return BackupError(
            f"Plus de place sur le disque de {where} : libérez de la place (ou choisissez un "
            "autre dossier), puis relancez. Rien n'a été écrit à moitié."
        )
    return BackupError(f"Écriture impossible dans {where} ({error.strerror or error}).")


@contextmanager
def workspace(parent: Path) -> Iterator[Path]:
    """A private folder (mode 700) for the clear copies, removed whatever
    happens. It sits in the data folder, as protected as the database itself,
    never in a shared temporary folder or beside the encrypted backups."""
    try:
        parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        work = Path(tempfile.mkdtemp(prefix=".sauvegarde-", dir=parent))
    except OSError as error:
        raise disk_error(error, parent) from None
    try:
        yield work
    finally:
        shutil.rmtree(work, ignore_errors=True)


def write_tar(work: Path, manifest: dict, members: dict[str, Path], out: Path) -> None:
    """The gzip-compressed tar: the manifest first, then each member."""
    with tarfile.open(out, "w:gz", compresslevel=6, format=tarfile.PAX_FORMAT) as tar:
        data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
        path = work / MANIFEST
        path.write_bytes(data)
        tar.add(path, arcname=MANIFEST, recursive=False, filter=_plain)
        for name, member in members.items():
            tar.add(member, arcname=name, recursive=False, filter=_plain)


def _plain(info: tarfile.TarInfo) -> tarfile.TarInfo:
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    info.mode = 0o600
    return info


def encrypt_to(tar: Path, directory: Path, name: str, secret: Secret) -> Path:
    """Encrypt the tar into `directory`/`name`: written under a temporary name,
    flushed to the disk, then renamed, so that a backup file is whole or
    absent."""
    final = directory / name
    n = 1
    while final.exists():
        n += 1
        final = directory / name.replace(SUFFIX, f"-{n}{SUFFIX}")
    partial = directory / f".{final.name}.partiel"
    try:
        with partial.open("xb") as out:
            crypto.encrypt(tar, out, secret)
            out.flush()
            os.fsync(out.fileno())
        partial.replace(final)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise disk_error(error, directory) from None
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return final


@dataclass
class Opened:
    """A backup decrypted into a workspace, every member checked."""

    manifest: dict
    members: dict[str, Path]

    @property
    def engine(self) -> str:
        return self.manifest["engine"]

    @property
    def database(self) -> Path:
        return self.members[MEMBER[self.engine]]

    def key(self, name: str) -> str:
        return self.members[f"cles/{name}"].read_text().strip()

    @property
    def older(self) -> bool:
        """Made before migrations this code has: `hygie migrate` brings it up to date."""
        return bool(local_migrations() - set(self.manifest["migrations"]))


def check_manifest(manifest: dict) -> None:
    """Refuse what this version of Hygie cannot restore faithfully."""
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(
            "Ce fichier n'est pas une sauvegarde qu'Hygie sait lire (format du manifeste inconnu)."
        )
    theirs, ours = manifest.get("hygie_version", "?"), hygie_version()
    unknown = sorted(set(manifest.get("migrations", [])) - local_migrations())
    if version_tuple(theirs) > version_tuple(ours) or unknown:
        detail = f" ; migrations inconnues ici : {', '.join(unknown[:3])}" if unknown else ""
        if len(unknown) > 3:
            detail += "…"
        raise BackupError(
            f"Cette sauvegarde vient d'une version plus récente d'Hygie ({theirs}, celle-ci est "
            f"la {ours}{detail}). Mettez Hygie à jour, puis restaurez-la : une version "
            "antérieure ne la restaurerait pas fidèlement."
        )


def open_backup(path: Path, secret: Secret, work: Path, say: Say = silent) -> Opened:
    """Decrypt the backup into `work`, read its manifest, extract each member
    and check it against the manifest's checksum.

    1. Decrypt (a wrong passphrase or key, an altered file: BackupError).
    2. The manifest comes first: a newer backup is refused before the rest is read.
    3. Each member is copied out under a name of ours (never a path the
       archive chose), its SHA-256 computed on the way.
    4. A member missing, unexpected or different from the manifest: refused.
    """
    if not path.is_file():
        raise BackupError(f"Le fichier {path} n'existe pas.")
    say(f"Déchiffrement de {path.name} ({size(path.stat().st_size)})…")
    clear = work / "archive.tar.gz"
    try:
        crypto.decrypt(path, clear, secret)
    except OSError as error:
        raise disk_error(error, work) from None
    manifest: dict | None = None
    members: dict[str, Path] = {}
    digests: dict[str, str] = {}
    try:
        with tarfile.open(clear, "r|gz") as tar:
            for info in tar:
                if manifest is None:
                    if info.name != MANIFEST or not info.isfile() or info.size > 50_000_000:
                        raise BackupError("Le manifeste manque en tête de la sauvegarde.")
                    manifest = json.loads(tar.extractfile(info).read())
                    check_manifest(manifest)
                    continue
                expected = manifest["members"].get(info.name)
                if expected is None or not info.isfile() or info.name in members:
                    raise BackupError(
                        f"La sauvegarde contient « {info.name} », que son manifeste ne décrit pas : "
                        "elle a été altérée."
                    )
                out = work / f"membre-{len(members)}"
                digest = hashlib.sha256()
                source = tar.extractfile(info)
                with out.open("wb") as f:
                    while chunk := source.read(1 << 20):
                        digest.update(chunk)
                        f.write(chunk)
                members[info.name] = out
                digests[info.name] = digest.hexdigest()
    except BackupError:
        raise
    except OSError as error:
        if error.errno in NO_ROOM:
            raise disk_error(error, work) from None
        raise _damaged(path) from None
    except (tarfile.TarError, EOFError, zlib.error, ValueError, KeyError, TypeError):
        raise _damaged(path) from None
    finally:
        clear.unlink(missing_ok=True)
    if manifest is None:
        raise _damaged(path)
    missing = sorted(set(manifest["members"]) - set(members))
    if missing:
        raise BackupError(f"Il manque à la sauvegarde : {', '.join(missing)}. Elle est incomplète.")
    for name, digest in digests.items():
        if digest != manifest["members"][name]["sha256"]:
            raise BackupError(
                f"« {name} » ne correspond pas à la somme de contrôle du manifeste : la "
                "sauvegarde a été altérée."
            )
    say(f"Sommes de contrôle vérifiées ({len(members)} fichiers).")
    return Opened(manifest, members)


def _damaged(path: Path) -> BackupError:
    return BackupError(
        f"{path.name} est altéré ou incomplet : son contenu déchiffré ne se lit pas. "
        "Utilisez une autre sauvegarde."
    )
