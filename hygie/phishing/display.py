"""An analysis as the page shows it: the message as text, its evidence marked.

The message is never rendered as HTML: every part of it is escaped, and the
excerpts the signals point to are wrapped in <mark> wherever they appear. The
characters that hide or reverse text (right-to-left overrides, zero-width
characters) are shown by their code, so that the page itself cannot be
turned around by them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from hygie.content import library
from hygie.phishing.analysis import (
    DANGEROUS_FROM,
    EMAIL,
    LINK,
    SMS,
    SUSPECT_FROM,
    Analysis,
    Signal,
)
from hygie.phishing.summary import CHANNEL_LABELS, sender_of

# At most so many characters of the text are shown; the analysis reads it all.
SHOWN_CHARS = 100_000
# Excerpts longer than this, or beyond this many, are listed under their
# signal but not looked for in the text.
EXCERPT_CHARS = 2_000
EXCERPTS = 300
# At most so many links are listed; the analysis reads them all.
SHOWN_LINKS = 200
INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u00ad]")
# Where the advice on what to do next comes from.
ADVICE_SOURCES = [
    {
        "ref": "seed-003",
        "detail": "Messagerie : attention au phishing ; Smishing (signalement au 33 700)",
    },
    {"ref": "seed-002", "detail": "04, pour signaler un spam : signal-spam.fr"},
]
FAMILIES = {
    "lien": "Lien",
    "expediteur": "Expéditeur",
    "contenu": "Contenu",
    "piece_jointe": "Pièce jointe",
    "authentification": "Authentification",
    "legitime": "Signe rassurant",
}


def _shown(text: str) -> str:
    """Escaped, invisible characters made visible."""
    return INVISIBLE.sub(
        lambda m: f'<span class="invisible-char">[U+{ord(m.group()):04X}]</span>', escape(text)
    )


def highlighted(text: str, excerpts: Iterable[str]) -> SafeString:
    """The text escaped, each occurrence of an excerpt in <mark>, longest first."""
    needles = sorted({e for e in excerpts if e and len(e) <= EXCERPT_CHARS}, key=len, reverse=True)[
        :EXCERPTS
    ]
    if not needles:
        return mark_safe(_shown(text))  # noqa: S308 (escaped above)
    pattern = re.compile("|".join(re.escape(n) for n in needles))
    parts, at = [], 0
    for match in pattern.finditer(text):
        parts.append(_shown(text[at : match.start()]))
        parts.append(f"<mark>{_shown(match.group())}</mark>")
        at = match.end()
    parts.append(_shown(text[at:]))
    return mark_safe("".join(parts))  # noqa: S308 (every piece escaped)


@dataclass(frozen=True)
class Part:
    """A part of the message, escaped and marked: « De », « Objet », « Texte »…"""

    label: str
    html: SafeString
    block: bool = False  # the text, kept with its line breaks


@dataclass(frozen=True)
class ShownLink:
    text: SafeString
    url: SafeString
    found_in: str


@dataclass(frozen=True)
class ShownSignal:
    signal: Signal
    family: str
    excerpts: list[tuple[str, SafeString]]
    sources: list[dict]


def excerpts_of(signals: Iterable[Signal]) -> list[str]:
    return [e.text for s in signals for e in s.evidence]


def parts(analysis: Analysis) -> list[Part]:
    message = analysis.message
    marks = excerpts_of(analysis.signals)
    found: list[Part] = []

    def add(label: str, value: str, block: bool = False) -> None:
        if value.strip():
            found.append(Part(label, highlighted(value, marks), block))

    if message.channel == EMAIL:
        add("De", sender_of(message))
        if message.reply_to and message.reply_to != message.sender_address:
            add("Répondre à", message.reply_to)
        if message.return_path and message.return_path not in (
            message.sender_address,
            message.reply_to,
        ):
            add("Adresse de retour", message.return_path)
        add("Objet", message.subject)
    elif message.channel == SMS:
        add("Expéditeur", message.sender_name or message.sender_address)
    if message.channel != LINK:
        add("Texte", message.text[:SHOWN_CHARS], block=True)
    return found


def links(analysis: Analysis) -> list[ShownLink]:
    marks = excerpts_of(analysis.signals)
    return [
        ShownLink(highlighted(link.text, marks), highlighted(link.url, marks), link.found_in)
        for link in analysis.message.links[:SHOWN_LINKS]
    ]


def attachments(analysis: Analysis) -> list[SafeString]:
    marks = excerpts_of(analysis.signals)
    return [highlighted(a.filename, marks) for a in analysis.message.attachments]


def signals(analysis: Analysis) -> tuple[list[ShownSignal], list[ShownSignal]]:
    """The signals that raise the score, strongest first, then those that lower it."""
    shown = [
        ShownSignal(
            signal=s,
            family=FAMILIES.get(s.family, s.family.capitalize()),
            excerpts=[(e.where, highlighted(e.text, [e.text])) for e in s.evidence],
            sources=library.cite([{"ref": s.source}]) if s.source else [],
        )
        for s in sorted(analysis.signals, key=lambda s: -s.weight)
    ]
    return [s for s in shown if s.signal.weight > 0], [s for s in shown if s.signal.weight <= 0]


def context(analysis: Analysis) -> dict:
    """What the templates' _result.html needs."""
    raising, lowering = signals(analysis)
    message = analysis.message
    return {
        "analysis": analysis,
        "verdict": analysis.verdict,
        "verdict_label": analysis.verdict_label,
        "score": f"{analysis.score:g}".replace(".", ","),
        "channel": message.channel,
        "channel_label": CHANNEL_LABELS.get(message.channel, ""),
        "parts": parts(analysis),
        "links": links(analysis),
        "links_hidden": max(0, len(message.links) - SHOWN_LINKS),
        "attachments": attachments(analysis),
        "signals": raising,
        "reassuring": lowering,
        "unread": list(message.unread),
        "text_cut": len(message.text) > SHOWN_CHARS,
        "suspect_from": f"{SUSPECT_FROM:g}",
        "dangerous_from": f"{DANGEROUS_FROM:g}",
        "advice_sources": library.cite(ADVICE_SOURCES),
    }
