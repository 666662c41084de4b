"""age encryption of a backup, through pyrage: with a passphrase (scrypt) or
for age public keys (X25519), and the French errors of a file that does not
open."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyrage

MAGIC = b"age-encryption.org/v1\n"
# A passphrase protects the backups of every practice of the instance: short
# ones are refused when a backup is made (never when one is read).
MIN_PASSPHRASE = 12


class BackupError(Exception):
    """What went wrong, in French, for the person running the command."""


@dataclass(frozen=True)
class Secret:
    """How a backup is encrypted (passphrase or recipients) or decrypted
    (passphrase or identities)."""

    passphrase: str = ""
    recipients: list = field(default_factory=list)
    identities: list = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.passphrase or self.recipients or self.identities)


def read_passphrase_file(path: str) -> str:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise BackupError(f"Impossible de lire la phrase de passe dans {path} ({error}).") from None
    # The file's last line break is not part of the passphrase.
    phrase = text.rstrip("\r\n")
    if not phrase:
        raise BackupError(f"Le fichier {path} ne contient aucune phrase de passe.")
    return phrase


def _keys(lines: Iterable[str]) -> Iterator[str]:
    """The keys of an age key file: one a line, `#` starting a comment."""
    for line in lines:
        line = line.strip()
        if line and not line.startswith("#"):
            yield line


def parse_recipients(values: list[str]) -> list:
    """age public keys (age1…), given as such or as files holding one a line
    (`#` starts a comment)."""
    found = []
    for value in values:
        path = Path(value)
        if not value.startswith("age1") and path.is_file():
            lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
            where = f" (dans {value})"
        else:
            lines, where = [value], ""
        for line in _keys(lines):
            try:
                found.append(pyrage.x25519.Recipient.from_str(line))
            except pyrage.RecipientError:
                raise BackupError(
                    f"« {line[:80]} »{where} n'est pas une clé publique age (elle commence "
                    "par age1…, comme l'affiche « age-keygen »)."
                ) from None
    if not found:
        raise BackupError("Aucune clé publique age n'a été donnée.")
    return found


def read_identities(path: str) -> list:
    """The private keys (AGE-SECRET-KEY-1…) of an age identity file."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise BackupError(f"Impossible de lire la clé privée {path} ({error}).") from None
    found = []
    for line in _keys(lines):
        try:
            found.append(pyrage.x25519.Identity.from_str(line))
        except pyrage.IdentityError:
            raise BackupError(
                f"{path} n'est pas une clé privée age : elle commence par AGE-SECRET-KEY-1… "
                "(le fichier écrit par « age-keygen »)."
            ) from None
    if not found:
        raise BackupError(f"{path} ne contient aucune clé privée age.")
    return found


def stanzas(path: Path) -> list[str]:
    """The kinds of keys a backup is encrypted for (« scrypt » for a
    passphrase, « X25519 » for a public key), read from age's header."""
    try:
        with path.open("rb") as f:
            head = f.read(4096)
    except OSError as error:
        raise BackupError(f"Impossible de lire {path} ({error.strerror}).") from None
    if not head.startswith(MAGIC):
        raise BackupError(
            f"{path.name} n'est pas une sauvegarde Hygie chiffrée (fichier age attendu) : "
            "il a été altéré, ou ce n'est pas le bon fichier."
        )
    return [
        line.split()[1].decode("ascii", "replace")
        for line in head.splitlines()[1:]
        if line.startswith(b"-> ") and len(line.split()) > 1
    ]


def encrypt(plain: Path, out, secret: Secret) -> None:
    """Encrypt the file `plain` into the binary file object `out`.

    With a passphrase pyrage encrypts in memory (about twice the compressed
    backup's size, once) after age's scrypt (256 or 512 MiB: bench/backups
    measures the peak); for public keys it streams."""
    if secret.recipients:
        with plain.open("rb") as f:
            pyrage.encrypt_io(f, out, secret.recipients)
        return
    if len(secret.passphrase) < MIN_PASSPHRASE:
        raise BackupError(
            f"La phrase de passe est trop courte : {MIN_PASSPHRASE} caractères au moins "
            "(plusieurs mots, par exemple)."
        )
    out.write(pyrage.passphrase.encrypt(plain.read_bytes(), secret.passphrase))


def decrypt(path: Path, out: Path, secret: Secret) -> None:
    """Decrypt the backup `path` into the file `out`; a French BackupError
    for a wrong passphrase or key, and for an altered or truncated file."""
    kinds = stanzas(path)
    by_passphrase = "scrypt" in kinds
    if by_passphrase and not secret.passphrase:
        raise BackupError(
            "Cette sauvegarde est chiffrée avec une phrase de passe : donnez-la par "
            "HYGIE_BACKUP_PASSPHRASE ou --phrase-fichier."
        )
    if not by_passphrase and not secret.identities:
        raise BackupError(
            "Cette sauvegarde est chiffrée pour une clé publique age : donnez la clé privée "
            "correspondante avec --identite FICHIER."
        )
    try:
        if by_passphrase:
            plain = pyrage.passphrase.decrypt(path.read_bytes(), secret.passphrase)
            out.write_bytes(plain)
            del plain
        else:
            with path.open("rb") as f, out.open("wb") as g:
                pyrage.decrypt_io(f, g, secret.identities)
    except (pyrage.DecryptError, OSError) as error:
        if isinstance(error, OSError) and error.errno is not None:
            raise  # the disk's own error (full…), said by the caller
        said = str(error).lower()
        if by_passphrase and "failed" in said:
            raise BackupError(
                "Phrase de passe erronée : cette sauvegarde ne s'ouvre pas avec elle "
                "(ou son en-tête a été altéré)."
            ) from None
        if "no matching" in said:
            raise BackupError(
                "Cette sauvegarde n'est pas chiffrée pour cette clé privée (--identite) : "
                "donnez celle qui correspond à la clé publique utilisée pour la créer."
            ) from None
        raise BackupError(
            f"{path.name} est altéré ou incomplet : le déchiffrement a échoué (copie "
            "interrompue, disque défaillant, modification). Utilisez une autre sauvegarde."
        ) from None
