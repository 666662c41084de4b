"""A practice's identity file (CSV or XLSX) read into the canonical table.

Two steps, as the web flow has them:

1. `inspect(source)` reads the first rows only: the format (CSV with its
   encoding and separator, or XLSX with its sheets), the header row if there
   is one, and a proposed `Mapping` from canonical fields to source columns,
   recognised from the French headers of practice-software exports.
2. `read(source, mapping)` streams the whole file into a `pyarrow.Table`
   with the canonical columns (see COLUMNS), built in batches so that a
   million lines take seconds and little memory, and lists the `Problem`s:
   what it could not read, by line and column.

Nothing here raises anything but `IntakeError` (a French sentence for the
person who sent the file). Formulas are never evaluated: an XLSX is read
values-only, and a formula whose value was never computed is a problem.
Pure Python and pyarrow, no Django: the web views, the command line and the
tests share it.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import itertools
import json
import os
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import Any, BinaryIO

import pyarrow as pa
import pyarrow.compute as pc

# The canonical fields, in the order of the table (all strings), then `ligne`.
FIELDS = (
    "identifiant",
    "nom_naissance",
    "nom_utilise",
    "prenoms",
    "sexe",
    "date_naissance",
    "lieu_naissance",
    "nir",
    "statut",
)
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


# ---------------------------------------------------------------------------
# Header recognition


def fold(text: str) -> str:
    """Lowercase, accents dropped, every run of non-alphanumerics one space:
    « N° Sécurité-Sociale » and « n securite sociale » are the same header."""
    text = unicodedata.normalize("NFKD", str(text))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = text.replace("œ", "oe").replace("æ", "ae")
    return " ".join(re.findall(r"[a-z0-9]+", text))


# Headers seen in French practice-software exports, folded, with the
# confidence that the column holds that field. "nom" alone is the birth name
# when nothing else claims it, the used name beside a « nom de naissance ».
HEADERS: dict[str, dict[str, float]] = {
    "identifiant": {
        "identifiant": 1.0,
        "ipp": 1.0,
        "n dossier": 1.0,
        "no dossier": 1.0,
        "num dossier": 1.0,
        "numero dossier": 1.0,
        "numero de dossier": 1.0,
        "n de dossier": 1.0,
        "dossier": 0.8,
        "id": 0.9,
        "id patient": 1.0,
        "identifiant patient": 1.0,
        "identifiant local": 1.0,
        "code patient": 0.9,
        "n patient": 0.9,
        "numero patient": 0.9,
        "ref patient": 0.8,
        "reference": 0.6,
    },
    "nom_naissance": {
        "nom de naissance": 1.0,
        "nom naissance": 1.0,
        "nom naiss": 1.0,
        "nom de jeune fille": 0.9,
        "nom jeune fille": 0.9,
        "njf": 0.9,
        "nom patronymique": 1.0,
        "patronyme": 0.9,
        "nom de famille": 0.9,
        "nom": 0.6,
        "nom patient": 0.6,
    },
    "nom_utilise": {
        "nom utilise": 1.0,
        "nom d usage": 1.0,
        "nom usage": 1.0,
        "nom usuel": 1.0,
        "nom marital": 0.9,
        "nom d epouse": 0.9,
        "nom epouse": 0.9,
        "nom": 0.5,
        "nom patient": 0.5,
    },
    "prenoms": {
        "prenoms": 1.0,
        "prenom s": 1.0,
        "prenoms de naissance": 1.0,
        "prenom de naissance": 0.95,
        "liste des prenoms": 1.0,
        "prenom": 0.8,
        "premier prenom": 0.6,
        "prenom usuel": 0.5,
        "prenom utilise": 0.5,
        "prenom d usage": 0.5,
    },
    "sexe": {"sexe": 1.0, "genre": 0.9, "sex": 0.9, "civilite": 0.5},
    "date_naissance": {
        "date de naissance": 1.0,
        "date naissance": 1.0,
        "date naiss": 1.0,
        "dt naiss": 1.0,
        "dt naissance": 1.0,
        "ddn": 1.0,
        "ne e le": 1.0,
        "ne le": 1.0,
        "nee le": 1.0,
        "naissance": 0.6,
        "date de naiss": 1.0,
    },
    "lieu_naissance": {
        "lieu de naissance": 1.0,
        "lieu naissance": 1.0,
        "lieu naiss": 1.0,
        "code insee naissance": 1.0,
        "code insee de naissance": 1.0,
        "code insee du lieu de naissance": 1.0,
        "insee naissance": 1.0,
        "code lieu naissance": 1.0,
        "code lieu de naissance": 1.0,
        "code commune naissance": 1.0,
        "code commune de naissance": 1.0,
        "commune de naissance": 0.8,
        "commune naissance": 0.8,
        "ville de naissance": 0.6,
        "cog naissance": 1.0,
    },
    "nir": {
        "nir": 1.0,
        "matricule ins": 1.0,
        "ins": 1.0,
        "ins nir": 1.0,
        "nir ins": 1.0,
        "matricule": 0.8,
        "nss": 1.0,
        "n securite sociale": 1.0,
        "no securite sociale": 1.0,
        "num securite sociale": 1.0,
        "numero securite sociale": 1.0,
        "numero de securite sociale": 1.0,
        "n de securite sociale": 1.0,
        "n secu": 0.9,
        "num secu": 0.9,
        "numero secu": 0.9,
        "n ss": 0.9,
        "n insee": 0.8,
        "numero insee": 0.8,
        "secu": 0.7,
    },
    "statut": {
        "statut": 1.0,
        "statut identite": 1.0,
        "statut de l identite": 1.0,
        "statut ins": 1.0,
        "statut rniv": 1.0,
        "etat identite": 0.9,
        "etat de l identite": 0.9,
        "niveau identite": 0.8,
        "niveau de confiance": 0.7,
    },
}


def header_scores(header: str) -> dict[str, float]:
    """Each field this header may hold, with a confidence.

    An exact (folded) match counts in full; a known header inside a longer
    one (« Date de naissance du patient ») counts less, and only when the
    longer header adds at most two words.
    """
    folded = fold(header)
    if not folded:
        return {}
    tokens = folded.split()
    scores: dict[str, float] = {}
    for name, synonyms in HEADERS.items():
        best = synonyms.get(folded, 0.0)
        if not best:
            padded = f" {folded} "
            for synonym, confidence in synonyms.items():
                n = synonym.count(" ") + 1
                if len(tokens) <= n + 2 and f" {synonym} " in padded:
                    best = max(best, confidence * 0.85)
        if best:
            scores[name] = best
    return scores


@dataclass
class Mapping:
    """Canonical field -> source column index (or None), with how sure."""

    columns: list[str]
    fields: dict[str, int | None]
    confidence: dict[str, float] = field(default_factory=dict)
    has_header: bool = True

    def to_dict(self) -> dict[str, Any]:
        return {
            "columns": list(self.columns),
            "fields": {name: self.fields.get(name) for name in FIELDS},
            "confidence": {k: round(v, 2) for k, v in self.confidence.items()},
            "has_header": self.has_header,
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False)

    @classmethod
    def from_dict(cls, data: Any) -> Mapping:
        try:
            columns = [str(c) for c in data["columns"]]
            fields: dict[str, int | None] = {}
            for name in FIELDS:
                value = data["fields"].get(name)
                if value in (None, ""):
                    fields[name] = None
                    continue
                index = int(value)
                if not 0 <= index < len(columns):
                    raise ValueError(index)
                fields[name] = index
            confidence = {
                k: float(v) for k, v in dict(data.get("confidence") or {}).items() if k in FIELDS
            }
            return cls(columns, fields, confidence, bool(data.get("has_header", True)))
        except (KeyError, TypeError, ValueError, AttributeError):
            raise IntakeError(
                "La correspondance des colonnes est incomplète ou invalide : reprenez l'étape de "
                "choix des colonnes."
            ) from None

    @classmethod
    def from_json(cls, text: str) -> Mapping:
        try:
            data = json.loads(text)
        except (TypeError, ValueError):
            raise IntakeError(
                "La correspondance des colonnes est illisible : reprenez l'étape de choix des colonnes."
            ) from None
        return cls.from_dict(data)

    def with_field(self, name: str, index: int | None) -> Mapping:
        if name not in FIELDS:
            raise IntakeError(f"Champ inconnu : {name}.")
        if index is not None and not 0 <= index < len(self.columns):
            raise IntakeError(f"La colonne n° {index + 1} n'existe pas dans ce fichier.")
        fields = dict(self.fields)
        fields[name] = index
        confidence = dict(self.confidence)
        confidence[name] = 1.0  # chosen by the person
        return Mapping(list(self.columns), fields, confidence, self.has_header)

    def mapped(self) -> list[tuple[str, int]]:
        return [(name, i) for name, i in self.fields.items() if i is not None]

    def warnings_fr(self) -> list[str]:
        """What the audit will miss with this mapping, in French."""
        out = []
        reused: dict[int, list[str]] = {}
        for name, i in self.mapped():
            reused.setdefault(i, []).append(FIELD_LABELS[name])
        for i, names in reused.items():
            if len(names) > 1:
                out.append(
                    f"La colonne « {self.columns[i]} » est choisie pour : {', '.join(names)}."
                )
        if self.fields.get("nom_naissance") is None and self.fields.get("nom_utilise") is None:
            out.append("Aucune colonne de nom : les doublons ne pourront pas être recherchés.")
        for name in ("prenoms", "sexe", "date_naissance"):
            if self.fields.get(name) is None:
                out.append(f"Aucune colonne « {FIELD_LABELS[name]} » : l'audit sera moins précis.")
        return out


def propose_mapping(columns: list[str], sample: list[list[str]], has_header: bool) -> Mapping:
    """The most likely mapping: headers first, then the look of the values."""
    candidates: list[tuple[float, int, str]] = []
    if has_header:
        for i, header in enumerate(columns):
            for name, score in header_scores(header).items():
                candidates.append((score, -i, name))
    else:
        candidates = _content_candidates(len(columns), sample)
    fields: dict[str, int | None] = dict.fromkeys(FIELDS)
    confidence: dict[str, float] = {}
    used: set[int] = set()
    # Greedy by confidence; ties go to the leftmost column (-i sorts it first).
    for score, neg_i, name in sorted(candidates, reverse=True):
        i = -neg_i
        if fields[name] is None and i not in used:
            fields[name] = i
            confidence[name] = round(score, 2)
            used.add(i)
    return Mapping(list(columns), fields, confidence, has_header)


_NIR_SHAPE = re.compile(r"[1-8][0-9]{5}[0-9AB][0-9]{6}(?:[0-9]{2})?")


def _looks(kind: str, value: str) -> bool:
    if kind == "date":
        return bool(re.fullmatch(r"\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{2}-\d{2}", value))
    if kind == "nir":
        return bool(_NIR_SHAPE.fullmatch(re.sub(r"[\s.\-]", "", value).upper()))
    if kind == "sexe":
        return fold(value) in _SEX
    if kind == "statut":
        return fold(value) in _STATUS
    if kind == "lieu":
        return bool(re.fullmatch(r"\d{5}|2[AB]\d{3}", value.upper()))
    if kind == "text":
        return bool(re.fullmatch(r"[^\W\d_]+(?:[ '’-]+[^\W\d_]+)*", value))
    if kind == "id":
        return bool(re.fullmatch(r"[A-Za-z]{0,4}\d+", value))
    return False


def _content_candidates(ncols: int, sample: list[list[str]]) -> list[tuple[float, int, str]]:
    """Fields guessed from the values alone, for a file without a header row."""
    out: list[tuple[float, int, str]] = []
    text_columns = []
    for i in range(ncols):
        values = [row[i].strip() for row in sample if i < len(row) and row[i].strip()]
        if not values:
            continue

        def share(kind: str, values: list[str] = values) -> float:
            return sum(_looks(kind, v) for v in values) / len(values)

        for kind, name in (
            ("date", "date_naissance"),
            ("nir", "nir"),
            ("statut", "statut"),
            ("lieu", "lieu_naissance"),
        ):
            if share(kind) >= 0.8:
                out.append((0.7, -i, name))
        if share("sexe") >= 0.9 and len(set(values)) <= 4:
            out.append((0.7, -i, "sexe"))
        if share("text") >= 0.8 and share("sexe") < 0.5 and share("statut") < 0.5:
            text_columns.append(i)
        if share("id") >= 0.9 and len(set(values)) == len(values):
            out.append((0.4, -i, "identifiant"))
    # Practice software puts the surname before the first names.
    for name, i in zip(("nom_naissance", "prenoms", "nom_utilise"), text_columns, strict=False):
        out.append((0.4, -i, name))
    return out


def _header_score(row: list[str]) -> tuple[int, float]:
    scores = [max(header_scores(cell).values(), default=0.0) for cell in row]
    strong = sum(s >= 0.6 for s in scores)
    return strong, sum(scores)


def _looks_like_data(row: list[str]) -> bool:
    cells = [c.strip() for c in row if c.strip()]
    return any(_looks("date", c) or _looks("nir", c) for c in cells)


# ---------------------------------------------------------------------------
# The file's format


@dataclass
class Inspection:
    """What the first rows say about a file, and the proposed mapping."""

    format: str  # "csv" or "xlsx"
    columns: list[str]
    mapping: Mapping
    sample: list[list[str]]
    header_line: int  # 0 when the file has no header row
    encoding: str = ""
    delimiter: str = ""
    sheets: list[str] = field(default_factory=list)
    sheet: str = ""
    notices: list[str] = field(default_factory=list)

    @property
    def has_header(self) -> bool:
        return self.header_line > 0

    def describe_fr(self) -> str:
        if self.format == "xlsx":
            return f"Classeur XLSX, feuille « {self.sheet} »"
        return f"Fichier CSV, encodage {ENCODING_NAMES.get(self.encoding, self.encoding)}, séparateur {DELIMITER_NAMES.get(self.delimiter, repr(self.delimiter))}"


ENCODING_NAMES = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8 (avec BOM)",
    "utf-16": "UTF-16",
    "cp1252": "Windows-1252",
    "latin-1": "Latin-1 (ISO-8859-1)",
}
DELIMITER_NAMES = {";": "point-virgule", ",": "virgule", "\t": "tabulation", "|": "barre verticale"}

_MAGIC = (
    (b"%PDF", "un document PDF"),
    (b"\xd0\xcf\x11\xe0", "un ancien classeur Excel (.xls) ou un document Office ancien"),
    (b"\x1f\x8b", "une archive compressée (gzip)"),
    (b"Rar!", "une archive RAR"),
    (b"7z\xbc\xaf", "une archive 7-Zip"),
    (b"\x89PNG", "une image PNG"),
    (b"\xff\xd8\xff", "une image JPEG"),
    (b"GIF8", "une image GIF"),
)
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


def _open(source: Source, limits: Limits) -> _Opened:
    if isinstance(source, bytes | bytearray):
        opened = _Opened(None, bytes(source), len(source))
    elif isinstance(source, str | os.PathLike):
        path = Path(source)
        try:
            size = path.stat().st_size
        except OSError:
            raise IntakeError("Le fichier est introuvable ou illisible.") from None
        if not path.is_file():
            raise IntakeError("Ce chemin n'est pas un fichier.")
        opened = _Opened(path, None, size)
    else:
        raise IntakeError("Le fichier déposé est illisible.")
    if opened.size > limits.max_bytes:
        raise IntakeError(
            f"Ce fichier pèse {mo(opened.size)} : Hygie lit au plus {mo(limits.max_bytes)}. "
            "Exportez seulement les colonnes d'identité (nom, prénoms, sexe, date et lieu de "
            "naissance, NIR, statut, identifiant), ou découpez le fichier en plusieurs parties."
        )
    if opened.size == 0:
        raise IntakeError("Le fichier est vide.")
    return opened


def _kind(head: bytes, opened: _Opened) -> str:
    """'xlsx' or 'csv'; anything else is refused with what it seems to be."""
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        try:
            with opened.open() as f, zipfile.ZipFile(f) as archive:
                names = set(archive.namelist())
                mimetype = archive.read("mimetype")[:100] if "mimetype" in names else b""
        except (zipfile.BadZipFile, OSError, ValueError, KeyError, EOFError):
            raise IntakeError(f"Ce fichier est une archive ZIP abîmée. {SAVE_AS}") from None
        if "[Content_Types].xml" in names and "xl/workbook.xml" in names:
            return "xlsx"
        if b"opendocument.spreadsheet" in mimetype:
            raise IntakeError(
                "Ce fichier est un classeur LibreOffice (ODS) : enregistrez-le au format XLSX ou "
                "CSV, puis déposez-le."
            )
        raise IntakeError(
            "Ce fichier est une archive ZIP, pas une liste de patients (même si son nom finit par "
            f".csv). Hygie n'ouvre pas les archives. {SAVE_AS}"
        )
    for magic, what in _MAGIC:
        if head.startswith(magic):
            raise IntakeError(f"Ce fichier est {what}, pas une liste de patients. {SAVE_AS}")
    return "csv"


# ---------------------------------------------------------------------------
# CSV


def _detect_encoding(head: bytes) -> str:
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        head.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as e:
        if e.start >= len(head) - 4:  # the sample ends inside a character
            return "utf-8"
    # Lines typed on different workstations: the encoding most lines are in.
    utf8 = legacy = 0
    for line in head.splitlines():
        if max(line, default=0) < 0x80:
            continue
        try:
            line.decode("utf-8")
            utf8 += 1
        except UnicodeDecodeError:
            legacy += 1
    if utf8 >= legacy:
        return "utf-8"
    try:
        head.decode("cp1252")
        return "cp1252"
    except UnicodeDecodeError:
        return "latin-1"


def _check_text(head: bytes, encoding: str) -> None:
    if encoding == "utf-16":
        return
    controls = sum(head.count(bytes([b])) for b in range(32) if b not in (9, 10, 13))
    if b"\x00" in head or controls > max(2, len(head) // 100):
        raise IntakeError(
            f"Ce fichier n'est pas un fichier texte (CSV) ni un classeur XLSX lisible. {SAVE_AS}"
        )


def _sniff_delimiter(lines: list[str]) -> str:
    """The separator that splits the first lines into the same number of
    fields (more than one); semicolon first, as French exports use it."""
    lines = [line for line in lines if line.strip()][:50]
    best, best_key = ";", (0, 0, 0)
    for rank, delimiter in enumerate((";", "\t", ",", "|")):
        counts = [len(row) for row in csv.reader(lines, delimiter=delimiter)]
        if not counts:
            continue
        common = max(set(counts), key=counts.count)
        if common < 2:
            continue
        key = (counts.count(common), common, -rank)
        if key > best_key:
            best, best_key = delimiter, key
    return best


class _Lines:
    """Physical lines of a CSV, decoded, too-long ones blanked and reported.

    The file is read a block of about a megabyte at a time, cut after a line
    end, and the block decoded at once; a block that does not decode is
    decoded line by line, so a UTF-8 file with a few lines typed in
    Windows-1252 is read anyway (and said in a notice).
    """

    BLOCK = 1 << 20

    def __init__(
        self, f: BinaryIO, encoding: str, delimiter: str, limits: Limits, problems: _Problems
    ) -> None:
        self.f = f
        self.delimiter = delimiter
        self.encoding = "utf-8" if encoding == "utf-8-sig" else encoding
        self.bom = encoding == "utf-8-sig"
        self.limits = limits
        self.problems = problems
        self.number = 0
        self.bytes_read = 0
        self.fallbacks = 0

    def __iter__(self) -> Iterator[str]:
        return itertools.chain.from_iterable(self.blocks())

    def _too_long(self, number: int) -> None:
        limit = self.limits.max_line_bytes
        self.problems.add(
            number, "", f"Ligne de plus de {limit // 1024} Ko : elle n'a pas été lue."
        )

    def blocks(self) -> Iterator[list[str]]:
        f, limit, first = self.f, self.limits.max_line_bytes, True
        carry: list[str] = []
        while True:
            chunk = f.read(self.BLOCK)
            if not chunk:
                if carry:
                    lines, _ = self._close_quotes(carry, final=True)
                    self.number += len(lines)
                    yield lines
                return
            cut_last = False
            if not chunk.endswith((b"\n", b"\r")):
                tail = f.readline(limit + 1)
                chunk += tail
                if len(tail) > limit and not tail.endswith(b"\n"):
                    cut_last = True
                    while True:  # the rest of the line, dropped without holding it
                        rest = f.readline(limit + 1)
                        self.bytes_read += len(rest)
                        if not rest or rest.endswith(b"\n"):
                            break
            self.bytes_read += len(chunk)
            if first:
                first = False
                if self.bom and chunk.startswith(codecs.BOM_UTF8):
                    chunk = chunk[3:]
            text = self._decode(chunk)
            lines = list(io.StringIO(text, newline=""))
            base = self.number + len(carry)
            if cut_last:
                lines[-1] = "\n"
                self._too_long(base + len(lines))
            if len(chunk) > limit:
                for k, line in enumerate(lines):
                    if len(line) > limit:
                        lines[k] = "\n"
                        self._too_long(base + k + 1)
            if carry or ('"' in text and not self._balanced(text)):
                lines, carry = self._close_quotes(carry + lines, final=False)
            self.number += len(lines)
            yield lines

    def _close_quotes(self, lines: list[str], final: bool) -> tuple[list[str], list[str]]:
        """Lines whose quotes close within max_record_lines, and the tail still open.

        A quote opened and never closed would make the CSV reader swallow the
        rest of the file as one field: the line that opened it is dropped
        (and reported), and the lines after it are read as they are.
        """
        closed_line, close_open = self._quote_patterns()
        first_number = self.number + 1
        i, opened_at = 0, None
        while True:
            while i < len(lines):
                line = lines[i]
                if opened_at is None:
                    if '"' in line and not closed_line.fullmatch(line):
                        opened_at = i
                elif i - opened_at >= self.limits.max_record_lines:
                    self._unclosed(lines, opened_at, first_number)
                    i, opened_at = opened_at + 1, None
                    continue
                elif close_open.fullmatch(line):
                    opened_at = None
                i += 1
            if opened_at is None:
                return lines, []
            if not final:
                return lines[:opened_at], lines[opened_at:]
            self._unclosed(lines, opened_at, first_number)
            i, opened_at = opened_at + 1, None

    def _balanced(self, text: str) -> bool:
        """Whether every quote of the block closes on its own line: one regex
        over the whole block, so that a file whose every field is quoted
        stays fast; a block with a field over several lines is looked at
        line by line."""
        self._quote_patterns()
        return self._block.fullmatch(text) is not None

    def _unclosed(self, lines: list[str], index: int, first_number: int) -> None:
        lines[index] = "\n"
        self.problems.add(
            first_number + index,
            "",
            "Un guillemet ouvert sur cette ligne n'est jamais refermé : elle n'a pas été lue.",
        )

    def _quote_patterns(self) -> tuple[re.Pattern, re.Pattern]:
        patterns = getattr(self, "_patterns", None)
        if patterns is None:
            d = re.escape(self.delimiter)
            field = f'(?:"(?:[^"]|"")*"[^{d}\\r\\n]*|[^"{d}\\r\\n][^{d}\\r\\n]*|)'
            fields = f"{field}(?:{d}{field})*"
            end = r"\r?\n?"
            patterns = self._patterns = (
                re.compile(fields + end),  # a line whose quotes all close
                re.compile(r'(?:[^"]|"")*"' + f"[^{d}\\r\\n]*(?:{d}{field})*" + end),  # closes it
            )
            one_line = fields.replace('[^"]', '[^"\\r\\n]')
            self._block = re.compile(f"(?:(?>{one_line})(?:\\r\\n|\\n|\\r))*(?>{one_line})")
        return patterns

    def _decode(self, chunk: bytes) -> str:
        try:
            return chunk.decode(self.encoding)
        except UnicodeDecodeError:
            pass
        out = []
        others = [e for e in ("utf-8", "cp1252", "latin-1") if e != self.encoding]
        for raw in chunk.splitlines(keepends=True):
            try:
                out.append(raw.decode(self.encoding))
                continue
            except UnicodeDecodeError:
                self.fallbacks += 1
            for encoding in others:
                try:
                    out.append(raw.decode(encoding))
                    break
                except UnicodeDecodeError:
                    continue
        return "".join(out)


class _Utf16Lines(_Lines):
    def __iter__(self) -> Iterator[str]:
        text = io.TextIOWrapper(self.f, encoding="utf-16", errors="replace", newline="")
        for line in text:
            self.bytes_read += 2 * len(line)
            yield line


def _csv_rows(
    opened: _Opened, encoding: str, delimiter: str, limits: Limits, problems: _Problems
) -> Iterator[tuple[int, list[str], _Lines]]:
    """(first line number, fields) of every record; unreadable ones reported."""
    with opened.open() as f:
        lines = (_Utf16Lines if encoding == "utf-16" else _Lines)(
            f, encoding, delimiter, limits, problems
        )
        reader = csv.reader(iter(lines), delimiter=delimiter, quotechar='"', strict=False)
        end = 0
        while True:
            start = end + 1
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error:
                end = reader.line_num
                problems.add(
                    start,
                    "",
                    "Ligne illisible (guillemets ou champ trop long) : elle n'a pas été lue.",
                )
                continue
            end = reader.line_num
            if end - start >= limits.max_record_lines:
                problems.add(
                    start,
                    "",
                    f"Un guillemet ouvert n'est pas refermé : les lignes {start} à {end} "
                    "n'ont pas été lues.",
                )
                continue
            yield start, row, lines


def _csv_head(opened: _Opened, limits: Limits) -> tuple[str, str, list[tuple[int, list[str]]]]:
    head = opened.head(1024 * 1024)
    encoding = _detect_encoding(head)
    _check_text(head, encoding)
    if encoding == "utf-16":
        text = head.decode("utf-16", errors="ignore")
    else:
        text = head.decode("utf-8" if encoding.startswith("utf-8") else encoding, errors="replace")
    sample_lines = text.lstrip("\ufeff").splitlines()[:60]
    if not any(line.strip() for line in sample_lines):
        raise IntakeError("Le fichier est vide : il ne contient aucune ligne.")
    delimiter = _sniff_delimiter(sample_lines)
    rows: list[tuple[int, list[str]]] = []
    for start, row, _ in _csv_rows(opened, encoding, delimiter, limits, _Problems(limits)):
        if any(cell.strip() for cell in row):
            rows.append((start, row))
        if len(rows) >= 50:
            break
    return encoding, delimiter, rows


# ---------------------------------------------------------------------------
# XLSX


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "VRAI" if value else "FAUX"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e16:
            return str(int(value))
        return repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


_XL_ERRORS = {"#N/A", "#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#GETTING_DATA"}
_FORMULA_NO_VALUE = (
    "Formule sans valeur calculée : Hygie ne calcule pas les formules. Ouvrez le classeur dans "
    "votre tableur et enregistrez-le, ou collez les valeurs."
)
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_CELL_REF = re.compile(r"([A-Z]{1,3})(\d+)")
_LETTERS = re.compile(r"[A-Z]{1,3}")
_DIGITS = "0123456789"


def _local(tag: Any) -> str:
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def _column_index(letters: str) -> int:
    index = 0
    for char in letters:
        index = index * 26 + ord(char) - 64
    return index - 1


def _iterparse(source: BinaryIO, tag: str | tuple[str, ...] | None = None):
    from lxml import etree

    # No DTD, no entity expansion, no network, no huge text nodes.
    return etree.iterparse(
        source,
        events=("end",),
        tag=tag,
        resolve_entities=False,
        load_dtd=False,
        no_network=True,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


def _text_of(node: Any, ns: str) -> str:
    """The plain text of a string item (<si> or <is>): its <t>, or its runs'
    <t>s; phonetic runs (<rPh>) left out, as openpyxl does."""
    t_tag, r_tag = ns + "t", ns + "r"
    parts = []
    for child in node:
        if child.tag == t_tag:
            parts.append(child.text or "")
        elif child.tag == r_tag:
            for grand in child:
                if grand.tag == t_tag:
                    parts.append(grand.text or "")
    return "".join(parts)


class _Counting:
    """A file's read() that counts the bytes read, for the progress bar."""

    def __init__(self, f: BinaryIO) -> None:
        self.f = f
        self.count = 0

    def read(self, n: int = -1) -> bytes:
        data = self.f.read(n)
        self.count += len(data)
        return data


class _Workbook:
    """An XLSX read straight from its XML, values only, a row at a time.

    The workbook's parts (sheet list, relationships, number formats, shared
    strings) are read first, then a sheet is streamed with lxml's iterparse,
    each row dropped once read: four times faster than openpyxl, which
    parses the sheet in Python (twice when it lacks a dimension tag). A
    formula is never evaluated: its cached value is read, and a formula
    without one is a problem. Which number formats are dates is judged as
    openpyxl judges it.
    """

    def __init__(self, opened: _Opened, limits: Limits) -> None:
        self.opened = opened
        self.limits = limits
        self.position = 0.0
        self.handle = opened.open()
        try:
            self.archive = zipfile.ZipFile(self.handle)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError):
            self.handle.close()
            raise IntakeError(f"Ce classeur XLSX est abîmé. {SAVE_AS}") from None
        try:
            self._check_archive()
            self._load()
        except IntakeError:
            self.close()
            raise
        except Exception:  # a part missing or malformed
            self.close()
            raise IntakeError(f"Ce classeur XLSX est abîmé ou protégé. {SAVE_AS}") from None
        if not self.names:
            self.close()
            raise IntakeError("Ce classeur ne contient aucune feuille.")

    def _check_archive(self) -> None:
        infos = self.archive.infolist()
        # The sizes the archive declares bound what it unpacks (zipfile stops
        # there and checks the CRC): a zip bomb is refused before it is read.
        unpacked = sum(i.file_size for i in infos)
        if unpacked > 10 * self.limits.max_bytes:
            raise IntakeError(
                f"Ce classeur décompressé pèserait {mo(unpacked)} : Hygie lit au plus "
                f"{mo(10 * self.limits.max_bytes)}. Enregistrez-le en CSV."
            )
        self.sizes = {i.filename: i.file_size for i in infos}

    def _parts(self, path: str, tag: str | None = None) -> Iterator[Any]:
        with self.archive.open(path) as part:
            for _, node in _iterparse(part, tag):
                yield node

    def _load(self) -> None:
        from openpyxl.styles.numbers import (
            BUILTIN_FORMATS,
            is_date_format,
            is_timedelta_format,
        )
        from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900

        targets: dict[str, tuple[str, str]] = {}
        rels = "xl/_rels/workbook.xml.rels"
        if rels in self.sizes:
            for node in self._parts(rels, "{*}Relationship"):
                target = node.get("Target", "")
                path = target.lstrip("/") if target.startswith("/") else "xl/" + target
                targets[node.get("Id", "")] = (node.get("Type", "").rpartition("/")[2], path)
        # The sheets, in the workbook's order; a chart sheet has no cells.
        self.names: list[str] = []
        self.paths: dict[str, str | None] = {}
        self.epoch = CALENDAR_WINDOWS_1900
        for node in self._parts("xl/workbook.xml"):
            name = _local(node.tag)
            if name == "workbookPr" and node.get("date1904") in ("1", "true"):
                self.epoch = CALENDAR_MAC_1904
            elif name == "sheet":
                kind, path = targets.get(node.get(f"{{{_REL_NS}}}id", ""), ("", ""))
                self.names.append(node.get("name", ""))
                self.paths[self.names[-1]] = (
                    path if kind == "worksheet" and path in self.sizes else None
                )

        def part(kind: str, default: str) -> str | None:
            for found, path in targets.values():
                if found == kind and path in self.sizes:
                    return path
            return default if default in self.sizes else None

        # Which cell styles show a number as a date (or a duration).
        self.date_styles: set[int] = set()
        self.duration_styles: set[int] = set()
        styles = part("styles", "xl/styles.xml")
        if styles:
            custom: dict[int, str] = {}
            xfs: list[int] = []
            for node in self._parts(styles, ("{*}numFmt", "{*}cellXfs")):
                if _local(node.tag) == "numFmt":
                    custom[int(node.get("numFmtId", "0"))] = node.get("formatCode", "")
                else:
                    xfs = [int(xf.get("numFmtId") or 0) for xf in node if _local(xf.tag) == "xf"]
            for style, number_format in enumerate(xfs):
                code = custom.get(number_format, BUILTIN_FORMATS.get(number_format))
                if code and is_date_format(code):
                    self.date_styles.add(style)
                    if is_timedelta_format(code):
                        self.duration_styles.add(style)
        # Shared strings, streamed: each item dropped once its text is kept.
        self.strings: list[str] = []
        shared = part("sharedStrings", "xl/sharedStrings.xml")
        if shared:
            with self.archive.open(shared) as f:
                for _, node in _iterparse(f, "{*}si"):
                    ns = node.tag[: -len("si")]
                    self.strings.append(_text_of(node, ns).replace("x005F_", ""))
                    node.clear()
                    while node.getprevious() is not None:
                        del node.getparent()[0]

    def close(self) -> None:
        archive = getattr(self, "archive", None)
        if archive is not None:
            archive.close()
        self.handle.close()

    def pick(self, sheet: str | int | None) -> str:
        if sheet is not None and sheet != "":
            if isinstance(sheet, int) or (
                isinstance(sheet, str) and sheet.isdigit() and sheet not in self.names
            ):
                index = int(sheet)
                if 0 <= index < len(self.names):
                    return self.names[index]
            elif sheet in self.names:
                return sheet
            raise IntakeError(f"Ce classeur n'a pas de feuille « {sheet} ».")
        for name in self.names:
            for _, row in self.rows(name, limit=100):
                if any(row):
                    return name
        raise IntakeError("Toutes les feuilles de ce classeur sont vides.")

    def rows(
        self,
        name: str,
        limit: int | None = None,
        problems: _Problems | None = None,
        wanted=None,
        width: int | None = None,
    ) -> Iterator[tuple[int, list[str]]]:
        """(row number, cells as text); formula cells without a value and
        error cells reported, in the wanted columns. Rows are as wide as the
        sheet's dimension tag says, or as their last cell; with `width`,
        cut to it (a stray cell right of every column is not a line lost)."""
        path = self.paths.get(name)
        if path is None:
            return
        try:
            with self.archive.open(path) as part:
                counted = _Counting(part)
                size = max(self.sizes.get(path, 0), 1)
                yield from self._rows(counted, size, limit, problems, wanted, width)
        except IntakeError:
            raise
        except Exception:
            raise IntakeError(
                f"La feuille « {name} » de ce classeur est illisible. {SAVE_AS}"
            ) from None

    def _date(self, value: str, style: int) -> str:
        """A number shown as a date, as openpyxl converts it (its text when
        out of the dates' range: #VALUE!, as openpyxl makes it)."""
        from openpyxl.utils.datetime import from_excel

        try:
            return _cell_text(
                from_excel(_number(value), self.epoch, timedelta=style in self.duration_styles)
            )
        except (OverflowError, ValueError):
            return "#VALUE!"

    def _rows(self, counted, size, limit, problems, wanted, width):
        strings, date_styles = self.strings, self.date_styles
        letter_columns: dict[str, int] = {}
        dates: dict[tuple[str, str], str] = {}
        columns = 0  # from the dimension tag, as openpyxl pads the rows
        ns = None
        number = 0
        for _, node in _iterparse(counted, ("{*}dimension", "{*}row")):
            if ns is None:
                ns = node.tag.rpartition("}")[0] + "}" if node.tag.startswith("{") else ""
                c_tag, v_tag, f_tag, is_tag = ns + "c", ns + "v", ns + "f", ns + "is"
                t_tag = ns + "t"
            if node.tag != ns + "row":
                ref = node.get("ref", "").split(":")[-1]
                if m := _CELL_REF.match(ref.replace("$", "").upper()):
                    columns = _column_index(m[1]) + 1
                continue
            r = node.get("r")
            number = int(r) if r else number + 1
            if limit is not None and number > limit:
                return
            cells = [""] * columns
            formulas: list[int] = []
            errors: list[int] = []
            column = -1
            for cell in node:
                if cell.tag != c_tag:
                    continue
                ref = cell.get("r")
                if ref:
                    letters = ref.rstrip(_DIGITS)
                    found = letter_columns.get(letters)
                    if found is None:
                        found = letter_columns[letters] = (
                            _column_index(letters) if _LETTERS.fullmatch(letters) else column + 1
                        )
                    column = found
                else:
                    column += 1
                kind = cell.get("t")
                value = ""
                formula = False
                for child in cell:
                    tag = child.tag
                    if tag == v_tag:
                        value = child.text or ""
                    elif tag == is_tag and kind == "inlineStr":
                        if len(child) == 1 and child[0].tag == t_tag:
                            value = child[0].text or ""
                        else:
                            value = _text_of(child, ns)
                    elif tag == f_tag:
                        formula = True
                if value:
                    if kind is None or kind == "n":
                        style = cell.get("s")
                        if style is not None and int(style) in date_styles:
                            key = (value, style)
                            found_date = dates.get(key)
                            if found_date is None:
                                found_date = dates[key] = self._date(value, int(style))
                            value = found_date
                            if value == "#VALUE!":
                                errors.append(column)
                        elif not (value.isdigit() and (value[0] != "0" or len(value) == 1)):
                            value = _cell_text(_number(value))
                    elif kind == "s":
                        value = strings[int(value)]
                    elif kind == "inlineStr" or kind == "str":
                        pass
                    elif kind == "b":
                        value = "VRAI" if value in ("1", "true") else "FAUX"
                    elif kind == "e":
                        errors.append(column)
                    elif kind == "d":
                        value = _iso_date(value)
                if column >= len(cells):
                    cells.extend([""] * (column + 1 - len(cells)))
                cells[column] = value
                if formula and not value:
                    formulas.append(column)
            node.clear()
            while node.getprevious() is not None:
                del node.getparent()[0]
            self.position = counted.count / size
            if width is not None and len(cells) > width:
                cells = cells[:width]
            if problems is not None:
                for i in wanted if wanted is not None else range(len(cells)):
                    cell = cells[i] if i < len(cells) else ""
                    if not cell and i in formulas:
                        problems.add(number, i, _FORMULA_NO_VALUE)
                    elif cell in _XL_ERRORS or (cell and i in errors):
                        problems.add(number, i, f"Erreur de formule ({cell}) dans la cellule.")
                        cells[i] = ""
            yield number, cells


def _number(text: str) -> int | float:
    """A cell's number as openpyxl casts it."""
    if "." in text or "E" in text or "e" in text:
        return float(text)
    return int(text)


def _iso_date(text: str) -> str:
    """A cell of type « d » (an ISO 8601 date) as its date."""
    return text[:10] if re.match(r"\d{4}-\d{2}-\d{2}", text) else text


# ---------------------------------------------------------------------------
# Inspection


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


def _labels(header: list[str]) -> tuple[list[str], list[str]]:
    """Readable, distinct names for the columns, and notices on duplicates."""
    labels, seen, notices = [], {}, []
    for i, cell in enumerate(header):
        base = " ".join(str(cell).split()) or f"Colonne {column_letter(i)}"
        seen[base] = seen.get(base, 0) + 1
        labels.append(base if seen[base] == 1 else f"{base} ({seen[base]})")
    for base, n in seen.items():
        if n > 1:
            notices.append(
                f"{n} colonnes s'appellent « {base} » : elles sont numérotées (« {base} (2) »…) ; "
                "vérifiez laquelle choisir."
            )
    return labels, notices


def _find_header(rows: list[tuple[int, list[str]]]) -> int | None:
    """Index in rows of the header row, None if the file has none.

    Exports sometimes put a title (« Liste des patients au… ») above the
    header: the best-scoring of the first ten rows wins.
    """
    if not rows:
        return None
    best, best_key = None, (0, 0.0)
    for k, (_, row) in enumerate(rows[:10]):
        if k > 0 and _looks_like_data(row) and best is not None:
            break
        key = _header_score(row)
        if key[0] > best_key[0] or (key[0] == best_key[0] and key[1] > best_key[1]):
            best, best_key = k, key
    if best is not None and (best_key[0] >= 2 or (best_key[0] == 1 and best == 0)):
        return best
    if _looks_like_data(rows[0][1]):
        return None
    return 0  # headers Hygie does not know: the person maps them


def inspect(
    source: Source, *, sheet: str | int | None = None, limits: Limits | None = None
) -> Inspection:
    """The format, header and proposed mapping, from the first rows only."""
    limits = limits or Limits()
    try:
        return _inspect(_open(source, limits), sheet, limits)
    except IntakeError:
        raise
    except Exception:
        raise IntakeError(f"Ce fichier n'a pas pu être lu. {SAVE_AS}") from None


def _inspect(
    opened: _Opened, sheet: str | int | None, limits: Limits, book: _Workbook | None = None
) -> Inspection:
    head = opened.head(8192)
    kind = _kind(head, opened)
    notices: list[str] = []
    if kind == "xlsx":
        # The reading passes the workbook it keeps open.
        own = book is None
        book = book or _Workbook(opened, limits)
        try:
            name = book.pick(sheet)
            rows = [(n, r) for n, r in book.rows(name, limit=200) if any(c.strip() for c in r)][:50]
        finally:
            if own:
                book.close()
        others = [n for n in book.names if n != name]
        if others:
            notices.append(
                f"Ce classeur a {len(book.names)} feuilles ; Hygie lit « {name} ». Autres feuilles : "
                + ", ".join(f"« {n} »" for n in others)
                + "."
            )
        encoding = delimiter = ""
        sheets = list(book.names)
    else:
        encoding, delimiter, rows = _csv_head(opened, limits)
        name, sheets = "", []
    if not rows:
        raise IntakeError("Le fichier ne contient aucune ligne de patient.")
    widths = [len(r) for _, r in rows]
    width = max(widths)
    if width > limits.max_columns:
        raise IntakeError(
            f"Le fichier compte {width} colonnes ; Hygie en lit au plus {limits.max_columns}. "
            "Vérifiez le séparateur, ou exportez seulement les colonnes d'identité."
        )
    found = _find_header(rows)
    # A line longer than most is a separator inside a value, not a column.
    data_widths = widths[found + 1 :] if found is not None else widths
    common = max(set(data_widths), key=data_widths.count) if data_widths else 0
    width = max(len(rows[found][1]) if found is not None else 0, common)
    if found is None:
        header_line = 0
        labels = [f"Colonne {column_letter(i)}" for i in range(width)]
        data = [r for _, r in rows]
        notices.append(
            "Ce fichier ne semble pas avoir de ligne d'en-tête (la première ligne contient déjà "
            "un patient) : Hygie propose des colonnes d'après leur contenu, vérifiez-les."
        )
    else:
        header_line, header = rows[found]
        header = header + [""] * (width - len(header))
        labels, duplicate_notices = _labels(header)
        notices.extend(duplicate_notices)
        data = [r for _, r in rows[found + 1 :]]
        if found > 0:
            notices.append(
                f"Les {header_line - 1} premières lignes précèdent l'en-tête (ligne {header_line}) : "
                "elles sont ignorées."
            )
    mapping = propose_mapping(labels, data, has_header=header_line > 0)
    return Inspection(
        format=kind,
        columns=labels,
        mapping=mapping,
        sample=[(r + [""] * width)[:width] for r in data[:5]],
        header_line=header_line,
        encoding=encoding,
        delimiter=delimiter,
        sheets=sheets,
        sheet=name,
        notices=notices,
    )


# ---------------------------------------------------------------------------
# Values


def _fold_key(value: str) -> str:
    return fold(value).replace(" ", "")


_SEX = {
    "m": "M",
    "h": "M",
    "1": "M",
    "homme": "M",
    "masculin": "M",
    "masc": "M",
    "male": "M",
    "garcon": "M",
    "mr": "M",
    "monsieur": "M",
    "f": "F",
    "2": "F",
    "femme": "F",
    "feminin": "F",
    "fem": "F",
    "female": "F",
    "fille": "F",
    "mme": "F",
    "mlle": "F",
    "madame": "F",
    "mademoiselle": "F",
}
_SEX_UNKNOWN = {"i", "x", "u", "0", "3", "9", "inconnu", "indetermine", "nc", "nr", "autre"}


def normalise_sex(value: str) -> tuple[str, str | None]:
    key = _fold_key(value)
    if not key:
        return "", None
    if key in _SEX:
        return _SEX[key], None
    if key in _SEX_UNKNOWN:
        return "", None
    return (
        "",
        f"Sexe « {value.strip()[:40]} » non reconnu (attendu : M, F, H, 1, 2, Masculin, Féminin).",
    )


_STATUS = {
    "prov": "PROV",
    "provisoire": "PROV",
    "identiteprovisoire": "PROV",
    "recup": "RECUP",
    "recuperee": "RECUP",
    "identiterecuperee": "RECUP",
    "vali": "VALI",
    "valide": "VALI",
    "validee": "VALI",
    "identitevalidee": "VALI",
    "qual": "QUAL",
    "qualifiee": "QUAL",
    "qualifie": "QUAL",
    "identitequalifiee": "QUAL",
}


def normalise_status(value: str) -> tuple[str, str | None]:
    key = _fold_key(value)
    if not key:
        return "", None
    if key in _STATUS:
        return _STATUS[key], None
    return "", (
        f"Statut « {value.strip()[:40]} » non reconnu (attendu : provisoire, récupérée, validée, "
        "qualifiée, ou PROV, RECUP, VALI, QUAL)."
    )


def normalise_place(value: str) -> tuple[str, str | None]:
    code = re.sub(r"\s", "", value).upper()
    if not code:
        return "", None
    if re.fullmatch(r"\d{4}", code):
        code = "0" + code  # a leading zero lost in a spreadsheet (01053)
    if re.fullmatch(r"\d{5}|2[AB]\d{3}", code):
        return code, None
    return "", (
        f"Lieu de naissance « {value.strip()[:40]} » : ce n'est pas un code INSEE à 5 caractères "
        "(ex. 75056, 2A004, 99350 pour un pays)."
    )


_MONTHS = {
    "janvier": 1, "janv": 1, "jan": 1,
    "fevrier": 2, "fevr": 2, "fev": 2,
    "mars": 3, "mar": 3,
    "avril": 4, "avr": 4,
    "mai": 5,
    "juin": 6,
    "juillet": 7, "juil": 7,
    "aout": 8,
    "septembre": 9, "sept": 9, "sep": 9,
    "octobre": 10, "oct": 10,
    "novembre": 11, "nov": 11,
    "decembre": 12, "dec": 12,
}  # fmt: skip

_DMY = re.compile(
    r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4}|\d{2})(?:[ T]\d{1,2}[:h]\d{2}(?::\d{2}(?:\.\d+)?)?)?"
)
_YMD = re.compile(
    r"(\d{4})[/.\-](\d{1,2})[/.\-](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
)
_MY = re.compile(r"(\d{1,2})[/.\-](\d{4})")
_TEXT_DATE = re.compile(r"(\d{1,2})(?:er)? ([a-z]+) (\d{4})")
EXCEL_EPOCH = dt.date(1899, 12, 30)


def _ymd(year: int, month: int, day: int, today: dt.date) -> tuple[str, str | None]:
    raw = f"{day:02d}/{month:02d}/{year:04d}"
    if year == 0 or month > 12 or day > 31:
        return "", f"Date de naissance impossible ({raw})."
    if month and day:
        try:
            date = dt.date(year, month, day)
        except ValueError:
            return "", f"Date de naissance impossible ({raw}) : ce jour n'existe pas."
        if date > today:
            return "", f"Date de naissance dans le futur ({raw})."
    elif (year, month) > (today.year, today.month):
        return "", f"Date de naissance dans le futur ({raw})."
    if year < 1850:
        return "", f"Date de naissance trop ancienne ({raw})."
    return f"{year:04d}-{month:02d}-{day:02d}", None


def _century(yy: int, today: dt.date) -> int:
    """A two-digit birth year: this century if not after this year, else the last."""
    return 2000 + yy if 2000 + yy <= today.year else 1900 + yy


def normalise_date(value: str, today: dt.date | None = None) -> tuple[str, str | None]:
    """'YYYY-MM-DD' with '00' for unknown parts, or '' and the reason.

    JJ/MM/AAAA, JJ-MM-AAAA, JJ.MM.AAAA, AAAA-MM-JJ, JJ/MM/AA (two-digit years
    after this year are the last century's), JJMMAAAA (or AAAAMMJJ when only
    that reading is a date), JJMMAA, « 15 mars 1950 », MM/AAAA, AAAA, and an
    Excel serial number (days since 30/12/1899).
    """
    today = today or dt.date.today()
    text = value.strip()
    if not text:
        return "", None
    if m := _YMD.fullmatch(text):
        return _ymd(int(m[1]), int(m[2]), int(m[3]), today)
    if m := _DMY.fullmatch(text):
        year = int(m[3]) if len(m[3]) == 4 else _century(int(m[3]), today)
        if len(m[3]) == 2 and m[3] == "00" and int(m[1]) == 0 and int(m[2]) == 0:
            return "", f"Date de naissance illisible ({text[:40]})."
        return _ymd(year, int(m[2]), int(m[1]), today)
    if m := _MY.fullmatch(text):
        return _ymd(int(m[2]), int(m[1]), 0, today)
    if text.isdigit():
        n = len(text)
        if n == 8:
            dmy = _ymd(int(text[4:]), int(text[2:4]), int(text[:2]), today)
            if dmy[1] is None:
                return dmy
            ymd = _ymd(int(text[:4]), int(text[4:6]), int(text[6:]), today)
            return ymd if ymd[1] is None else dmy
        if n == 6:
            return _ymd(_century(int(text[4:]), today), int(text[2:4]), int(text[:2]), today)
        if n == 4 and 1850 <= int(text) <= today.year:
            return _ymd(int(text), 0, 0, today)
        if n <= 5:
            return _serial(float(text), today)
    if re.fullmatch(r"\d{1,5}\.\d+", text):
        return _serial(float(text), today)
    if m := _TEXT_DATE.fullmatch(fold(text)):
        month = _MONTHS.get(m[2])
        if month:
            return _ymd(int(m[3]), month, int(m[1]), today)
    return "", f"Date de naissance illisible (« {text[:40]} »)."


def _serial(n: float, today: dt.date) -> tuple[str, str | None]:
    if not 1 <= n < 2_958_466:
        return "", f"Date de naissance illisible ({n:g})."
    date = EXCEL_EPOCH + dt.timedelta(days=int(n))
    return _ymd(date.year, date.month, date.day, today)


def normalise_nir(value: str) -> tuple[str, str | None]:
    nir = re.sub(r"[\s.\-_/]", "", value).upper()
    if not nir:
        return "", None
    if _NIR_SHAPE.fullmatch(nir):
        return nir, None
    return "", (
        f"NIR « {value.strip()[:40]} » illisible : 13 ou 15 caractères attendus (chiffres, 2A ou "
        "2B pour la Corse)."
    )


def safe_cell(value: Any) -> str:
    """A cell for a CSV or XLSX the person will open in a spreadsheet.

    A cell starting with =, +, -, @ (or a tab or carriage return) would be
    read as a formula (CSV injection, OWASP): it is written as text, after a
    quote. Values are kept as they were read; only exports go through this.
    """
    text = "" if value is None else str(value)
    if text and text[0] in "=+-@\t\r":
        return "'" + text
    return text


def is_formula_like(value: Any) -> bool:
    text = "" if value is None else str(value)
    return bool(text) and text[0] in "=+-@\t\r"


# ---------------------------------------------------------------------------
# Columns, a batch at a time


_SPACES = r"[\s\x{00A0}\x{202F}]+"


def _squeeze(array: pa.Array, extra: str = "") -> pa.Array:
    pattern = f"[\\s\\x{{00A0}}\\x{{202F}}{extra}]+" if extra else _SPACES
    return pc.utf8_trim_whitespace(
        pc.replace_substring_regex(array, pattern=pattern, replacement=" ")
    )


class _Normaliser:
    """Normalises one field's batch; the values of low-cardinality columns
    (dates, sexes, statuses, places) are computed once per distinct value."""

    def __init__(self, name: str, fn: Callable[[str], tuple[str, str | None]]) -> None:
        self.name = name
        self.fn = fn
        self.cache: dict[str, tuple[str, str | None]] = {}

    def __call__(self, array: pa.Array) -> tuple[pa.Array, list[tuple[int, str]]]:
        encoded = pc.dictionary_encode(array)
        uniques = encoded.dictionary.to_pylist()
        out, errors = [], {}
        cache, fn = self.cache, self.fn
        for k, value in enumerate(uniques):
            result = cache.get(value)
            if result is None:
                result = cache[value] = fn(value)
            out.append(result[0])
            if result[1]:
                errors[k] = result[1]
        mapped = pa.DictionaryArray.from_arrays(encoded.indices, pa.array(out, pa.string()))
        values = mapped.cast(pa.string())
        problems = []
        if errors:
            bad = pc.is_in(encoded.indices, value_set=pa.array(list(errors), encoded.indices.type))
            rows = pc.indices_nonzero(bad).to_pylist()
            indices = encoded.indices.to_pylist()
            problems = [(r, errors[indices[r]]) for r in rows]
        return values, problems


@dataclass
class Intake:
    """A file read: the canonical table, what could not be read, and how."""

    table: pa.Table
    problems: list[Problem]
    problem_count: int
    inspection: Inspection
    mapping: Mapping
    rows_read: int
    notices: list[str] = field(default_factory=list)

    @property
    def lines_not_read(self) -> list[int]:
        return sorted(
            {
                p.line
                for p in self.problems
                if "n'a pas été lue" in p.message_fr or "n'ont pas été lues" in p.message_fr
            }
        )


class _Builder:
    def __init__(
        self,
        mapping: Mapping,
        problems: _Problems,
        today: dt.date,
    ) -> None:
        self.mapping = mapping
        self.problems = problems
        self.mapped = mapping.mapped()
        self.chunks: dict[str, list[pa.Array]] = {name: [] for name in COLUMNS}
        self.rows = 0
        today_fn = today
        self.normalisers = {
            "sexe": _Normaliser("sexe", normalise_sex),
            "statut": _Normaliser("statut", normalise_status),
            "lieu_naissance": _Normaliser("lieu_naissance", normalise_place),
            "date_naissance": _Normaliser("date_naissance", lambda v: normalise_date(v, today_fn)),
        }

    def add(self, lines: list[int], batch: list[tuple[str, ...]]) -> None:
        if not lines:
            return
        n = len(lines)
        line_array = pa.array(lines, pa.int64())
        columns = list(zip(*batch, strict=True)) if batch and self.mapped else []
        by_name = {
            name: pa.array(col, pa.string())
            for (name, _), col in zip(self.mapped, columns, strict=True)
        }
        empty = pa.array([""] * n, pa.string())
        for name in FIELDS:
            raw = by_name.get(name)
            index = self.mapping.fields.get(name)
            if raw is None:
                if name == "identifiant":
                    self.chunks[name].append(pc.cast(line_array, pa.string()))
                else:
                    self.chunks[name].append(empty)
                continue
            raw = pc.utf8_trim_whitespace(raw)
            found: list[tuple[int, str]] = []
            if name in self.normalisers:
                values, found = self.normalisers[name](raw)
            elif name == "nir":
                values = pc.utf8_upper(
                    pc.replace_substring_regex(raw, pattern=r"[\s.\-_/]", replacement="")
                )
                bad = pc.and_(
                    pc.not_equal(values, ""),
                    pc.invert(
                        pc.match_substring_regex(
                            values, pattern=r"^[1-8][0-9]{5}[0-9AB][0-9]{6}([0-9]{2})?$"
                        )
                    ),
                )
                rows = pc.indices_nonzero(bad).to_pylist()
                if rows:
                    originals = raw.take(pa.array(rows)).to_pylist()
                    found = [
                        (r, normalise_nir(v)[1] or "") for r, v in zip(rows, originals, strict=True)
                    ]
                    values = pc.if_else(bad, "", values)
            elif name == "prenoms":
                values = _squeeze(raw, extra=",;")
            elif name == "identifiant":
                values = _squeeze(raw)
                missing = pc.equal(values, "")
                rows = pc.indices_nonzero(missing).to_pylist()
                if rows:
                    values = pc.if_else(missing, pc.cast(line_array, pa.string()), values)
                    found = [
                        (r, "Identifiant vide : le numéro de ligne le remplace.") for r in rows
                    ]
            else:
                values = _squeeze(raw)
            for r, message in found:
                self.problems.add(lines[r], index, message)
            self.chunks[name].append(values)
        self.chunks["ligne"].append(line_array)
        self.rows += n

    def table(self) -> pa.Table:
        arrays = [pa.chunked_array(self.chunks[name], SCHEMA.field(name).type) for name in COLUMNS]
        return pa.Table.from_arrays(arrays, schema=SCHEMA)


def read(
    source: Source,
    mapping: Mapping | None = None,
    *,
    sheet: str | int | None = None,
    progress: Progress | None = None,
    limits: Limits | None = None,
    today: dt.date | None = None,
) -> Intake:
    """The whole file as the canonical table, and the problems met.

    Without a mapping, the proposed one is used (the command line does so;
    the web flow has the person confirm it first).
    """
    limits = limits or Limits()
    try:
        return _read(source, mapping, sheet, progress, limits, today or dt.date.today())
    except IntakeError:
        raise
    except MemoryError:
        raise IntakeError(
            "Ce fichier est trop gros pour la mémoire disponible : découpez-le."
        ) from None
    except Exception:
        raise IntakeError(f"Ce fichier n'a pas pu être lu jusqu'au bout. {SAVE_AS}") from None


def _read(
    source: Source,
    mapping: Mapping | None,
    sheet: str | int | None,
    progress: Progress | None,
    limits: Limits,
    today: dt.date,
) -> Intake:
    opened = _open(source, limits)
    book = _Workbook(opened, limits) if _kind(opened.head(8192), opened) == "xlsx" else None
    try:
        return _read_opened(opened, book, mapping, sheet, progress, limits, today)
    finally:
        if book is not None:
            book.close()


def _read_opened(
    opened: _Opened,
    book: _Workbook | None,
    mapping: Mapping | None,
    sheet: str | int | None,
    progress: Progress | None,
    limits: Limits,
    today: dt.date,
) -> Intake:
    inspection = _inspect(opened, sheet, limits, book)
    mapping = mapping or inspection.mapping
    if len(mapping.columns) != len(inspection.columns):
        raise IntakeError(
            "La correspondance des colonnes ne correspond pas à ce fichier : reprenez l'étape de "
            "choix des colonnes."
        )
    if not mapping.mapped():
        raise IntakeError("Aucune colonne n'est associée à un champ d'identité : rien à lire.")
    problems = _Problems(limits)
    problems.labels = list(mapping.columns)
    builder = _Builder(mapping, problems, today)
    width = len(mapping.columns)
    indices = [i for _, i in mapping.mapped()]
    getter = itemgetter(*indices)
    pick: Callable[[list[str]], tuple[str, ...]] = (
        getter if len(indices) > 1 else (lambda row: (getter(row),))
    )
    padding = [""] * width
    batch: list[tuple[str, ...]] = []
    lines: list[int] = []
    size = max(opened.size, 1)
    notices = list(inspection.notices)

    def report(fraction: float) -> None:
        if progress:
            progress(
                min(fraction, 0.99),
                f"Lecture du fichier : {number_fr(builder.rows + len(lines))} lignes lues",
            )

    if book is not None:
        rows: Iterator[tuple[int, list[str]]] = book.rows(
            inspection.sheet, problems=problems, wanted=indices, width=width
        )
        position = lambda _number: book.position  # noqa: E731
        _consume(
            rows,
            inspection,
            limits,
            width,
            padding,
            pick,
            batch,
            lines,
            builder,
            problems,
            report,
            position,
        )
    else:
        state: dict[str, _Lines] = {}

        def csv_rows() -> Iterator[tuple[int, list[str]]]:
            for start, row, line_reader in _csv_rows(
                opened, inspection.encoding, inspection.delimiter, limits, problems
            ):
                state["lines"] = line_reader
                yield start, row

        position = lambda _number: state["lines"].bytes_read / size if state else 0.0  # noqa: E731
        _consume(
            csv_rows(),
            inspection,
            limits,
            width,
            padding,
            pick,
            batch,
            lines,
            builder,
            problems,
            report,
            position,
        )
        if state and state["lines"].fallbacks:
            notices.append(
                f"{number_fr(state['lines'].fallbacks)} lignes n'étaient pas dans l'encodage du reste "
                "du fichier : elles ont été lues dans un autre encodage (UTF-8 ou Windows-1252)."
            )
    table = builder.table()
    if mapping.fields.get("identifiant") is not None and table.num_rows:
        _duplicate_ids(table, problems, mapping)
    if problems.count > len(problems.items):
        notices.append(
            f"{number_fr(problems.count)} problèmes relevés ; les {number_fr(len(problems.items))} "
            "premiers sont listés."
        )
    if progress:
        progress(1.0, f"Fichier lu : {number_fr(table.num_rows)} lignes")
    return Intake(
        table=table,
        problems=sorted(problems.items, key=lambda p: p.line),
        problem_count=problems.count,
        inspection=inspection,
        mapping=mapping,
        rows_read=table.num_rows,
        notices=notices,
    )


def _consume(
    rows,
    inspection,
    limits,
    width,
    padding,
    pick,
    batch,
    lines,
    builder,
    problems,
    report,
    position,
) -> None:
    header_line = inspection.header_line
    batch_rows = limits.batch_rows
    for number, row in rows:
        if number <= header_line:
            continue
        n = len(row)
        if n != width:
            if not any(row):
                continue
            if n > width:
                if any(cell.strip() for cell in row[width:]):
                    if n > limits.max_columns:
                        message = f"Ligne de {n} colonnes (au plus {limits.max_columns}) : elle n'a pas été lue."
                    else:
                        message = (
                            f"Ligne de {n} champs au lieu de {width} (un séparateur dans une "
                            "valeur ?) : elle n'a pas été lue."
                        )
                    problems.add(number, "", message)
                    continue
                row = row[:width]
            else:
                row = row + padding[n:]
        elif not any(row):
            continue
        batch.append(pick(row))
        lines.append(number)
        if len(lines) >= batch_rows:
            builder.add(lines, batch)
            batch.clear()
            lines.clear()
            report(position(number))
    builder.add(lines, batch)
    batch.clear()
    lines.clear()


def _duplicate_ids(table: pa.Table, problems: _Problems, mapping: Mapping) -> None:
    counts = pc.value_counts(table["identifiant"])
    repeated = pc.filter(counts.field("values"), pc.greater(counts.field("counts"), 1))
    if len(repeated) == 0:
        return
    mask = pc.is_in(table["identifiant"], value_set=repeated)
    index = mapping.fields["identifiant"]
    for row in pc.indices_nonzero(pc.fill_null(mask, False)).to_pylist()[: problems.limit]:
        ident = table["identifiant"][row].as_py()
        problems.add(
            table["ligne"][row].as_py(),
            index,
            f"Identifiant « {ident[:40]} » présent sur plusieurs lignes.",
        )
