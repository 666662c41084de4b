"""A table wider than a phone scrolls sideways in a region the keyboard
reaches, named by the table's caption (axe: « Scrollable region must have
keyboard access »). Every such table goes through the `scrollable` tag."""

import re
from pathlib import Path

from django.conf import settings
from django.template import Context, Template
from django.test import SimpleTestCase

BLOCK = re.compile(r"{% scrollable[^%]*%}(.*?){% endscrollable %}", re.S)


def render(source: str, **context) -> str:
    return Template("{% load hygie %}" + source).render(Context(context))


def templates() -> list[Path]:
    return sorted(Path(settings.TEMPLATES[0]["DIRS"][0]).rglob("*.html"))


class ScrollableTagTestCase(SimpleTestCase):
    def test_the_region_is_focusable_and_named_by_the_caption(self):
        html = render(
            '{% scrollable %}<table><caption class="visually-hidden">Vos sessions ouvertes'
            "</caption><tr><td>{{ x }}</td></tr></table>{% endscrollable %}",
            x="<b>",
        )
        self.assertIn(
            '<div class="table-wrap" role="region" tabindex="0" '
            'aria-labelledby="tableau-vos-sessions-ouvertes">',
            html,
        )
        self.assertIn(
            '<caption class="visually-hidden" id="tableau-vos-sessions-ouvertes">'
            "Vos sessions ouvertes</caption>",
            html,
        )
        self.assertIn("<td>&lt;b&gt;</td>", html)

    def test_a_caption_s_own_id_names_the_region(self):
        html = render(
            '{% scrollable "card" %}<table><caption id="mine">Membres</caption></table>'
            "{% endscrollable %}"
        )
        self.assertIn(
            '<div class="table-wrap card" role="region" tabindex="0" aria-labelledby="mine">',
            html,
        )
        self.assertIn('<caption id="mine">Membres</caption>', html)

    def test_two_tables_of_a_page_get_two_names(self):
        html = render(
            "{% scrollable %}<table><caption>Par question</caption></table>{% endscrollable %}"
            "{% scrollable %}<table><caption>Par joueur</caption></table>{% endscrollable %}"
        )
        self.assertIn('aria-labelledby="tableau-par-question"', html)
        self.assertIn('aria-labelledby="tableau-par-joueur"', html)


class TemplatesTestCase(SimpleTestCase):
    def test_every_scrolling_table_goes_through_the_tag(self):
        for path in templates():
            with self.subTest(template=str(path)):
                self.assertNotIn('class="table-wrap', path.read_text())

    def test_every_scrolling_table_has_a_caption_to_name_it(self):
        blocks = [b for path in templates() for b in BLOCK.findall(path.read_text())]
        self.assertGreater(len(blocks), 10)
        for block in blocks:
            with self.subTest(block=block[:80]):
                self.assertIn("<caption", block)
