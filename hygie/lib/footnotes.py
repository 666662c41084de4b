"""Footnotes of a generated document. Pure functions.

A document read by someone else (a CNIL inspector, an insurer, a visitor)
marks what remains to be checked once, by a footnote mark (¹, ², ¹⁰), and
says it once, in a footnote: what to check, and where. Notes that say the
same thing share one number, so that ten rules resting on the same source
carry ten marks and one note, not ten warnings.
"""

from __future__ import annotations

from dataclasses import dataclass

SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def mark(number: int) -> str:
    """A footnote mark: ¹, ², ¹⁰."""
    return str(number).translate(SUPERSCRIPTS)


@dataclass(frozen=True)
class Footnote:
    number: int
    text: str

    @property
    def mark(self) -> str:
        return mark(self.number)

    def __str__(self) -> str:
        """The note as one line: « ¹ What to check, and where. »"""
        return f"{self.mark} {self.text}"


class Footnotes:
    """The notes of one document, numbered in the order they are first
    referred to; the same text keeps its number."""

    def __init__(self) -> None:
        self._numbers: dict[str, int] = {}

    def refer(self, text: str) -> Footnote:
        """The footnote saying `text`, numbered when first referred to."""
        number = self._numbers.setdefault(text, len(self._numbers) + 1)
        return Footnote(number, text)

    def __iter__(self):
        return (Footnote(n, text) for text, n in self._numbers.items())

    def __len__(self) -> int:
        return len(self._numbers)

    def as_list(self) -> list[dict]:
        """The notes as templates and snapshots use them: number, mark, text."""
        return [{"number": f.number, "mark": f.mark, "text": f.text} for f in self]
