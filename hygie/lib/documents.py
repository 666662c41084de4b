"""Documents every capability produces: PDF from print templates, CSV and XLSX tables.

PDF: an HTML template extending documents/base.html, rendered by WeasyPrint
with the print stylesheet inlined. A document opens with the organisation's
name and postal address; every page carries the organisation, the document's
title, its date and "page N sur M"; dates are those of the organisation's time
zone. Nothing is fetched from the network: only data: URLs are allowed.

CSV: UTF-8 with a byte-order mark and semicolons, which is what French
spreadsheet software opens correctly; cells that a spreadsheet would run as a
formula are neutralised.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import io
import logging
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection, connections
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from hygie.lib.french import count

logger = logging.getLogger(__name__)
PRINT_CSS = Path(settings.BASE_DIR) / "static" / "hygie" / "print.css"
_layout_turn = threading.Lock()
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@functools.cache
def _print_css() -> str:
    return PRINT_CSS.read_text()


@dataclass(frozen=True)
class PreparedPdf:
    """A document's HTML, ready to be laid out, and its cache key; or the
    document itself, when the cache had it (and no HTML was rendered)."""

    key: str
    html: str
    pdf: bytes | None = None


def prepare_pdf(template_name: str, context: dict[str, Any], *, org, title: str) -> PreparedPdf:
    """Render a print template's HTML; its key is the digest of the content
    without its printing time: the same content gives the same document,
    whoever asks, and a changed content can never be served from an older one."""
    context = {**context, "org": org, "title": title, "print_css": _print_css()}
    with timezone.override(_zone(org)):
        content = render_to_string(template_name, {**context, "generated_at": None})
        key = "pdf:" + hashlib.sha256(content.encode()).hexdigest()
        if (pdf := cache.get(key)) is not None:
            return PreparedPdf(key, "", pdf)
        html = render_to_string(template_name, {**context, "generated_at": timezone.now()})
    return PreparedPdf(key, html)


def cached_pdf(key: str) -> bytes | None:
    return cache.get(key)


def layout_pdf(
    prepared: PreparedPdf,
    *,
    cache_seconds: int | None = None,
    step: Callable[[str], None] | None = None,
) -> bytes:
    """Lay out prepared HTML as PDF and keep it in the cache.

    Waits for its turn (one layout at a time per process, so that pages keep
    a core), then looks in the cache again (a request for the same document
    may have laid it out meanwhile). `step` hears what is under way, in French.
    Touches no database.
    """
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    with _layout_turn:
        if (pdf := cache.get(prepared.key)) is not None:
            return pdf
        if step:
            step("Mise en page")
        fetcher = URLFetcher(allowed_protocols={"data"})
        document = HTML(
            string=prepared.html, url_fetcher=fetcher, base_url=str(PRINT_CSS.parent)
        ).render()
        if step:
            step(f"Écriture du fichier ({count(len(document.pages), 'page')})")
        pdf = document.write_pdf()
        seconds = settings.PDF_CACHE_SECONDS if cache_seconds is None else cache_seconds
        if seconds > 0:
            cache.set(prepared.key, pdf, seconds)
    return pdf


def render_pdf(
    template_name: str,
    context: dict[str, Any],
    *,
    org,
    title: str,
    cache_seconds: int | None = None,
) -> bytes:
    """Lay out a print template as PDF, from the cache when it is there.

    `cache_seconds` (PDF_CACHE_SECONDS by default) bounds how long the
    document stays in the cache: a document about data that must be gone
    sooner (an identity audit's report) asks for less; 0 is not cached.
    The database connection is given back before the layout, which takes
    seconds (see `prepare_pdf` and `layout_pdf`).
    """
    prepared = prepare_pdf(template_name, context, org=org, title=title)
    if prepared.pdf is not None:
        return prepared.pdf
    if not connection.in_atomic_block:
        connection.close()
    return layout_pdf(prepared, cache_seconds=cache_seconds)


def _zone(org):
    """The organisation's time zone, in which its documents show their dates."""
    zone = getattr(org, "tzinfo", None)
    return zone() if callable(zone) else timezone.get_current_timezone()


def prepare_later(job: Callable[[], Any]) -> threading.Thread | None:
    """Run `job` (which renders a PDF into the cache) in a background thread.

    For a document people are about to ask for: when they do, it is in the
    cache, or the layout under way finishes first (one layout at a time per
    process). A failure is logged and costs nothing but the wait later.
    """
    if not settings.PREPARE_DOCUMENTS or settings.PDF_CACHE_SECONDS <= 0:
        return None

    def run() -> None:
        try:
            job()
        except Exception:
            logger.exception("Document prepared in the background failed")
        finally:
            connections.close_all()

    thread = threading.Thread(target=run, name="hygie-prepare-document", daemon=True)
    thread.start()
    return thread


def file_response(body: bytes, content_type: str, filename: str, inline=False) -> HttpResponse:
    """A file to download (or, `inline`, to show in the browser)."""
    response = HttpResponse(body, content_type=content_type)
    kind = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{kind}; filename="{filename}"'
    return response


def pdf_response(pdf: bytes, filename: str, inline: bool = False) -> HttpResponse:
    return file_response(pdf, "application/pdf", filename, inline)


def cell_text(value: Any) -> str:
    """A value as a cell shows it in French: dates in the active time zone (the
    organisation's), booleans as oui/non."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%d/%m/%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def safe_cell(text: str) -> str:
    """Neutralise text a spreadsheet would evaluate as a formula (CSV injection)."""
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([safe_cell(cell_text(v)) for v in row])
    return buffer.getvalue().encode("utf-8")


def csv_response(
    filename: str, header: Sequence[str], rows: Iterable[Sequence[Any]]
) -> HttpResponse:
    return file_response(csv_bytes(header, rows), "text/csv; charset=utf-8", filename)


def _xlsx_value(value: Any) -> Any:
    """A value as an XLSX cell holds it: dates stay dates, in the active time
    zone; text is made safe."""
    if isinstance(value, datetime):
        # Spreadsheets know no time zones: the cell shows the practice's wall-clock time.
        return timezone.localtime(value).replace(tzinfo=None)
    if value is None or isinstance(value, (int, float, date)):
        return value
    # openpyxl refuses the control characters XML cannot hold.
    return safe_cell(ILLEGAL_CHARACTERS_RE.sub("", cell_text(value)))


Sheet = tuple[str, Sequence[str], Iterable[Sequence[Any]]]  # title, header, rows


def xlsx_bytes(sheet_title: str, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    return xlsx_book_bytes([(sheet_title, header, rows)])


def xlsx_book_bytes(sheets: Sequence[Sheet]) -> bytes:
    """A workbook of one sheet per table, each with its header and filters."""
    workbook = Workbook(write_only=False)
    workbook.remove(workbook.active)
    for title, header, rows in sheets:
        _fill_sheet(workbook.create_sheet(title[:31]), header, rows)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _fill_sheet(sheet, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    sheet.append(list(header))
    widths = [len(h) for h in header]
    for row in rows:
        sheet.append([_xlsx_value(v) for v in row])
        for i, v in enumerate(row[: len(widths)]):
            widths[i] = max(widths[i], min(len(cell_text(v)), 60))
    bold = Font(bold=True, color="FFFFFF")
    fill = PatternFill("solid", fgColor="0B4F6C")
    for cell in sheet[1]:
        cell.font = bold
        cell.fill = fill
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width + 2
    for column in sheet.iter_cols(min_row=2):
        for cell in column:
            if isinstance(cell.value, datetime):
                cell.number_format = "DD/MM/YYYY HH:MM"
            elif isinstance(cell.value, date):
                cell.number_format = "DD/MM/YYYY"
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions


def xlsx_response(
    filename: str, sheet_title: str, header: Sequence[str], rows: Iterable[Sequence[Any]]
) -> HttpResponse:
    return file_response(xlsx_bytes(sheet_title, header, rows), XLSX_MIME, filename)


ODS_MIME = "application/vnd.oasis.opendocument.spreadsheet"


def ods_bytes(sheet_title: str, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """The same table as an OpenDocument spreadsheet; every cell is text, so
    nothing in it is ever evaluated as a formula."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()
    table = Table(name=sheet_title[:31])
    for values in [list(header), *([cell_text(v) for v in row] for row in rows)]:
        row = TableRow()
        for value in values:
            cell = TableCell(valuetype="string")
            for line in ILLEGAL_CHARACTERS_RE.sub("", str(value)).split("\n"):
                cell.addElement(P(text=line))
            row.addElement(cell)
        table.addElement(row)
    document.spreadsheet.addElement(table)
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


def ods_response(
    filename: str, sheet_title: str, header: Sequence[str], rows: Iterable[Sequence[Any]]
) -> HttpResponse:
    return file_response(ods_bytes(sheet_title, header, rows), ODS_MIME, filename)
