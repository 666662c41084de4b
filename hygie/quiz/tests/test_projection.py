"""The projector's show: its page, and what the scores screen needs that the
host's screen did not (each player's movement since the previous question)."""

from __future__ import annotations

from datetime import timedelta

from django.test import Client, SimpleTestCase

from hygie.quiz import engine
from hygie.quiz.models import Game, Phase
from hygie.quiz.tests.base import LiveBase


class RankAmongTests(SimpleTestCase):
    def test_rank_among_scores(self):
        cases = [
            # score, all scores, rank (ties share a rank, as in engine.ranking)
            (300, [100, 200, 300, 300], 1),
            (200, [100, 200, 300, 300], 3),
            (100, [100, 200, 300, 300], 4),
            (0, [0, 0, 0], 1),
            (50, [], 1),
        ]
        for score, scores, rank in cases:
            with self.subTest(score=score, scores=scores):
                self.assertEqual(engine.rank_among(score, sorted(scores)), rank)


class MovementTests(LiveBase):
    def play(self, game, answers):
        """The next question, its answers [(player, choices, seconds)], its reveal."""
        game = engine.due(game, game.phase_ends_at)
        self.assertEqual(game.phase, Phase.ANSWERING)
        engine.record_answers(
            game.pk,
            [(p.pk, game.index, c, game.options_at + timedelta(seconds=s)) for p, c, s in answers],
        )
        return engine.close_answers(game)

    def test_the_scores_say_who_moved_up_and_down(self):
        game = self.game()
        lynx, heron, panda = (engine.join(game, n) for n in ("Lynx", "Héron", "Panda"))
        game = engine.start(game)
        game = self.play(game, [(lynx, [1], 1), (heron, [1], 10), (panda, [0], 1)])
        game = engine.next_step(game)
        first = engine.state(game)
        self.assertEqual([r["pseudonym"] for r in first["top"]], ["Lynx", "Héron", "Panda"])
        self.assertNotIn("moved", first["top"][0])  # nothing to compare with yet
        game = engine.next_step(game)  # the second question is announced
        game = self.play(game, [(panda, [0, 2], 0), (lynx, [1], 1), (heron, [0, 2], 15)])
        # The scores screen of the second question (the last one goes to the
        # podium: the phase is set here as after a third question).
        Game.objects.filter(pk=game.pk).update(phase=Phase.SCORES)
        game.refresh_from_db()
        rows = engine.state(game)["top"]
        self.assertEqual(
            [(r["pseudonym"], r["rank"], r["moved"]) for r in rows],
            [("Héron", 1, 1), ("Panda", 2, 1), ("Lynx", 3, -2)],
        )


class ProjectionPageTests(LiveBase):
    def test_the_show_has_nothing_of_the_application_around_it(self):
        game = self.game()
        client = Client()
        client.force_login(self.host_user)
        base = f"/o/{self.org.code}/quiz/parties/{game.pk}/"
        page = client.get(base + "projection/")
        self.assertEqual(page.status_code, 200)
        html = page.content.decode()
        self.assertIn(game.pin, html)
        self.assertIn("hygie/quiz-show.js", html)
        for chrome in ("site-header", "site-footer", "org-nav", "Signaler un incident", "Retirer"):
            self.assertNotIn(chrome, html)
        # Opened from the host's screen.
        self.assertIn(base + "projection/", client.get(base).content.decode())
