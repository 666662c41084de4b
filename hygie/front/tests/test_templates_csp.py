"""Every served template works under a policy without 'unsafe-inline'.

Inline scripts, style attributes, <style> elements and event handler
attributes would be blocked by the browser: the page would silently lose them.
E-mails and PDF documents are not served under the policy.
"""

import re
from pathlib import Path

from django.conf import settings
from django.test import SimpleTestCase

NOT_SERVED = ("emails", "documents")
TAG = re.compile(r"<[a-zA-Z][^<>]*>")
CHECKS = [
    (re.compile(r"<script\b(?![^>]*\ssrc=)[^>]*>", re.I), "inline <script> without src"),
    (re.compile(r"<style\b", re.I), "<style> element"),
]
ATTRIBUTE_CHECKS = [
    (re.compile(r"(?<![\w-])style\s*=", re.I), "style= attribute"),
    (re.compile(r"(?<![\w:-])on[a-z]+\s*=", re.I), "on…= event handler attribute"),
    (re.compile(r"(?<![\w-])hx-on[:-]", re.I), "hx-on attribute (inline code)"),
    (re.compile(r"""=\s*["']?\s*javascript:""", re.I), "javascript: URL"),
]


def violations(text: str) -> list[str]:
    found = [label for pattern, label in CHECKS if pattern.search(text)]
    for tag in TAG.findall(text):
        found += [f"{label} in {tag}" for pattern, label in ATTRIBUTE_CHECKS if pattern.search(tag)]
    return found


def served_templates() -> list[Path]:
    root = Path(settings.TEMPLATES[0]["DIRS"][0])
    return [
        p for p in sorted(root.rglob("*.html")) if p.relative_to(root).parts[0] not in NOT_SERVED
    ]


class TemplatesTestCase(SimpleTestCase):
    def test_no_served_template_has_inline_code_or_style(self):
        templates = served_templates()
        self.assertGreater(len(templates), 20)
        for path in templates:
            with self.subTest(template=str(path)):
                self.assertEqual(violations(path.read_text()), [])


class ViolationsTestCase(SimpleTestCase):
    """The scanner itself finds what it looks for, and nothing else."""

    def test_it_finds_an_inline_script(self):
        self.assertEqual(violations("<script>alert(1)</script>"), ["inline <script> without src"])

    def test_it_accepts_a_script_file(self):
        self.assertEqual(violations('<script src="/static/hygie/hygie.js" defer></script>'), [])

    def test_it_finds_a_style_element(self):
        self.assertEqual(violations("<style>p { color: red }</style>"), ["<style> element"])

    def test_it_finds_a_style_attribute(self):
        self.assertEqual(
            violations('<p class="x" style="color:red">'),
            ['style= attribute in <p class="x" style="color:red">'],
        )

    def test_it_finds_an_event_handler(self):
        self.assertEqual(
            violations('<button onclick="go()">'),
            ['on…= event handler attribute in <button onclick="go()">'],
        )

    def test_it_finds_an_htmx_inline_handler(self):
        self.assertTrue(violations('<form hx-on:submit="go()">'))

    def test_it_finds_a_javascript_url(self):
        self.assertTrue(violations('<a href="javascript:go()">'))

    def test_it_leaves_text_and_data_attributes_alone(self):
        text = (
            '<form data-confirm="Retirer ?" hx-post="/x/" class="inline">'
            "<p>Le style = sobre ; onglet = ouvert ; onclick= n'est qu'un mot ici.</p>"
        )
        self.assertEqual(violations(text), [])
