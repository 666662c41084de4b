"""An XLSX workbook streamed sheet by sheet with lxml: values only, formulas
never evaluated, no entity, DTD or network."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Iterator
from typing import Any, BinaryIO

from hygie.identity.fields import SAVE_AS, IntakeError, Limits, _Opened, _Problems, mo


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
    each row dropped once read, where openpyxl parses the sheet in Python
    (twice when it lacks a dimension tag); the processor time measured on
    100,000 patients is in docs/decisions.md. A
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
