"""Charts drawn on the server as SVG: the history of the indice, per theme.

Only numbers and fixed labels go into the markup, escaped all the same;
colours are SVG presentation attributes (the Content-Security-Policy forbids
inline styles, not attributes).
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH, HEIGHT = 640, 220
LEFT, RIGHT, TOP, BOTTOM = 40, 36, 14, 34
LINE = "#0b4f6c"
GRID = "#c9d3de"
TEXT = "#4a5a66"


def _x(i: int, n: int, width: int, left: int, right: int) -> float:
    if n == 1:
        return left + (width - left - right) / 2
    return left + i * (width - left - right) / (n - 1)


def _y(value: int, height: int, top: int, bottom: int) -> float:
    return top + (100 - value) * (height - top - bottom) / 100


def history_svg(history) -> SafeString:
    """Line of the overall indice, oldest first, with a readable title and labels."""
    points = [(a.completed_at, a.indice) for a in history if a.indice is not None]
    if not points:
        return mark_safe("")
    n = len(points)
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="chart-title" xmlns="http://www.w3.org/2000/svg">',
        "<title id=\"chart-title\">Évolution de l'indice d'hygiène numérique, de "
        f"{points[0][1]} à {points[-1][1]} sur {n} diagnostics</title>",
    ]
    for level in (0, 25, 50, 75, 100):
        y = _y(level, HEIGHT, TOP, BOTTOM)
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="{GRID}" stroke-width="1"/>'
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11" fill="{TEXT}">{level}</text>'
        )
    coords = [
        (_x(i, n, WIDTH, LEFT, RIGHT), _y(v, HEIGHT, TOP, BOTTOM))
        for i, (_, v) in enumerate(points)
    ]
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
    parts.append(f'<polyline points="{path}" fill="none" stroke="{LINE}" stroke-width="2.5"/>')
    step = max(1, n // 8)
    for i, ((when, value), (x, y)) in enumerate(zip(points, coords, strict=True)):
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{LINE}"/>')
        if i % step == 0 or i == n - 1:
            day = timezone.localtime(when).strftime("%m/%Y")
            parts.append(
                f'<text x="{x:.1f}" y="{HEIGHT - 12}" text-anchor="middle" font-size="11" fill="{TEXT}">{escape(day)}</text>'
            )
            parts.append(
                f'<text x="{x:.1f}" y="{y - 8:.1f}" text-anchor="middle" font-size="11" fill="{TEXT}">{value}</text>'
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (numbers and escaped labels)


def sparkline(values: list[int | None], width: int = 160, height: int = 36) -> SafeString:
    known = [(i, v) for i, v in enumerate(values) if v is not None]
    if len(known) < 2:
        return mark_safe("")
    n = len(values)
    coords = " ".join(f"{_x(i, n, width, 4, 4):.1f},{_y(v, height, 4, 4):.1f}" for i, v in known)
    return mark_safe(  # noqa: S308 (numbers only)
        f'<svg class="sparkline" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'aria-hidden="true" xmlns="http://www.w3.org/2000/svg">'
        f'<polyline points="{coords}" fill="none" stroke="{LINE}" stroke-width="2"/></svg>'
    )


def theme_rows(history, themes) -> list[dict]:
    """Per theme: first and last indice and a sparkline, oldest first."""
    rows = []
    for theme in themes:
        values = [a.theme_indices.get(theme.key) for a in history]
        known = [v for v in values if v is not None]
        rows.append(
            {
                "theme": theme,
                "first": known[0] if known else None,
                "last": known[-1] if known else None,
                "delta": (known[-1] - known[0]) if len(known) > 1 else None,
                "svg": sparkline(values),
            }
        )
    return rows


def theme_bars(themes) -> SafeString:
    """Horizontal bars of the indice of each theme (for the result and the report)."""
    shown = [t for t in themes if t.indice is not None]
    row = 26
    label_w = 300
    width = 640
    height = row * len(shown) + 8
    parts = [
        f'<svg class="chart chart--bars" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="Indice par thème" xmlns="http://www.w3.org/2000/svg">'
    ]
    bar_w = width - label_w - 50
    for i, t in enumerate(shown):
        y = 4 + i * row
        colour = "#a8221b" if t.indice < 40 else "#7a4a00" if t.indice < 70 else "#1c6430"
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 16}" text-anchor="end" font-size="12" fill="{TEXT}">'
            f"{t.number}. {escape(t.title)}</text>"
            f'<rect x="{label_w}" y="{y + 4}" width="{bar_w}" height="16" fill="#eef2f6"/>'
            f'<rect x="{label_w}" y="{y + 4}" width="{bar_w * t.indice / 100:.1f}" height="16" fill="{colour}"/>'
            f'<text x="{label_w + bar_w + 8}" y="{y + 16}" font-size="12" fill="{TEXT}">{t.indice}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (numbers and escaped labels)
