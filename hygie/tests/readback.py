"""Reading back what Hygie generates, as the person who receives it would.

`pdf_text` gives a PDF's text, `spreadsheet_text` a spreadsheet's; `text_problems` lists what a document sent to a
patient, an insurer or the CNIL must never contain: doubled punctuation,
unfilled placeholders, notes meant for the practice, « de » not elided,
plurals written « (s) », « non vérifié » written more than once (a source to
check is marked by a footnote). Every read-back test (documents, letters, pages)
checks its texts with them, so a new check reaches all of them at once.
"""

from __future__ import annotations

import html
import io
import re
import zipfile
from collections.abc import Iterable

from openpyxl import load_workbook
from pypdf import PdfReader

from hygie.lib.french import starts_with_vowel_sound

# (what is wrong, pattern)
PATTERNS = [
    ("ponctuation doublée", re.compile(r"(?<![.…])\.\.(?![.…])|,,|;;|\. \.|\. ?;")),
    ("gabarit non rempli", re.compile(r"\{\{|\{%|%\}|\}\}|\bNone\b|\[…\]|XXX|_{2,}")),
    (
        "note interne",
        re.compile(
            r"citée? de mémoire|notez ici|\bTODO\b|pas pu être (?:relue?|vérifiée?)|non relue? par",
            re.I,
        ),
    ),
    ("pluriel en « (s) »", re.compile(r"\w\(s\)")),
]
# « de » before a word: elided when the word starts with a vowel sound.
DE_WORD = re.compile(r"(?<![\w'’-])([Dd]e) ([^\W\d_][\w-]*)")
# « [texte non vérifié] », « règle non vérifiée »: a source or a rule to
# check is marked by a footnote mark, and said once, in its footnote.
UNVERIFIED = re.compile(r"non vérifiée?", re.I)


def pdf_text(content: bytes) -> str:
    """The text of every page, its whitespace folded to single spaces."""
    pages = PdfReader(io.BytesIO(content)).pages
    return " ".join(" ".join(page.extract_text() for page in pages).split())


def spreadsheet_text(content: bytes) -> str:
    """The text of every cell of an XLSX or ODS file, row after row."""
    if content.startswith(b"PK") and b"opendocument" in content[:200]:
        xml = zipfile.ZipFile(io.BytesIO(content)).read("content.xml").decode()
        cells = re.sub(r"<[^>]+>", " ", xml)
        return " ".join(html.unescape(cells).split())
    book = load_workbook(io.BytesIO(content), read_only=True)
    values = (str(v) for sheet in book for row in sheet.iter_rows(values_only=True) for v in row)
    return " ".join(" ".join(v for v in values if v != "None").split())


def _around(text: str, start: int, end: int) -> str:
    return "…" + text[max(0, start - 30) : end + 30] + "…"


def text_problems(text: str, *, allow: Iterable[str] = ()) -> list[str]:
    """Each problem of `text`, with the words around it; `allow` lists
    exact passages that are right as they are (a quotation, a name)."""
    text = " ".join(text.split())
    for passage in allow:
        text = text.replace(passage, " ")
    found = []
    for what, pattern in PATTERNS:
        for m in pattern.finditer(text):
            found.append(f"{what} : {_around(text, m.start(), m.end())}")
    for m in DE_WORD.finditer(text):
        if starts_with_vowel_sound(m.group(2)):
            found.append(f"« de » non élidé : {_around(text, m.start(), m.end())}")
    marks = list(UNVERIFIED.finditer(text))
    if len(marks) > 1:
        found.append(
            f"« non vérifié » répété {len(marks)} fois : une source ou une règle à vérifier "
            "se signale par un renvoi à une seule note, qui dit quoi vérifier et où"
        )
    return found
