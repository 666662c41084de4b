"""The canonical fields of an identity file, and what reading one may raise or report."""

from __future__ import annotations

import io
import os
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import pyarrow as pa

from hygie.identity.audit import CANONICAL_COLUMNS

# The canonical fields, in the order of the table (all strings), then `ligne`:
# those the audit reads.
FIELDS = CANONICAL_COLUMNS
COLUMNS = (*FIELDS, "ligne")

FIELD_LABELS = {
    "identifiant": "Identifiant local (IPP, n° de dossier)",
    "nom_naissance": "Nom de naissance",
    "nom_utilise": "Nom utilisé",
    "prenoms": "Prénoms de naissance",
    "sexe": "Sexe",
    "date_naissance": "Date de naissance",
    "lieu_naissance": "Lieu de naissance (code INSEE)",
    "nir": "NIR ou matricule INS",
    "statut": "Statut de l'identité",
}

SCHEMA = pa.schema(
    [*(pa.field(name, pa.string()) for name in FIELDS), pa.field("ligne", pa.int64())]
)

Source = bytes | bytearray | str | os.PathLike
Progress = Callable[[float, str], None]


class IntakeError(Exception):
    """The file cannot be read at all; `message_fr` says why, in French."""

    def __init__(self, message_fr: str) -> None:
        super().__init__(message_fr)
        self.message_fr = message_fr


@dataclass(frozen=True)
class Problem:
    line: int
    column: str
    message_fr: str


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 300 * 1024 * 1024
    max_columns: int = 200
    max_line_bytes: int = 64 * 1024
    # A record whose quoted field runs over more lines than this is a quote
    # left open, not a patient: its lines are reported, not read as one.
    max_record_lines: int = 20
    max_problems: int = 10_000
    batch_rows: int = 65_536


def mo(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} Mo"


def number_fr(n: int) -> str:
    return f"{n:,}".replace(",", "\u202f")


SAVE_AS = "Enregistrez la liste des patients au format CSV ou XLSX depuis votre logiciel, puis déposez ce fichier."


@dataclass
class _Opened:
    path: Path | None
    data: bytes | None
    size: int

    def open(self) -> BinaryIO:
        if self.data is not None:
            return io.BytesIO(self.data)
        assert self.path is not None
        try:
            return open(self.path, "rb")  # closed by the caller
        except OSError:
            raise IntakeError("Le fichier n'a pas pu être ouvert.") from None

    def head(self, n: int) -> bytes:
        with self.open() as f:
            return f.read(n)


class _Problems:
    def __init__(self, limits: Limits) -> None:
        self.items: list[Problem] = []
        self.count = 0
        self.limit = limits.max_problems
        self.labels: list[str] = []

    def add(self, line: int, column: int | str, message_fr: str) -> None:
        self.count += 1
        if len(self.items) < self.limit:
            if isinstance(column, int):
                column = self.labels[column] if column < len(self.labels) else column_letter(column)
            self.items.append(Problem(line, column, message_fr))


def column_letter(index: int) -> str:
    """Spreadsheet-style name of a column: 0 -> A, 26 -> AA."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def fold(text: str) -> str:
    """Lowercase, accents dropped, every run of non-alphanumerics one space:
    « N° Sécurité-Sociale » and « n securite sociale » are the same header."""
    text = unicodedata.normalize("NFKD", str(text))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = text.replace("œ", "oe").replace("æ", "ae")
    return " ".join(re.findall(r"[a-z0-9]+", text))


_NIR_SHAPE = re.compile(r"[1-8][0-9]{5}[0-9AB][0-9]{6}(?:[0-9]{2})?")
