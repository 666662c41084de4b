from django.test import SimpleTestCase
from django.utils.html import escape

from hygie.surveys import charts
from hygie.surveys.charts import Bar


class ChartsTest(SimpleTestCase):
    BARS = [Bar("Oui", 12, 60.0), Bar("Non <b>", 8, 40.0), Bar("Ne sait pas", None, None)]

    def test_bars_have_a_title_a_description_and_hatched_hidden_cells(self):
        svg = charts.bars_svg("mssante", "Utilisez-vous MSSanté ?", self.BARS, 20)
        self.assertIn('<title id="graphique-mssante-titre">Utilisez-vous MSSanté ?</title>', svg)
        self.assertIn("<desc", svg)
        self.assertIn("20 répondants", svg)
        self.assertIn("12 (60 %)", svg)
        self.assertIn("&lt; 5", svg)
        self.assertIn("url(#hachures-mssante)", svg)
        self.assertIn("Non &lt;b&gt;", svg)
        self.assertNotIn("<b>", svg)

    def test_a_hidden_count_is_never_drawn_to_its_size(self):
        small = charts.bars_svg("q", "Q", [Bar("A", None, None)], None)
        self.assertIn("Moins de 5 répondants", small)
        self.assertNotIn(f'fill="{charts.BAR}"', small)

    def test_columns_name_the_ends_of_a_scale(self):
        svg = charts.columns_svg(
            "confiance",
            "Confiance",
            [Bar(str(i), 5, 20.0) for i in range(1, 6)],
            25,
            low="Pas du tout",
            high="Tout à fait",
        )
        self.assertIn("Pas du tout", svg)
        self.assertIn("Tout à fait", svg)
        self.assertEqual(svg.count(f'fill="{charts.BAR}"'), 5)

    def test_percentages_in_french(self):
        self.assertEqual(charts.percent_text(42.4), "42 %")
        self.assertEqual(charts.percent_text(0.44), "0,4 %")
        self.assertEqual(charts.percent_text(None), "")

    def test_the_timeline_description_agrees_with_its_numbers(self):
        cases = [
            (
                [1],
                [False],
                "1 période de 10 minutes, jusqu'à 1 réponse par période ; "
                "0 période signalée comme inhabituelle.",
            ),
            (
                [3, 0, 40],
                [False, False, True],
                "3 périodes de 10 minutes, jusqu'à 40 réponses par période ; "
                "1 période signalée comme inhabituelle.",
            ),
            (
                [40, 40],
                [True, True],
                "2 périodes de 10 minutes, jusqu'à 40 réponses par période ; "
                "2 périodes signalées comme inhabituelles.",
            ),
        ]
        for counts, flagged, desc in cases:
            with self.subTest(counts=counts):
                svg = charts.timeline_svg("chronologie", "Réponses", counts, flagged)
                self.assertIn(f"{escape(desc)}</desc>", svg)
