"""The cyberquiz's question bank (quiz-questions) and ready-made quizzes (quiz-sets)."""

from collections import Counter

from django.test import TestCase
from jsonschema import Draft202012Validator

from hygie.content import library
from hygie.content.loader import item_schema, kinds
from hygie.content.models import Collection

QUESTIONS = "quiz-questions"
SETS = "quiz-sets"
TYPES = {"vrai_faux", "choix_unique", "choix_multiples"}


def correct(question):
    return [o for o in question["options"] if o["correct"]]


class QuizQuestionsTestCase(TestCase):
    def setUp(self):
        library.clear_cache()
        self.addCleanup(library.clear_cache)
        self.questions = library.items(QUESTIONS)
        self.by_type = {t: [q for q in self.questions if q["type"] == t] for t in TYPES}

    def test_the_collections_are_loaded_with_their_kinds(self):
        self.assertEqual(Collection.objects.get(key=QUESTIONS).kind, "quiz_question")
        self.assertEqual(Collection.objects.get(key=SETS).kind, "quiz_set")

    def test_the_bank_holds_at_least_80_questions(self):
        self.assertGreaterEqual(len(self.questions), 80)

    def test_no_question_id_is_used_twice(self):
        ids = Counter(q["id"] for q in self.questions)
        self.assertEqual([i for i, n in ids.items() if n > 1], [])

    def test_every_theme_has_at_least_3_questions(self):
        themes = kinds()["quiz_question"]["properties"]["theme"]["enum"]
        counts = Counter(q["theme"] for q in self.questions)
        for theme in themes:
            with self.subTest(theme=theme):
                self.assertGreaterEqual(counts[theme], 3)

    def test_at_least_a_fifth_of_the_questions_have_several_answers(self):
        self.assertGreaterEqual(len(self.by_type["choix_multiples"]) * 5, len(self.questions))

    def test_every_type_and_difficulty_is_used(self):
        for kind in TYPES:
            with self.subTest(type=kind):
                self.assertTrue(self.by_type[kind])
        self.assertEqual({q["difficulty"] for q in self.questions}, {1, 2, 3})

    def test_a_true_or_false_question_offers_vrai_then_faux_one_of_them_correct(self):
        for question in self.by_type["vrai_faux"]:
            with self.subTest(question=question["id"]):
                self.assertEqual([o["text"] for o in question["options"]], ["Vrai", "Faux"])
                self.assertEqual(len(correct(question)), 1)

    def test_a_single_choice_question_has_exactly_one_correct_option(self):
        for question in self.by_type["choix_unique"]:
            with self.subTest(question=question["id"]):
                self.assertTrue(2 <= len(question["options"]) <= 4)
                self.assertEqual(len(correct(question)), 1)

    def test_a_multiple_choice_question_has_two_correct_options_and_a_wrong_one(self):
        for question in self.by_type["choix_multiples"]:
            with self.subTest(question=question["id"]):
                self.assertTrue(3 <= len(question["options"]) <= 4)
                self.assertGreaterEqual(len(correct(question)), 2)
                self.assertLess(len(correct(question)), len(question["options"]))

    def test_option_texts_are_unique_within_a_question(self):
        for question in self.questions:
            with self.subTest(question=question["id"]):
                texts = [o["text"].strip().casefold() for o in question["options"]]
                self.assertEqual(len(texts), len(set(texts)))

    def test_every_question_cites_a_source_whose_text_was_checked(self):
        # A question may lean on an unverified text, never on it alone.
        sources = {s["id"]: s for s in library.items("sources")}
        for question in self.questions:
            with self.subTest(question=question["id"]):
                refs = [c["ref"] for c in question["source"]]
                self.assertTrue(any(sources[r].get("verified", True) for r in refs), refs)

    def test_the_schema_refuses_a_badly_built_question(self):
        validator = Draft202012Validator(item_schema(kinds()["quiz_question"], "quiz_question"))
        good = next(q for q in self.questions if q["type"] == "choix_unique")
        self.assertTrue(validator.is_valid(good))

        def options(*marks):
            return [{"text": f"Réponse {n}", "correct": m} for n, m in enumerate(marks)]

        bad = {
            "two correct single choices": {"options": options(True, True, False)},
            "a multiple choice with one correct": {
                "type": "choix_multiples",
                "options": options(True, False, False),
            },
            "a multiple choice without a wrong option": {
                "type": "choix_multiples",
                "options": options(True, True, True),
            },
            "true or false in the wrong order": {
                "type": "vrai_faux",
                "options": [{"text": "Faux", "correct": True}, {"text": "Vrai", "correct": False}],
            },
            "five options": {"options": options(True, False, False, False, False)},
            "a question too long for a phone": {"text": "Pourquoi " * 30},
        }
        for name, change in bad.items():
            with self.subTest(name):
                self.assertFalse(validator.is_valid({**good, **change}))


class QuizSetsTestCase(TestCase):
    def setUp(self):
        library.clear_cache()
        self.addCleanup(library.clear_cache)
        self.sets = library.items(SETS)
        self.questions = {q["id"] for q in library.items(QUESTIONS)}

    def test_there_are_3_or_4_ready_made_quizzes(self):
        self.assertIn(len(self.sets), (3, 4))

    def test_every_quiz_plays_8_to_15_existing_questions_once(self):
        for quiz in self.sets:
            with self.subTest(quiz=quiz["id"]):
                ids = quiz["questions"]
                self.assertTrue(8 <= len(ids) <= 15)
                self.assertEqual(len(ids), len(set(ids)))
                self.assertLessEqual(set(ids), self.questions)

    def test_every_quiz_cites_the_cyberquiz_it_follows(self):
        for quiz in self.sets:
            with self.subTest(quiz=quiz["id"]):
                self.assertIn("seed-003", [c["ref"] for c in quiz["source"]])
