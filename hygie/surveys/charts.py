"""A survey's charts, drawn on the server as SVG.

One chart per question: horizontal bars for a choice question (a count and a
percentage at the end of each bar), columns for a scale (its distribution,
from the lowest point to the highest) and for a number (a histogram of its
ranges). A count hidden by the small-count rule is drawn as a hatched box
labelled « < 5 », never as a bar of its size: the chart tells no more than the
table beside it.

Readable printed in black and white: bars are dark, hidden counts hatched,
every value written as text. Accessible: `<title>` and `<desc>` name the
chart and sum it up; the page puts the same figures in a data table beside it.
Only numbers and escaped labels go into the markup; colours are presentation
attributes (the Content-Security-Policy forbids inline styles, not those).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from hygie.lib.disclosure import THRESHOLD
from hygie.lib.french import count, plural

WIDTH = 640
BAR = "#0b4f6c"
TRACK = "#eef2f6"
TEXT = "#2b3a44"
MUTED = "#4a5a66"
HATCH = "#4a5a66"
HIDDEN_LABEL = f"< {THRESHOLD}"


@dataclass(frozen=True)
class Bar:
    """One answer of a chart: its label, its count and its share (None when hidden)."""

    label: str
    count: int | None
    percent: float | None

    @property
    def hidden(self) -> bool:
        return self.count is None


def percent_text(value: float | None) -> str:
    """A share as French writes it: « 42 % », « 0,4 % » below one."""
    if value is None:
        return ""
    if 0 < value < 1:
        return f"{value:.1f} %".replace(".", ",")
    return f"{round(value)} %"


def figure_text(count: int | None, percent: float | None = None) -> str:
    """A figure as the charts and tables write it: « 409 (51 %) », « 23 »,
    « < 5 » when hidden."""
    if count is None:
        return HIDDEN_LABEL
    if percent is None:
        return str(count)
    return f"{count} ({percent_text(percent)})"


def value_text(bar: Bar) -> str:
    """A bar's figure for screen readers, who hear « < 5 » as « moins de 5 »."""
    if bar.hidden:
        return f"{HIDDEN_LABEL} (masqué)"
    return figure_text(bar.count, bar.percent)


def _hatch(ident: str) -> str:
    return (
        f'<defs><pattern id="hachures-{ident}" width="6" height="6" '
        f'patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        f'<rect width="6" height="6" fill="#ffffff"/>'
        f'<line x1="0" y1="0" x2="0" y2="6" stroke="{HATCH}" stroke-width="2"/>'
        f"</pattern></defs>"
    )


def _open(ident: str, width: int, height: int, title: str, desc: str, kind: str) -> list[str]:
    ident = escape(ident)
    return [
        f'<svg class="chart chart--{kind}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="graphique-{ident}-titre graphique-{ident}-desc" '
        f'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="graphique-{ident}-titre">{escape(title)}</title>',
        f'<desc id="graphique-{ident}-desc">{escape(desc)}</desc>',
        _hatch(ident),
    ]


def describe(bars: Sequence[Bar], respondents: int | None) -> str:
    """The chart in one sentence, for screen readers (the table gives the rest)."""
    parts = [f"{b.label} : {value_text(b)}" for b in bars]
    who = (
        f"{respondents} répondants. "
        if respondents is not None
        else f"Moins de {THRESHOLD} répondants : nombre masqué. "
    )
    return who + " ; ".join(parts) + "."


def _scale(bars: Sequence[Bar]) -> float:
    """The share drawn as the full height: the tallest column."""
    return max((b.percent for b in bars if b.percent), default=0.0) or 100.0


def bars_svg(ident: str, title: str, bars: Sequence[Bar], respondents: int | None) -> SafeString:
    """Horizontal bars, one per answer, in the question's order."""
    row = 28
    label_w = 250
    value_w = 110
    bar_w = WIDTH - label_w - value_w - 8
    height = row * len(bars) + 8
    parts = _open(ident, WIDTH, height, title, describe(bars, respondents), "bars")
    for i, bar in enumerate(bars):
        y = 4 + i * row
        label = bar.label if len(bar.label) <= 38 else bar.label[:37] + "…"
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 17}" text-anchor="end" font-size="12" '
            f'fill="{TEXT}">{escape(label)}</text>'
            f'<rect x="{label_w}" y="{y + 4}" width="{bar_w}" height="18" fill="{TRACK}"/>'
        )
        if bar.hidden:
            parts.append(
                f'<rect x="{label_w}" y="{y + 4}" width="{bar_w * 0.08:.1f}" height="18" '
                f'fill="url(#hachures-{escape(ident)})" stroke="{HATCH}" stroke-width="1"/>'
            )
        elif bar.percent:
            parts.append(
                f'<rect x="{label_w}" y="{y + 4}" width="{bar_w * min(bar.percent, 100) / 100:.1f}" '
                f'height="18" fill="{BAR}"/>'
            )
        parts.append(
            f'<text x="{label_w + bar_w + 8}" y="{y + 17}" font-size="12" fill="{MUTED}">'
            f"{escape(figure_text(bar.count, bar.percent))}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (numbers and escaped labels)


def columns_svg(
    ident: str,
    title: str,
    bars: Sequence[Bar],
    respondents: int | None,
    *,
    kind: str = "scale",
    low: str = "",
    high: str = "",
) -> SafeString:
    """Vertical columns: a scale's distribution (`low`/`high` name its ends) or
    a number's histogram (`kind="histogram"`, columns side by side)."""
    height = 230 if (low or high) else 210
    left, right, top, bottom = 16, 16, 22, 44 if (low or high) else 30
    n = max(len(bars), 1)
    slot = (WIDTH - left - right) / n
    gap = 2 if kind == "histogram" else min(16, slot * 0.25)
    plot_h = height - top - bottom
    top_share = _scale(bars)
    parts = _open(ident, WIDTH, height, title, describe(bars, respondents), kind)
    base_y = top + plot_h
    parts.append(
        f'<line x1="{left}" x2="{WIDTH - right}" y1="{base_y}" y2="{base_y}" '
        f'stroke="{MUTED}" stroke-width="1"/>'
    )
    for i, bar in enumerate(bars):
        x = left + i * slot + gap / 2
        w = slot - gap
        cx = x + w / 2
        if bar.hidden:
            h = plot_h * 0.12
            parts.append(
                f'<rect x="{x:.1f}" y="{base_y - h:.1f}" width="{w:.1f}" height="{h:.1f}" '
                f'fill="url(#hachures-{escape(ident)})" stroke="{HATCH}" stroke-width="1"/>'
            )
            label_y = base_y - h - 4
            value = HIDDEN_LABEL
        else:
            h = plot_h * (bar.percent or 0) / top_share
            if h:
                parts.append(
                    f'<rect x="{x:.1f}" y="{base_y - h:.1f}" width="{w:.1f}" height="{h:.1f}" '
                    f'fill="{BAR}"/>'
                )
            label_y = base_y - h - 4
            value = percent_text(bar.percent) if bar.percent is not None else str(bar.count)
        parts.append(
            f'<text x="{cx:.1f}" y="{label_y:.1f}" text-anchor="middle" font-size="11" '
            f'fill="{TEXT}">{escape(value)}</text>'
            f'<text x="{cx:.1f}" y="{base_y + 15}" text-anchor="middle" font-size="11" '
            f'fill="{MUTED}">{escape(bar.label)}</text>'
        )
    if low:
        parts.append(
            f'<text x="{left}" y="{height - 6}" font-size="11" fill="{MUTED}">{escape(low)}</text>'
        )
    if high:
        parts.append(
            f'<text x="{WIDTH - right}" y="{height - 6}" text-anchor="end" font-size="11" '
            f'fill="{MUTED}">{escape(high)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (numbers and escaped labels)


def timeline_svg(
    ident: str, title: str, counts: Sequence[int], flagged: Sequence[bool]
) -> SafeString:
    """Responses per time window, oldest first; flagged windows hatched and marked."""
    if not counts:
        return mark_safe("")
    height, left, right, top, bottom = 160, 36, 8, 14, 20
    n = len(counts)
    slot = (WIDTH - left - right) / n
    peak = max(max(counts), 1)
    plot_h = height - top - bottom
    base_y = top + plot_h
    signalled = sum(flagged)
    desc = (
        f"{count(n, 'période')} de 10 minutes, jusqu'à {count(peak, 'réponse')} par période ; "
        f"{count(signalled, 'période')} {plural(signalled, 'signalée')} comme "
        f"{plural(signalled, 'inhabituelle')}."
    )
    parts = _open(ident, WIDTH, height, title, desc, "timeline")
    parts.append(
        f'<line x1="{left}" x2="{WIDTH - right}" y1="{base_y}" y2="{base_y}" stroke="{MUTED}"/>'
        f'<text x="{left - 4}" y="{top + 4}" text-anchor="end" font-size="10" fill="{MUTED}">{peak}</text>'
        f'<text x="{left - 4}" y="{base_y}" text-anchor="end" font-size="10" fill="{MUTED}">0</text>'
    )
    for i, (received, flag) in enumerate(zip(counts, flagged, strict=True)):
        if not received:
            continue
        h = plot_h * received / peak
        x = left + i * slot
        fill = f"url(#hachures-{escape(ident)})" if flag else BAR
        parts.append(
            f'<rect x="{x:.1f}" y="{base_y - h:.1f}" width="{max(slot - 1, 1):.1f}" '
            f'height="{h:.1f}" fill="{fill}" stroke="{HATCH if flag else BAR}" stroke-width="1"/>'
        )
        if flag:
            parts.append(
                f'<text x="{x + slot / 2:.1f}" y="{base_y - h - 3:.1f}" text-anchor="middle" '
                f'font-size="10" fill="{TEXT}">{received}</text>'
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (numbers and escaped labels)
