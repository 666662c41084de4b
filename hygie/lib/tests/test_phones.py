"""Phone numbers found in French text, and how to dial them."""

from django.test import SimpleTestCase

from hygie.front.templatetags.hygie import telephones
from hygie.lib.phones import href, spans


def found(text: str) -> list[str]:
    return [text[a:b] for a, b in spans(text)]


class FindTestCase(SimpleTestCase):
    # (case, text, numbers found)
    CASES = [
        ("a national number", "permanence au 09 72 43 91 25, réservée", ["09 72 43 91 25"]),
        ("without spaces", "Tél. 0556000000", ["0556000000"]),
        ("with dots", "05.56.00.00.00", ["05.56.00.00.00"]),
        ("a free number", "Cyber Assistance au 0 800 100 200, 24 h/24", ["0 800 100 200"]),
        (
            "international",
            "+33 5 56 00 00 00 ou +590 590 12 34 56",
            ["+33 5 56 00 00 00", "+590 590 12 34 56"],
        ),
        ("a service's short number", "appelez l'assistance Ameli Pro au 3608.", ["3608"]),
        ("police secours", "En cas de danger immédiat, appelez le 17 (police secours).", ["17"]),
        ("an SMS number", "en le transférant au 33700 ou au 33 700", ["33700", "33 700"]),
        ("a date is not a number", "le 17 mars, le 15 h, le 12/03/2026", []),
        ("a count is not a number", "environ 1200 personnes, 72 heures, en 2023", []),
        ("a field with only a number", "0556 000 000", ["0556 000 000"]),
        ("a field with words", "Dr Martin", []),
    ]

    def test_numbers_in_text(self):
        for case, text, numbers in self.CASES:
            with self.subTest(case):
                self.assertEqual(found(text), numbers)

    def test_how_to_dial(self):
        self.assertEqual(href("09 72 43 91 25"), "tel:0972439125")
        self.assertEqual(href("+33 5 56 00 00 00"), "tel:+33556000000")
        self.assertEqual(href("3608"), "tel:3608")
        self.assertEqual(href("33 700"), "sms:33700")


class FilterTestCase(SimpleTestCase):
    def test_each_number_becomes_a_link_and_the_rest_is_escaped(self):
        self.assertEqual(
            telephones("<b>CERT</b> au 09 72 43 91 25."),
            '&lt;b&gt;CERT&lt;/b&gt; au <a class="tel" href="tel:0972439125">09 72 43 91 25</a>.',
        )
        self.assertEqual(telephones(None), "")
