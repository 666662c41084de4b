"""The cyberquiz's pages: composing, launching, joining, results, purge."""

import csv
import io
from datetime import timedelta

from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from hygie.content import library
from hygie.content.loader import kinds
from hygie.quiz import engine
from hygie.quiz.models import Game, Player, Quiz, ThemeStat
from hygie.quiz.tests import base
from hygie.quiz.views import PLAYERS_HEADER, QUESTIONS_HEADER, THEMES


class QuizPagesTestCase(base.QuizPagesTestCase):
    def bank_keys(self, n=3):
        return [f"bank:{q['id']}" for q in library.items("quiz-questions")[:n]]

    def test_compose_then_launch(self):
        client = self.client_for(self.secretaire)
        keys = self.bank_keys(3)
        response = client.post(
            self.url("compose"),
            {
                "title": "Accueil des internes",
                "seconds": 15,
                "question_delay": 3,
                "speed": "on",
                "questions": keys,
                f"ordre-{keys[2]}": "1",
            },
        )
        self.assertRedirects(response, self.url("home"))
        quiz = Quiz.objects.get()
        self.assertEqual(quiz.questions, [keys[2], keys[0], keys[1]])
        response = client.post(self.url("launch"), {"quiz": str(quiz.pk)})
        game = Game.objects.get()
        self.assertRedirects(response, self.url("host", game.pk))
        self.assertEqual((game.seconds, game.question_delay, len(game.questions)), (15, 3, 3))
        page = client.get(self.url("host", game.pk))
        self.assertContains(page, game.pin)
        self.assertContains(page, "data:image/svg+xml")
        self.assertContains(page, f"/ws/quiz/{game.pk}/animer/")

    def test_compose_refuses_bad_input(self):
        client = self.client_for(self.titulaire)
        response = client.post(self.url("compose"), {"title": "", "seconds": 500, "questions": []})
        self.assertContains(response, "Choisissez au moins une question.", status_code=400)
        self.assertFalse(Quiz.objects.exists())

    def test_a_ready_made_quiz_launches(self):
        ready = library.items("quiz-sets")[0]
        response = self.client_for(self.praticien).post(
            self.url("launch"), {"quiz": f"set:{ready['id']}"}
        )
        game = Game.objects.get()
        self.assertRedirects(response, self.url("host", game.pk))
        self.assertEqual(len(game.questions), len(ready["questions"]))
        # Each question carries its explanation and its source.
        self.assertTrue(all(q["explanation"] and q["source"] for q in game.questions))

    def test_a_retired_question_is_no_longer_played(self):
        from hygie.content import library
        from hygie.content.models import Item

        first, second = self.bank_keys(2)
        Item.objects.filter(collection__key="quiz-questions", key=first[5:]).update(retired=True)
        library.clear_cache()
        self.addCleanup(library.clear_cache)
        played = engine.questions_for([first, second], self.org)
        self.assertEqual([q["key"] for q in played], [second])

    def test_outsiders_cannot_see_a_game(self):
        game = engine.create_game(self.org, title="T", keys=self.bank_keys(1), host=self.titulaire)
        self.assertEqual(
            self.client_for(self.outsider).get(self.url("host", game.pk)).status_code, 404
        )

    def test_a_player_joins_with_the_pin_and_a_pseudonym(self):
        game = engine.create_game(self.org, title="T", keys=self.bank_keys(2), host=self.titulaire)
        phone = Client()
        wrong = phone.get(reverse("play:join") + "?pin=000000")
        self.assertContains(wrong, "Aucune partie en cours avec ce code", status_code=400)
        self.assertContains(
            phone.get(reverse("play:join") + "?pin=12"), "6 caractères", status_code=400
        )
        self.assertRedirects(
            phone.get(reverse("play:join") + f"?pin={game.pin}"),
            reverse("play:pseudonym", args=[game.pin]),
        )
        page = phone.get(reverse("play:pseudonym", args=[game.pin]))
        proposals = page.context["proposals"]
        self.assertEqual(len(proposals), 3)
        response = phone.post(reverse("play:pseudonym", args=[game.pin]), {"choice": proposals[0]})
        self.assertRedirects(response, reverse("play:game", args=[game.pin]))
        self.assertTrue(response.cookies[engine.cookie_name(game.pin)]["httponly"])
        self.assertEqual(Player.objects.get().pseudonym, proposals[0])
        page = phone.get(reverse("play:game", args=[game.pin]))
        self.assertContains(page, f"/ws/quiz/jouer/{game.pin}/")
        # Back on the pseudonym page: straight to the game, no second player.
        self.assertRedirects(
            phone.get(reverse("play:pseudonym", args=[game.pin])),
            reverse("play:game", args=[game.pin]),
        )
        # Another phone cannot take the same pseudonym.
        other = Client().post(
            reverse("play:pseudonym", args=[game.pin]), {"pseudonym": proposals[0].upper()}
        )
        self.assertContains(other, "déjà pris", status_code=400)
        # Without its cookie, the game page sends back to the PIN.
        self.assertRedirects(
            Client().get(reverse("play:game", args=[game.pin])), reverse("play:join")
        )

    def finished_game(self):
        """Two questions, two players: Castor Prudent answers the first one
        right after 2 s, nobody else answers anything."""
        game = engine.create_game(
            self.org,
            title="Formation",
            keys=self.bank_keys(2),
            host=self.titulaire,
            question_delay=0,
        )
        players = [engine.join(game, name) for name in ("Castor Prudent", "Loutre Agile")]
        engine.start(game)
        game.refresh_from_db()
        game = engine.due(game, game.phase_ends_at)
        right = game.questions[0]["correct"]
        engine.record_answer(
            players[0].pk, game.pk, 0, right, now=game.options_at + timedelta(seconds=2)
        )
        game = engine.close_answers(game)
        return engine.finish(game)

    def test_results_exports_and_purge(self):
        game = self.finished_game()
        client = self.client_for(self.titulaire)
        page = client.get(self.url("results", game.pk))
        self.assertContains(page, "Castor Prudent")
        self.assertContains(page, "100 %")
        export = client.get(self.url("export", game.pk, "csv"))
        rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig")), delimiter=";"))
        self.assertEqual(rows[1][1], "Castor Prudent")
        # The spreadsheet: a sheet per table, each with its own header.
        book = load_workbook(io.BytesIO(client.get(self.url("export", game.pk, "xlsx")).content))
        self.assertEqual(book.sheetnames, ["Joueurs", "Questions"])
        players, questions = (list(book[n].values) for n in book.sheetnames)
        self.assertEqual(players[0][1], "Pseudonyme")
        self.assertEqual(players[1][:2], (1, "Castor Prudent"))
        self.assertGreater(players[1][2], 0)
        self.assertEqual(len(players), 3)
        self.assertEqual(questions[0][1], "Question")
        self.assertEqual([q[3] for q in questions[1:]], [1, 0])
        # Anonymous figures per theme are kept; the pseudonyms go after the period.
        self.assertTrue(ThemeStat.objects.filter(org=self.org, answers=1, correct=1).exists())
        Game.objects.filter(pk=game.pk).update(created=timezone.now() - timedelta(days=31))
        engine.purge()
        self.assertFalse(Player.objects.exists())
        game.refresh_from_db()
        self.assertEqual(game.summary[0]["answers"], 1)

    def test_a_private_question_joins_the_choices(self):
        client = self.client_for(self.titulaire)
        form = {
            "type": "choix_multiples",
            "text": "Où ranger la clé du local serveur ?",
            "option_1": "Dans le tiroir de l'accueil",
            "option_2": "Dans le coffre",
            "correct_2": "on",
            "option_3": "Chez le titulaire",
            "correct_3": "on",
            "explanation": "Un lieu fermé, connu de peu de personnes.",
            "theme": "rgpd",
            "source": "Règlement intérieur du cabinet",
        }
        # One right answer is not a multiple choice: refused, nothing kept.
        response = client.post(self.url("question_new"), {**form, "correct_3": ""})
        self.assertContains(response, "au moins deux réponses justes", status_code=400)
        self.assertRedirects(client.post(self.url("question_new"), form), self.url("compose"))
        question = self.org.quiz_questions.get()
        self.assertEqual([o["correct"] for o in question.options], [False, True, True])
        self.assertContains(client.get(self.url("compose")), f'value="org:{question.pk}"')
        # Another organisation never sees it.
        self.assertEqual(engine.questions_for([f"org:{question.pk}"], self.other_org), [])

    def test_keys_and_pins_in_other_scripts_name_nothing(self):
        # int() reads « ² » and « ٣ »; a stored key or a typed PIN never holds them.
        self.assertEqual(engine.questions_for(["org:²", "org:٣", "org:-1"], self.org), [])
        self.assertFalse(engine.is_pin("²²²²²²"))
        self.assertFalse(engine.is_pin("-12345"))
        self.assertTrue(engine.is_pin("012345"))
        self.assertIsNone(engine.open_game("١٢٣٤٥٦"))

    def test_a_private_true_or_false_question_needs_only_its_truth(self):
        client = self.client_for(self.titulaire)
        form = {
            "type": "vrai_faux",
            "text": "Le code de l'alarme peut être noté sous le clavier.",
            "explanation": "Un code noté à côté de ce qu'il protège ne protège plus rien.",
            "theme": "mots-de-passe",
            "source": "ANSSI, guide d'hygiène informatique",
        }
        response = client.post(self.url("question_new"), form)
        self.assertContains(response, "vraie ou fausse", status_code=400)
        self.assertFalse(self.org.quiz_questions.exists())
        # What was typed in the answers' fields is not what players see.
        response = client.post(
            self.url("question_new"),
            {**form, "truth": "faux", "option_1": "Oui", "correct_1": "on"},
        )
        self.assertRedirects(response, self.url("compose"))
        self.assertEqual(
            self.org.quiz_questions.get().options,
            [{"text": "Vrai", "correct": False}, {"text": "Faux", "correct": True}],
        )

    def test_a_choice_needs_two_answers(self):
        response = self.client_for(self.titulaire).post(
            self.url("question_new"),
            {
                "type": "choix_unique",
                "text": "Quel support pour une sauvegarde hors ligne ?",
                "option_1": "Un disque débranché après la copie",
                "correct_1": "on",
                "explanation": "Débranché, il échappe à un rançongiciel.",
                "theme": "sauvegardes",
                "source": "ANSSI",
            },
        )
        self.assertContains(response, "au moins deux réponses", status_code=400)
        self.assertFalse(self.org.quiz_questions.exists())

    def test_editing_a_quiz_keeps_its_questions_first_and_in_order(self):
        client = self.client_for(self.titulaire)
        bank = library.items("quiz-questions")
        # Two questions of a theme other than the filter's.
        theme = bank[0]["theme"]
        others = [f"bank:{q['id']}" for q in bank if q["theme"] != theme][:2]
        quiz = Quiz.objects.create(
            org=self.org, title="Accueil", questions=others, seconds=30, speed=False
        )
        page = client.get(self.url("edit", quiz.pk) + f"?theme={theme}")
        keys = [value for value, _label in page.context["form"].fields["questions"].choices]
        self.assertEqual(keys[:2], others)
        self.assertIn(f"bank:{bank[0]['id']}", keys)
        self.assertEqual(page.context["form"]["seconds"].value(), 30)
        self.assertContains(page, f'name="ordre-{others[1]}" value="2"')
        response = client.post(
            self.url("edit", quiz.pk),
            {
                "title": "Accueil des remplaçants",
                "seconds": 25,
                "question_delay": 0,
                "streak_bonus": "on",
                "questions": others,
                f"ordre-{others[1]}": "1",
                f"ordre-{others[0]}": "2",
            },
        )
        self.assertRedirects(response, self.url("home"))
        quiz.refresh_from_db()
        self.assertEqual(
            (quiz.title, quiz.questions, quiz.seconds, quiz.speed, quiz.streak_bonus),
            ("Accueil des remplaçants", others[::-1], 25, False, True),
        )
        self.assertEqual((Quiz.objects.count(), quiz.created_by), (1, None))

    def test_the_exports_figures(self):
        game = self.finished_game()
        export = self.client_for(self.titulaire).get(self.url("export", game.pk, "csv"))
        rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig")), delimiter=";"))
        first, second = game.questions
        # Right after 2 s of 20: 950 points; no answer, no mean time.
        self.assertEqual(
            rows[:3],
            [
                PLAYERS_HEADER,
                ["1", "Castor Prudent", "950", "1", "1", "2.0"],
                ["2", "Loutre Agile", "0", "0", "0", ""],
            ],
        )
        self.assertEqual(
            rows[4:],
            [
                QUESTIONS_HEADER,
                ["1", first["text"], THEMES[first["theme"]], "1", "100", "2.0"],
                ["2", second["text"], THEMES[second["theme"]], "0", "", ""],
            ],
        )

    def test_the_figures_per_question_outlive_the_players(self):
        game = self.finished_game()
        Game.objects.filter(pk=game.pk).update(created=timezone.now() - timedelta(days=31))
        engine.purge()
        page = self.client_for(self.titulaire).get(self.url("results", game.pk))
        self.assertEqual(page.context["players"], [])
        self.assertEqual(
            [(q["answers"], q["rate"], q["mean_s"]) for q in page.context["questions"]],
            [(1, 100, 2.0), (0, None, None)],
        )
        self.assertContains(page, "100 %")

    def test_every_theme_of_the_bank_has_a_label(self):
        themes = kinds()["quiz_question"]["properties"]["theme"]["enum"]
        self.assertEqual(list(THEMES), themes)
