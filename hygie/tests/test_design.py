"""The design system's colours meet WCAG 2.1 contrast: 4.5:1 for text, 3:1 for focus."""

import re
from pathlib import Path

from django.conf import settings
from django.test import SimpleTestCase

CSS = Path(settings.BASE_DIR) / "static" / "hygie" / "hygie.css"

# (foreground, background, minimum ratio, where the pair is used)
PAIRS = [
    ("--c-ink", "--c-surface", 4.5, "body text on cards"),
    ("--c-ink", "--c-bg", 4.5, "body text on the page"),
    ("--c-muted", "--c-surface", 4.5, "secondary text on cards"),
    ("--c-muted", "--c-bg", 4.5, "secondary text on the page"),
    ("--c-primary", "--c-surface", 4.5, "links, secondary buttons"),
    ("--c-primary", "--c-bg", 4.5, "links on the page"),
    ("--c-primary", "--c-primary-soft", 4.5, "role badges, info alerts"),
    ("#ffffff", "--c-primary", 4.5, "header, primary buttons"),
    ("#ffffff", "--c-primary-dark", 4.5, "hovered buttons"),
    ("#ffffff", "--c-danger", 4.5, "overdue badges, danger buttons"),
    ("--c-danger", "--c-surface", 4.5, "overdue dates, field errors"),
    ("--c-danger", "--c-danger-soft", 4.5, "error alerts"),
    ("--c-warning", "--c-warning-soft", 4.5, "“soon” badges, warning alerts"),
    ("--c-success", "--c-success-soft", 4.5, "done badges, success alerts"),
    ("--c-ink", "--c-warning-soft", 4.5, "text in warning alerts"),
    ("--c-ink", "--c-danger-soft", 4.5, "text in error alerts"),
    ("--c-ink", "--c-success-soft", 4.5, "text in success alerts"),
    ("--c-ink", "--c-primary-soft", 4.5, "text in info alerts, hovered menu items"),
    ("--c-focus", "--c-surface", 3.0, "focus outline on cards"),
    ("--c-focus", "--c-bg", 3.0, "focus outline on the page"),
    ("--c-focus-on-dark", "--c-primary", 3.0, "focus outline in the header"),
]


def variables() -> dict[str, str]:
    root = re.search(r":root\s*{(.*?)}", CSS.read_text(), re.S).group(1)
    return dict(re.findall(r"(--[\w-]+):\s*(#[0-9a-fA-F]{6})", root))


def luminance(hex_colour: str) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


class ContrastTestCase(SimpleTestCase):
    def test_the_formula_matches_known_values(self):
        self.assertAlmostEqual(contrast("#000000", "#ffffff"), 21.0, places=2)
        self.assertAlmostEqual(contrast("#777777", "#ffffff"), 4.48, places=2)

    def test_every_pair_the_components_use_is_readable(self):
        colours = variables()
        for fg, bg, minimum, where in PAIRS:
            with self.subTest(where=where):
                ratio = contrast(colours.get(fg, fg), colours.get(bg, bg))
                self.assertGreaterEqual(ratio, minimum, f"{fg} on {bg}: {ratio:.2f}:1")
