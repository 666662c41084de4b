"""What an organisation does with the cyberquiz is written to its journal."""

from datetime import timedelta

from django.utils import timezone

from hygie.content import library
from hygie.journal.models import Entry
from hygie.quiz import engine
from hygie.quiz.models import Game, Player, Quiz
from hygie.quiz.tests.base import QuizPagesTestCase


class QuizJournalTestCase(QuizPagesTestCase):
    def entry(self, action):
        return Entry.objects.get(action=action, org_id=self.org.pk)

    def compose(self, client, title="Accueil des internes", pk=None):
        keys = [f"bank:{q['id']}" for q in library.items("quiz-questions")[:2]]
        url = self.url("edit", pk) if pk else self.url("compose")
        data = {"title": title, "seconds": 20, "question_delay": 5, "questions": keys}
        self.assertRedirects(client.post(url, data), self.url("home"))
        return Quiz.objects.get(title=title)

    def test_a_composed_quiz_is_journaled_with_its_author(self):
        quiz = self.compose(self.client_for(self.secretaire))
        entry = self.entry("quiz.created")
        self.assertEqual(entry.actor_id, self.secretaire.pk)
        self.assertEqual((entry.object_id, entry.object_label), (str(quiz.pk), quiz.title))
        self.assertEqual(entry.details, {"questions": 2, "partagé": "non"})

    def test_a_changed_quiz_is_journaled_as_changed(self):
        client = self.client_for(self.titulaire)
        quiz = self.compose(client)
        self.compose(client, title="Accueil des remplaçants", pk=quiz.pk)
        entry = self.entry("quiz.changed")
        self.assertEqual(entry.object_label, "Accueil des remplaçants")
        self.assertEqual(Entry.objects.filter(action="quiz.created").count(), 1)

    def test_a_refused_quiz_leaves_no_entry(self):
        response = self.client_for(self.titulaire).post(
            self.url("compose"), {"title": "", "questions": []}
        )
        self.assertEqual(response.status_code, 400)
        self.assertFalse(Entry.objects.filter(action__startswith="quiz.").exists())

    def test_a_private_question_is_journaled(self):
        form = {
            "type": "vrai_faux",
            "text": "Un mot de passe de 8 caractères suffit-il ?",
            "truth": "faux",
            "explanation": "Il en faut bien plus.",
            "theme": "mots-de-passe",
            "source": "ANSSI",
        }
        client = self.client_for(self.praticien)
        self.assertRedirects(client.post(self.url("question_new"), form), self.url("compose"))
        question = self.org.quiz_questions.get()
        entry = self.entry("quiz.question_created")
        self.assertEqual((entry.actor_id, entry.object_id), (self.praticien.pk, str(question.pk)))

    def test_a_launched_game_is_journaled(self):
        ready = library.items("quiz-sets")[0]
        client = self.client_for(self.praticien)
        client.post(self.url("launch"), {"quiz": f"set:{ready['id']}"})
        game = Game.objects.get()
        entry = self.entry("quiz.game_launched")
        self.assertEqual((entry.actor_id, entry.object_id), (self.praticien.pk, str(game.pk)))
        self.assertEqual(entry.details, {"questions": len(ready["questions"])})

    def test_a_game_that_cannot_start_leaves_no_entry(self):
        quiz = Quiz.objects.create(org=self.org, title="Vide", questions=[])
        client = self.client_for(self.titulaire)
        self.assertRedirects(
            client.post(self.url("launch"), {"quiz": str(quiz.pk)}), self.url("home")
        )
        self.assertFalse(Game.objects.exists())
        self.assertFalse(Entry.objects.filter(action="quiz.game_launched").exists())

    def test_each_export_of_the_results_is_journaled_with_its_format(self):
        ready = library.items("quiz-sets")[0]
        client = self.client_for(self.titulaire)
        client.post(self.url("launch"), {"quiz": f"set:{ready['id']}"})
        game = Game.objects.get()
        for fmt in ("csv", "xlsx"):
            self.assertEqual(client.get(self.url("export", game.pk, fmt)).status_code, 200)
        entries = Entry.objects.filter(action="quiz.results_exported", org_id=self.org.pk)
        self.assertEqual([e.details["format"] for e in entries.order_by("seq")], ["CSV", "Excel"])
        self.assertEqual({e.actor_id for e in entries}, {self.titulaire.pk})

    def test_an_outsider_leaves_no_entry(self):
        ready = library.items("quiz-sets")[0]
        response = self.client_for(self.outsider).post(
            self.url("launch"), {"quiz": f"set:{ready['id']}"}
        )
        self.assertEqual(response.status_code, 404)
        self.assertFalse(Entry.objects.filter(action__startswith="quiz.").exists())

    def test_the_players_purged_after_the_period_are_journaled_once_without_names(self):
        keys = [f"bank:{q['id']}" for q in library.items("quiz-questions")[:2]]
        game = engine.create_game(self.org, title="Formation", keys=keys, host=self.titulaire)
        engine.join(game, "Castor Prudent")
        engine.join(game, "Loutre Agile")
        Game.objects.filter(pk=game.pk).update(created=timezone.now() - timedelta(days=31))
        self.assertEqual(engine.purge(), 2)
        self.assertFalse(Player.objects.exists())
        entry = self.entry("quiz.players_purged")
        self.assertEqual((entry.object_id, entry.actor_id), (str(game.pk), None))
        self.assertEqual(entry.details, {"joueurs": 2})
        self.assertNotIn("Castor", str(entry.details) + entry.object_label)
        # Nothing left to purge: nothing more to journal.
        self.assertEqual(engine.purge(), 0)
        self.assertEqual(Entry.objects.filter(action="quiz.players_purged").count(), 1)
