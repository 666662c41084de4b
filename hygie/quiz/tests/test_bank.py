"""The composer's bank: filter rules, success rates, preview, duplicate, sharing."""

from django.test import SimpleTestCase
from django.utils.html import escape

from hygie.content import library
from hygie.journal.models import Entry as JournalEntry
from hygie.quiz import engine
from hygie.quiz.bank import Entry, Filter, fold, success_rate
from hygie.quiz.models import Answer, QuestionStat, Quiz
from hygie.quiz.tests.base import QuizPagesTestCase

PASSWORDS = Entry(
    "bank:a", "Un mot de passe par compte ?", "mots-de-passe", "vrai_faux", "1", False
)
PHISHING = Entry("org:1", "Un e-mail d'hameçonnage", "hameconnage", "choix_unique", "", True)


class RulesTestCase(SimpleTestCase):
    def test_success_rate(self):
        for answers, correct, expected in [
            (0, 0, None),
            (4, 4, None),  # too few answers to mean anything
            (5, 4, 80),
            (40, 29, 72),
            (3, 5, None),
        ]:
            with self.subTest(answers=answers, correct=correct):
                self.assertEqual(success_rate(answers, correct), expected)

    def test_filter(self):
        for wanted, entry, expected in [
            (Filter(), PASSWORDS, True),
            (Filter(words="MOT passe"), PASSWORDS, True),
            (Filter(words="passe compte mot"), PASSWORDS, True),
            (Filter(words="passeport"), PASSWORDS, False),
            (Filter(words="hameconnage"), PHISHING, True),
            (Filter(words="Hameçonnage", theme="hameconnage"), PHISHING, True),
            (Filter(theme="hameconnage"), PASSWORDS, False),
            (Filter(type="vrai_faux"), PASSWORDS, True),
            (Filter(type="vrai_faux"), PHISHING, False),
            (Filter(difficulty="1"), PASSWORDS, True),
            (Filter(difficulty="2"), PASSWORDS, False),
        ]:
            with self.subTest(wanted=wanted, entry=entry.key):
                self.assertEqual(wanted.matches(entry), expected)

    def test_fold(self):
        self.assertEqual(fold("Clé USB ÉTÉ"), "cle usb ete")


class BankPagesTestCase(QuizPagesTestCase):
    def test_search_by_words_shows_the_matching_and_the_ticked(self):
        bank = library.items("quiz-questions")
        wanted = next(q for q in bank if q["theme"] == "sauvegardes")
        ticked = next(q for q in bank if q["theme"] == "mots-de-passe")
        response = self.client_for(self.praticien).post(
            self.url("compose"),
            {
                "action": "filtrer",
                "title": "Brouillon",
                "recherche": " ".join(wanted["text"].split()[:3]),
                "questions": [f"bank:{ticked['id']}"],
                f"ordre-bank:{ticked['id']}": "2",
            },
        )
        self.assertEqual(response.status_code, 200)
        rows = {r["entry"].key: r for r in response.context["rows"]}
        self.assertFalse(rows[f"bank:{wanted['id']}"]["hidden"])
        self.assertFalse(rows[f"bank:{ticked['id']}"]["hidden"])
        self.assertTrue(rows[f"bank:{ticked['id']}"]["ticked"])
        self.assertEqual(rows[f"bank:{ticked['id']}"]["order"], "2")
        self.assertTrue(any(r["hidden"] for r in rows.values()))
        self.assertContains(response, 'value="Brouillon"')
        self.assertFalse(Quiz.objects.exists())

    def test_the_preview_shows_the_shapes_and_the_right_answer(self):
        question = library.items("quiz-questions")[0]
        response = self.client_for(self.secretaire).get(
            self.url("preview", f"bank:{question['id']}")
        )
        self.assertContains(response, escape(question["text"]))
        for shape in "▲◆"[: len(question["options"])]:
            self.assertContains(response, shape)
        self.assertContains(response, "(bonne réponse)", count=1)
        self.assertContains(response, "Source :")
        missing = self.client_for(self.secretaire).get(self.url("preview", "bank:nulle-part"))
        self.assertEqual(missing.status_code, 404)

    def test_the_success_rate_comes_from_the_games_ended(self):
        key = f"bank:{library.items('quiz-questions')[0]['id']}"
        game = engine.create_game(self.org, title="Essai", keys=[key], host=self.titulaire)
        for i in range(6):
            player = engine.join(game, f"Joueur {i}")
            Answer.objects.create(
                game=game, player=player, index=0, choices=[0], elapsed_ms=500,
                correct=i < 4, points=0,
            )  # fmt: skip
        engine.finish(game)
        stat = QuestionStat.objects.get(key=key)
        self.assertEqual((stat.answers, stat.correct), (6, 4))
        # No player, game or organisation is kept beside the counts.
        self.assertEqual(
            {f.name for f in QuestionStat._meta.get_fields()}, {"id", "key", "answers", "correct"}
        )
        self.assertContains(
            self.client_for(self.titulaire).get(self.url("compose")), "67 % de bonnes réponses"
        )
        QuestionStat.objects.filter(key=key).update(answers=8, correct=6)
        response = self.client_for(self.titulaire).get(self.url("compose"))
        self.assertContains(response, "75 % de bonnes réponses")

    def test_duplicate_makes_a_private_copy(self):
        quiz = Quiz.objects.create(
            org=self.org,
            title="Accueil",
            questions=["bank:x"],
            seconds=12,
            created_by=self.titulaire,
        )
        response = self.client_for(self.praticien).post(self.url("duplicate", quiz.pk))
        copy = Quiz.objects.exclude(pk=quiz.pk).get()
        self.assertRedirects(response, self.url("edit", copy.pk))
        self.assertEqual(
            (copy.title, copy.questions, copy.seconds, copy.shared, copy.created_by),
            ("Copie de Accueil", ["bank:x"], 12, False, self.praticien),
        )
        self.assertTrue(JournalEntry.objects.filter(action="quiz.duplicated").exists())
        # The copy is its copier's own.
        other = self.client_for(self.titulaire)
        self.assertEqual(other.get(self.url("edit", copy.pk)).status_code, 404)
        self.assertEqual(other.post(self.url("duplicate", copy.pk)).status_code, 404)
        self.assertEqual(other.post(self.url("launch"), {"quiz": copy.pk}).status_code, 404)
        self.assertNotContains(other.get(self.url("home")), "Copie de Accueil")
        self.assertContains(
            self.client_for(self.praticien).get(self.url("home")), "Copie de Accueil"
        )
        outsider = self.client_for(self.outsider)
        self.assertEqual(outsider.post(self.url("duplicate", quiz.pk)).status_code, 404)

    def test_only_the_author_shares_and_the_choice_is_journaled(self):
        key = f"bank:{library.items('quiz-questions')[0]['id']}"
        quiz = Quiz.objects.create(
            org=self.org, title="Équipe", questions=[key], shared=False, created_by=self.titulaire
        )
        data = {"action": "enregistrer", "title": "Équipe", "seconds": 20, "question_delay": 5,
                "questions": [key], "shared": "on"}  # fmt: skip
        self.assertEqual(
            self.client_for(self.secretaire).post(self.url("edit", quiz.pk), data).status_code, 404
        )
        response = self.client_for(self.titulaire).post(self.url("edit", quiz.pk), data)
        self.assertRedirects(response, self.url("home"))
        quiz.refresh_from_db()
        self.assertTrue(quiz.shared)
        self.assertTrue(JournalEntry.objects.filter(action="quiz.shared").exists())
        # Shared: another member edits it, but cannot take it back from the team.
        response = self.client_for(self.secretaire).post(
            self.url("edit", quiz.pk), {**data, "shared": "", "title": "Équipe 2"}
        )
        self.assertRedirects(response, self.url("home"))
        quiz.refresh_from_db()
        self.assertEqual((quiz.title, quiz.shared), ("Équipe 2", True))
        self.assertFalse(JournalEntry.objects.filter(action="quiz.unshared").exists())
