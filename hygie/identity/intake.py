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
tests share it. Its parts: `fields` (the canonical columns, errors and
problems), `headers` (recognising the columns), `workbook` (XLSX),
`values` (normalising each value); this module opens the file, reads CSV,
and builds the table, and is where callers import from.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import itertools
import os
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import BinaryIO

import pyarrow as pa
import pyarrow.compute as pc

from hygie.identity.fields import (  # noqa: F401  (the module's public names)
    COLUMNS,
    FIELD_LABELS,
    FIELDS,
    SAVE_AS,
    SCHEMA,
    IntakeError,
    Limits,
    Problem,
    Progress,
    Source,
    _Opened,
    _Problems,
    column_letter,
    fold,
    mo,
    number_fr,
)
from hygie.identity.headers import (  # noqa: F401
    Mapping,
    _header_score,
    _looks_like_data,
    header_scores,
    propose_mapping,
)
from hygie.identity.values import (  # noqa: F401
    is_formula_like,
    normalise_date,
    normalise_nir,
    normalise_place,
    normalise_sex,
    normalise_status,
    safe_cell,
)
from hygie.identity.workbook import _Workbook

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
# Inspection


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

    state: dict[str, _Lines] = {}  # the CSV's line reader, for its position and fallbacks
    if book is not None:
        rows: Iterator[tuple[int, list[str]]] = book.rows(
            inspection.sheet, problems=problems, wanted=indices, width=width
        )
        position = lambda _number: book.position  # noqa: E731
    else:

        def csv_rows() -> Iterator[tuple[int, list[str]]]:
            for start, row, line_reader in _csv_rows(
                opened, inspection.encoding, inspection.delimiter, limits, problems
            ):
                state["lines"] = line_reader
                yield start, row

        rows = csv_rows()
        position = lambda _number: state["lines"].bytes_read / size if state else 0.0  # noqa: E731
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
