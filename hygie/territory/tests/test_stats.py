"""The dashboard's figures and their suppression: pure functions, table-driven."""

from django.test import SimpleTestCase

from hygie.territory import indicators, stats
from hygie.territory.stats import Row


def rows(*indices, profession="infirmier", departement="69", **values):
    return [Row(profession, departement, i, **values) for i in indices]


class DistributionTests(SimpleTestCase):
    def test_it_hides_a_distribution_under_five_practices(self):
        for values, expected in [
            ([], (0, None, None, None)),
            ([10, 20, 30, 40], (4, None, None, None)),
            ([10, 20, 30, 40, 50], (5, 20, 30, 40)),
            ([0, 100, 100, 100, 100, 100], (6, 100, 100, 100)),
        ]:
            with self.subTest(values=values):
                d = stats.distribution(values)
                self.assertEqual((d.covers, d.q1, d.median, d.q3), expected)

    def test_a_rate_pools_the_practices_that_have_a_base(self):
        for pairs, expected in [
            ([(10, 5)] * 4, (4, None)),
            ([(10, 5)] * 4 + [(0, 0)], (4, None)),
            ([(10, 5)] * 4 + [(30, 30)], (5, 71)),
        ]:
            with self.subTest(pairs=pairs):
                r = stats.rate(pairs)
                self.assertEqual((r.covers, r.percent), expected)


class SummaryTests(SimpleTestCase):
    def test_a_territory_under_five_practices_shows_only_its_count(self):
        s = stats.summarise(rows(10, 20, 30, 40))
        self.assertEqual((s.count, s.published), (4, False))
        self.assertIsNone(s.indice)
        self.assertEqual(s.measures, [])

    def test_five_practices_give_figures(self):
        s = stats.summarise(rows(10, 20, 30, 40, 50))
        self.assertTrue(s.published)
        self.assertEqual(s.indice.median, 30)
        self.assertEqual(s.indice.covers, 5)

    def test_a_profession_of_three_is_hidden_and_another_with_it(self):
        practices = (
            rows(50, 50, 50, profession="sage_femme")
            + rows(*[60] * 6, profession="infirmier")
            + rows(*[70] * 9, profession="medecin_generaliste")
        )
        s = stats.summarise(practices)
        counts = {g.key: g.count for g in s.professions}
        # The 3 sages-femmes are hidden, and so are the 6 infirmiers, or the
        # total (18) would give them back.
        self.assertEqual(counts, {"infirmier": None, "medecin_generaliste": 9, "sage_femme": None})
        self.assertEqual(s.professions_total, 18)
        medians = {g.key: g.indice.median for g in s.professions}
        self.assertEqual(
            medians, {"infirmier": None, "medecin_generaliste": 70, "sage_femme": None}
        )

    def test_a_measure_in_place_shows_only_when_both_sides_count_five(self):
        s = stats.summarise(
            [Row("x", "69", 50, key_measures={"m": i < 5}) for i in range(9)]
            + [Row("x", "69", 50, key_measures={"n": i < 5}) for i in range(10)],
            measure_keys=["m", "n"],
        )
        m, n = s.measures
        self.assertEqual((m.covers, m.in_place, m.percent), (9, None, None))
        self.assertEqual((n.covers, n.in_place, n.percent), (10, 5, 50))
        self.assertEqual(s.weakest_measures, [n])

    def test_an_incidents_cell_needs_five_incidents_from_five_practices(self):
        one_busy = [Row("x", "69", 50, incidents={"k": {"2026-11": 9}}), *rows(50, 50, 50, 50)]
        five = [Row("x", "69", 50, incidents={"k": {"2026-11": 1}}) for _ in range(5)]
        for practices, expected in [(one_busy, None), (five, 5)]:
            s = stats.summarise(practices, months=["2026-11"])
            self.assertEqual(s.incidents[("k", "2026-11")], expected)

    def test_the_bands_hide_their_small_groups(self):
        # 3 + 2 + 0 hidden: together 5, so the 6 and the total may show.
        s = stats.summarise(rows(*[80] * 6, 10, 10, 10, 30, 30))
        self.assertEqual(s.bands.value("", "75-100"), 6)
        self.assertIsNone(s.bands.value("", "0-24"))
        self.assertEqual(s.bands.total, 11)
        # 1 + 1 + 0 hidden beside a shown total could only be small: the 6 goes too.
        s = stats.summarise(rows(*[80] * 6, 10, 30))
        self.assertIsNone(s.bands.value("", "75-100"))

    def test_the_trends_show_only_months_of_five_practices(self):
        trend = [("2026-10", 40)] * 4 + [("2026-11", 50)] * 5
        s = stats.summarise(rows(60, 60, 60, 60, 60), trend)
        self.assertEqual([(m, d.median) for m, d in s.trends], [("2026-10", None), ("2026-11", 50)])


class IndicatorTests(SimpleTestCase):
    def test_the_departement_of_an_address(self):
        for address, expected in [
            ("12 rue des Tilleuls\n69003 Lyon", "69"),
            ("1 cours Napoléon\n20000 Ajaccio", "2A"),
            ("Route de la Corniche\n20200 Bastia", "2B"),
            ("Rue Schoelcher\n97110 Pointe-à-Pitre", "971"),
            ("BP 123456\n38000 Grenoble", "38"),
            ("Sans code postal", ""),
            ("", ""),
        ]:
            with self.subTest(address=address):
                self.assertEqual(indicators.departement_of_address(address), expected)

    def test_the_register_completeness(self):
        full = {
            "purposes": ["a"],
            "persons": ["a"],
            "data_categories": ["a"],
            "recipients": ["a"],
            "transfers": "aucun",
            "retention": "20 ans",
            "security": ["a"],
        }
        controller = {"name": "Dr X", "contact": "x@example.fr"}
        for snapshot, expected in [
            ({}, None),
            ({"processings": [full], "controller": controller, "dpo": {"x": 1}}, 100),
            ({"processings": [full], "controller": controller}, 89),
            ({"processings": [{**full, "retention": ""}], "controller": {}}, 67),
        ]:
            with self.subTest(snapshot=snapshot):
                self.assertEqual(indicators.register_completeness(snapshot), expected)

    def test_the_last_twelve_months(self):
        from datetime import date

        months = indicators.last_months(date(2026, 3, 15))
        self.assertEqual(months[0], "2025-04")
        self.assertEqual(months[-1], "2026-03")
        self.assertEqual(len(months), 12)


class QuartileTests(SimpleTestCase):
    def test_quartiles_match_the_inclusive_method_of_the_standard_library(self):
        from statistics import quantiles

        for values in [
            [10, 20, 30, 40, 50],
            [0, 100, 100, 100, 100, 100],
            [1, 2, 3, 4, 5, 6, 7],
            [5, 5, 7, 9, 12, 40, 41, 90],
            list(range(0, 101, 3)),
        ]:
            with self.subTest(values=values):
                expected = tuple(quantiles(values, n=4, method="inclusive"))
                self.assertEqual(stats.quartiles(values), expected)
