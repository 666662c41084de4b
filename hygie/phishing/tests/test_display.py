"""The message is shown as escaped text, its evidence in <mark>."""

from __future__ import annotations

from django.test import SimpleTestCase

from hygie.phishing import display


class HighlightTestCase(SimpleTestCase):
    def test_every_piece_is_escaped_and_the_excerpts_marked(self):
        self.assertEqual(
            display.highlighted(
                '<a href="x">Go</a> sur impots.fr.exemple.com', ["impots.fr.exemple.com", "<a"]
            ),
            "<mark>&lt;a</mark> href=&quot;x&quot;&gt;Go&lt;/a&gt; sur <mark>impots.fr.exemple.com</mark>",
        )

    def test_the_longest_excerpt_wins_where_two_overlap(self):
        self.assertEqual(
            display.highlighted("ameli-pro.fr.example", ["ameli", "ameli-pro.fr.example"]),
            "<mark>ameli-pro.fr.example</mark>",
        )

    def test_invisible_characters_are_shown_by_their_code(self):
        self.assertEqual(
            display.highlighted("fac\u202etxt.exe", []),
            'fac<span class="invisible-char">[U+202E]</span>txt.exe',
        )

    def test_without_excerpts_the_text_is_only_escaped(self):
        self.assertEqual(display.highlighted("a < b", ["", "x" * 3000]), "a &lt; b")
