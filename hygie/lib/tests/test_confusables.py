from django.test import SimpleTestCase

from hygie.lib.confusables import build, skeleton


class SkeletonTestCase(SimpleTestCase):
    def test_latin_cyrillic_and_digit_spellings_look_alike(self):
        # A Cyrillic capital A (U+0410) and a digit 1.
        self.assertEqual(skeleton("Alice"), skeleton("А1ice"))
        self.assertEqual(skeleton("chronopost"), skeleton("chr0nopost"))
        self.assertEqual(skeleton("ameli"), skeleton("аmeli"))  # Cyrillic small a (U+0430)

    def test_an_m_looks_like_r_n(self):
        self.assertEqual(skeleton("amazon"), skeleton("arnazon"))

    def test_different_words_stay_apart(self):
        self.assertNotEqual(skeleton("ameli"), skeleton("amelie"))

    def test_the_table_is_built_from_unicode_lines(self):
        lines = [
            "# Version: 99.0.0",
            "# Date: 2099-01-01",
            "0430 ;\t0061 ;\tMA\t# CYRILLIC SMALL LETTER A → LATIN SMALL LETTER A",
        ]
        table = build(lines)
        self.assertIn("version 99.0.0", table)
        self.assertIn("0430 0061\n", table)
