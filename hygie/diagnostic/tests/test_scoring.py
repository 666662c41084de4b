"""The indice and the ranking of actions, on cases computed by hand."""

from django.test import SimpleTestCase

from hygie.diagnostic.measures import NA, NSP, build
from hygie.diagnostic.scoring import PRIORITIES, evaluate, ratio

THEMES = [
    {
        "id": "t1",
        "number": 1,
        "title": "Thème un",
        "rule": "Règle un.",
        "summary": "Résumé du thème un.",
    },
    {
        "id": "t2",
        "number": 2,
        "title": "Thème deux",
        "rule": "Règle deux.",
        "summary": "Résumé du thème deux.",
    },
]
YES_NO = [{"key": "oui", "label": "Oui", "value": 3}, {"key": "non", "label": "Non", "value": 0}]
GRADED = [
    {"key": "toujours", "label": "Toujours", "value": 3},
    {"key": "souvent", "label": "Souvent", "value": 2},
    {"key": "parfois", "label": "Parfois", "value": 1},
    {"key": "jamais", "label": "Jamais", "value": 0},
]


def measure(key, theme="t1", weight=1, effort="heures", answers=YES_NO, **extra):
    return {
        "id": key,
        "version": 1,
        "theme": theme,
        "question": f"Question {key} ?",
        "answers": answers,
        "weight": weight,
        "effort": effort,
        "action": f"Faire {key}",
        "why": "Parce que.",
        "how": ["Étape."],
        "source": [{"ref": "seed-004"}],
        **extra,
    }


class Ratio(SimpleTestCase):
    def test_rounds_half_up(self):
        # (points, best, indice)
        cases = [
            (0, 9, 0),
            (9, 9, 100),
            (1, 8, 13),  # 12.5 → 13
            (1, 3, 33),  # 33.33
            (2, 3, 67),  # 66.67
            (1, 200, 1),  # 0.5 → 1
            (5, 18, 28),  # 27.78
        ]
        for points, best, expected in cases:
            with self.subTest(points=points, best=best):
                self.assertEqual(ratio(points, best), expected)

    def test_nothing_to_count(self):
        self.assertIsNone(ratio(0, 0))


class Evaluate(SimpleTestCase):
    def setUp(self):
        self.catalogue = build(
            THEMES,
            [
                measure("a", weight=3, answers=GRADED),
                measure("b", weight=2, effort="minutes"),
                measure("c", theme="t2", weight=1, allow_na=True),
                measure(
                    "d", theme="t2", weight=2, effort="prestataire", applies_if={"wifi": ["oui"]}
                ),
            ],
        )

    def test_hand_computed_indices(self):
        # a: souvent (2) x 3 = 6 / 9; b: oui 3 x 2 = 6 / 6; c: non 0 / 3; d: je ne sais pas 0 / 6.
        # Overall 12 / 24 = 50; theme 1: 12 / 15 = 80; theme 2: 0 / 9 = 0.
        result = evaluate(
            self.catalogue, {"wifi": "oui"}, {"a": "souvent", "b": "oui", "c": "non", "d": NSP}
        )
        self.assertEqual(result.indice, 50)
        self.assertEqual(result.theme_indices(), {"t1": 80, "t2": 0})
        self.assertEqual(result.unknown, 1)
        self.assertEqual(result.applicable, 4)
        self.assertEqual(result.answered, 4)

    def test_not_applicable_left_out(self):
        # c is « Non applicable »: a 9/9 + b 0/6 + d 6/6 = 15 / 21 = 71.4; theme 2: d only, 6/6.
        result = evaluate(
            self.catalogue, {"wifi": "oui"}, {"a": "toujours", "b": "non", "c": NA, "d": "oui"}
        )
        self.assertEqual(result.indice, 71)
        self.assertEqual(result.not_applicable, 1)
        self.assertEqual(result.theme_indices()["t2"], 100)

    def test_profile_excludes_measure(self):
        # Without Wi-Fi, d does not apply: a 0/9, b 6/6, c 3/3 = 9 / 18 = 50.
        result = evaluate(self.catalogue, {"wifi": "non"}, {"a": "jamais", "b": "oui", "c": "oui"})
        self.assertEqual(result.applicable, 3)
        self.assertEqual(result.indice, 50)

    def test_unanswered_counts_as_unknown(self):
        result = evaluate(self.catalogue, {"wifi": "non"}, {"a": "toujours"})
        # a 9/9, b 0/6, c 0/3: 9/18.
        self.assertEqual(result.indice, 50)
        self.assertEqual(result.unknown, 2)
        self.assertEqual(result.answered, 1)
        self.assertEqual({g.measure.key for g in result.gaps if g.unknown}, {"b", "c"})

    def test_unknown_option_is_no_answer(self):
        result = evaluate(self.catalogue, {"wifi": "non"}, {"a": "peut-etre"})
        self.assertEqual(result.answered, 0)
        self.assertEqual(result.indice, 0)

    def test_closed_actions_count_as_done(self):
        answers = {"a": "jamais", "b": "non", "c": "non"}
        before = evaluate(self.catalogue, {"wifi": "non"}, answers)
        after = evaluate(self.catalogue, {"wifi": "non"}, answers, done={"a"})
        self.assertEqual(before.indice, 0)
        self.assertEqual(after.indice, 50)  # a 9/9 of 18
        self.assertNotIn("a", [g.measure.key for g in after.gaps])

    def test_ranking(self):
        # Priorities: a jamais 3x3 = 9; d non 2x3 = 6 (prestataire); b non 2x3 = 6 (minutes);
        # c non 1x3 = 3. Equal priorities: quick wins first.
        result = evaluate(
            self.catalogue, {"wifi": "oui"}, {"a": "jamais", "b": "non", "c": "non", "d": "non"}
        )
        self.assertEqual([g.measure.key for g in result.gaps], ["a", "b", "d", "c"])
        self.assertEqual([g.priority for g in result.gaps], [9, 6, 6, 3])
        self.assertTrue(result.gaps[1].measure.quick)

    def test_six_priorities(self):
        many = build(THEMES, [measure(f"m{i}", weight=1 + i % 3) for i in range(10)])
        result = evaluate(many, {}, {})
        self.assertEqual(len(result.priorities), PRIORITIES)
        self.assertEqual(len(result.gaps), 10)
        self.assertEqual([g.measure.weight for g in result.priorities], [3, 3, 3, 2, 2, 2])

    def test_only_restricts(self):
        result = evaluate(self.catalogue, {}, {"b": "oui"}, only={"b"})
        self.assertEqual(result.applicable, 1)
        self.assertEqual(result.indice, 100)
        self.assertEqual(result.gaps, [])

    def test_options_added(self):
        a, _, c, _ = self.catalogue.measures
        self.assertEqual([o.key for o in a.options][-1], NSP)
        self.assertIsNone(a.option(NA))
        self.assertEqual(c.option(NA).value, None)
        self.assertEqual(c.option(NSP).value, 0)
