"""A document's footnotes: numbered as first referred to, one per text."""

from django.test import SimpleTestCase

from hygie.lib.footnotes import Footnotes, mark


class FootnotesTestCase(SimpleTestCase):
    def test_marks_are_superscript_numbers(self):
        self.assertEqual([mark(1), mark(2), mark(10)], ["¹", "²", "¹⁰"])

    def test_the_same_text_shares_its_note(self):
        notes = Footnotes()
        first = notes.refer("Vérifiez le délai dans votre contrat.")
        second = notes.refer("Vérifiez la durée sur Légifrance.")
        again = notes.refer("Vérifiez le délai dans votre contrat.")
        self.assertEqual((first.mark, second.mark, again.mark), ("¹", "²", "¹"))
        self.assertEqual(len(notes), 2)
        self.assertEqual(
            [str(n) for n in notes],
            ["¹ Vérifiez le délai dans votre contrat.", "² Vérifiez la durée sur Légifrance."],
        )
        self.assertEqual(
            notes.as_list()[1],
            {"number": 2, "mark": "²", "text": "Vérifiez la durée sur Légifrance."},
        )
