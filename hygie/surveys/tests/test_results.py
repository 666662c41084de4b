from hygie.lib import disclosure
from hygie.lib.disclosure import TOTAL
from hygie.surveys import results
from hygie.surveys.tests.results_fixtures import make_survey, submit, submit_many
from hygie.tests.base import BaseTestCase


def counts(result) -> dict:
    return {key: bar.count for (key, _), bar in zip(result.options, result.bars, strict=True)}


def by_key(found) -> dict:
    return {r.question.key: r for r in found.questions}


class AggregationTest(BaseTestCase):
    # Each case: the responses (answers, how many times), then question key →
    # expected counts as shown (None: hidden under 5) and respondents.
    CASES = [
        (
            "single choice",
            [({"mssante": "oui"}, 7), ({"mssante": "non"}, 5)],
            {"mssante": ({"oui": 7, "non": 5}, 12)},
        ),
        (
            "a small count hidden, with its complement; the total stays",
            [({"mssante": "oui"}, 9), ({"mssante": "non"}, 2)],
            {"mssante": ({"oui": None, "non": None}, 11)},
        ),
        (
            "fewer than five respondents: nothing shows",
            [({"mssante": "oui"}, 3)],
            {"mssante": ({"oui": None, "non": None}, None)},
        ),
        (
            "multiple choice counts ticks, shares of respondents",
            [({"sauvegardes": ["disque", "cloud"]}, 6), ({"sauvegardes": ["aucune"]}, 5)],
            {"sauvegardes": ({"disque": 6, "cloud": 6, "aucune": 5}, 11)},
        ),
        (
            "scale distribution",
            # Two zeros hidden add up to less than 5: the smallest shown count joins them.
            [({"confiance": 2}, 5), ({"confiance": 4}, 6), ({"confiance": 5}, 7)],
            {"confiance": ({"1": None, "2": None, "3": None, "4": 6, "5": 7}, 18)},
        ),
        (
            "number histogram by ranges of two",
            [({"postes": 0}, 3), ({"postes": 1}, 3), ({"postes": 6}, 5), ({"postes": 10}, 7)],
            {
                "postes": (
                    {
                        "0": 6,
                        "2": None,
                        "4": None,
                        "6": None,
                        "8": None,
                        "10": 7,
                        "12": None,
                        "14": None,
                    },
                    18,
                )
            },
        ),
    ]

    def test_counts(self):
        for name, responses, expected in self.CASES:
            with self.subTest(name):
                survey = make_survey(self.region, title=name)
                for answers, n in responses:
                    submit_many(survey, n, **answers)
                found = by_key(results.compute(survey))
                for key, (shown, respondents) in expected.items():
                    self.assertEqual(counts(found[key]), shown)
                    self.assertEqual(found[key].shown_respondents, respondents)

    def test_shares_are_of_the_respondents_to_the_question(self):
        survey = make_survey(self.region)
        submit_many(survey, 6, sauvegardes=["disque", "cloud"])
        submit_many(survey, 4, sauvegardes=["disque", "aucune"])
        submit_many(survey, 5, sauvegardes=["aucune"])
        bars = by_key(results.compute(survey))["sauvegardes"].bars
        self.assertEqual([round(b.percent) for b in bars], [67, 40, 60])

    def test_excluded_responses_are_not_counted(self):
        survey = make_survey(self.region)
        submit_many(survey, 6, mssante="oui")
        submit_many(survey, 5, mssante="non")
        for _ in range(40):
            submit(survey, excluded=True, mssante="non")
        found = results.compute(survey)
        self.assertEqual(found.respondents, 11)
        self.assertEqual(found.excluded, 40)
        self.assertEqual(counts(by_key(found)["mssante"]), {"oui": 6, "non": 5})

    def test_the_number_of_queries_does_not_grow_with_the_questions(self):
        survey = make_survey(self.region)
        submit_many(survey, 6, profession="medecin", exercice="msp", mssante="oui", confiance=3)
        # Questions, responses, excluded responses, answers, respondents.
        with self.assertNumQueries(5):
            results.compute(survey)

    def test_free_texts_are_listed_only_when_asked_sorted(self):
        survey = make_survey(self.region)
        submit(survey, remarques="Zut")
        submit(survey, remarques="avoir une formation")
        self.assertEqual(by_key(results.compute(survey))["remarques"].texts, [])
        found = by_key(results.compute(survey, with_texts=True))
        self.assertEqual(found["remarques"].texts, ["avoir une formation", "Zut"])


class BreakdownTest(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.survey = make_survey(cls.region)
        submit_many(cls.survey, 7, profession="medecin", exercice="seul", mssante="oui")
        submit_many(cls.survey, 6, profession="medecin", exercice="groupe", mssante="non")
        submit_many(cls.survey, 5, profession="infirmier", exercice="groupe", mssante="oui")
        submit_many(cls.survey, 6, profession="infirmier", exercice="msp", mssante="non")
        # Three sages-femmes: never shown, whatever they answered.
        submit_many(cls.survey, 2, profession="sage-femme", exercice="msp", mssante="oui")
        submit_many(cls.survey, 1, profession="sage-femme", exercice="msp", mssante="non")

    def breakdown(self, kind="profession"):
        found = by_key(results.compute(self.survey))["mssante"]
        return next(b for b in found.breakdowns if b.kind == kind)

    def test_a_group_of_three_never_shows(self):
        b = self.breakdown()
        row = next(r for r in b.rows if r[0] == "sage-femme")
        self.assertTrue(all(c.hidden for c in row[2]))
        self.assertTrue(row[3].hidden)

    def test_no_hidden_cell_can_be_recovered_from_what_is_shown(self):
        for kind in ("profession", "setting"):
            b = self.breakdown(kind)
            rows = [r[0] for r in b.rows]
            cols = [k for k, _ in b.cols]
            shown: dict = {}
            hidden = set()
            for r, _, cells, total in b.rows:
                for c, cell in zip(cols, cells, strict=True):
                    (hidden.add((r, c)) if cell.hidden else shown.update({(r, c): cell.count}))
                (
                    hidden.add((r, TOTAL))
                    if total.hidden
                    else shown.update({(r, TOTAL): total.count})
                )
            for c, cell in zip(cols, b.totals, strict=True):
                (hidden.add((TOTAL, c)) if cell.hidden else shown.update({(TOTAL, c): cell.count}))
            (
                hidden.add((TOTAL, TOTAL))
                if b.total.hidden
                else shown.update({(TOTAL, TOTAL): b.total.count})
            )
            full = disclosure.protect({}, rows, cols).counts  # the shape, zeros
            full = {**full, **shown, **dict.fromkeys(hidden, 0)}
            lines = disclosure._lines(rows, cols)
            with self.subTest(kind):
                self.assertTrue(hidden)
                self.assertEqual(disclosure.determined(lines, full, hidden), set())

    def test_shares_are_computed_from_shown_counts_only(self):
        b = self.breakdown()
        medecins = next(r for r in b.rows if r[0] == "medecin")
        self.assertEqual([c.count for c in medecins[2]], [7, 6])
        self.assertAlmostEqual(medecins[2][0].percent, 100 * 7 / 13)
        for _, _, cells, _ in b.rows:
            for c in cells:
                if c.hidden:
                    self.assertIsNone(c.percent)
