"""A cyberquiz in Chromium: the host's projector page and two players' phones,
over Hygie's ASGI application served by uvicorn (pages and WebSockets).

Every page along the way must raise no JavaScript error and no
Content-Security-Policy violation.
"""

from __future__ import annotations

import re

from django.test import override_settings
from playwright.sync_api import expect

from hygie.quiz.tests.browser import QuizBrowserTestCase
from hygie.tests.base import PASSWORD


@override_settings(QUIZ_ANNOUNCE_SECONDS=0.3)
class QuizBrowserTests(QuizBrowserTestCase):
    def test_a_game_with_a_host_and_two_players(self) -> None:
        host = self.new_page("Anne")
        host.goto(self.live_server_url + "/connexion/")
        host.get_by_label("Adresse e-mail", exact=True).fill("anne@grades.example")
        host.get_by_label("Mot de passe", exact=True).fill(PASSWORD)
        host.get_by_role("button", name="Se connecter").click()
        expect(host.get_by_role("heading", level=1)).to_have_text("GRADeS Exemple")
        host.goto(f"{self.live_server_url}/o/{self.org.code}/quiz/parties/{self.game.pk}/")
        expect(host.get_by_label("Code de la partie")).to_have_text(self.game.pin)

        claire = self.join("Claire", None)
        paul = self.join("Paul", "Paul du 33")
        expect(host.locator("#players li")).to_have_count(2)
        expect(host.locator("#players")).to_contain_text("Paul du 33")

        # Question 1: the type announced, the question alone, then the options.
        host.get_by_role("button", name="Commencer la partie").click()
        expect(claire.locator("#type-label")).to_have_text("Vrai ou faux")
        expect(host.locator("#question-text")).to_have_text(
            "Un mot de passe de 8 caractères suffit-il ?"
        )
        claire.get_by_role("button", name="Faux").click()
        expect(claire.locator("#feedback")).to_contain_text("Réponse enregistrée")
        expect(host.locator("#answered")).to_have_text("1")
        paul.get_by_role("button", name="Vrai").click()

        # Everyone has answered: the reveal, on every screen.
        expect(host.locator("#explanation")).to_have_text(
            "Douze caractères au moins, ou une phrase de passe."
        )
        expect(claire.locator("#feedback")).to_contain_text(
            re.compile(r"Bonne réponse ! \+\d+ points")
        )
        expect(paul.locator("#feedback")).to_contain_text("Raté")
        host.get_by_role("button", name="Suivant").click()
        expect(host.locator("#top li").first).to_contain_text(
            claire.locator("#me-name").inner_text()
        )
        # « 1er · Claire… », never « 1. 1. Claire… »: the list's numbers are hidden.
        expect(host.locator("#top li").first).to_contain_text("1er · ")
        self.assertEqual(
            host.locator("#top").evaluate("e => getComputedStyle(e).listStyleType"), "none"
        )

        # Question 2, several answers: tick, then validate.
        host.get_by_role("button", name="Question suivante").click()
        expect(paul.locator("#type-label")).to_have_text("Plusieurs bonnes réponses possibles")
        paul.get_by_role("button", name="Débrancher le réseau").click()
        paul.get_by_role("button", name="Laisser allumé").click()
        paul.get_by_role("button", name="Valider").click()
        expect(paul.locator("#feedback")).to_contain_text("Réponse enregistrée")
        claire.get_by_role("button", name="Payer").click()
        claire.get_by_role("button", name="Valider").click()
        expect(paul.locator("#feedback")).to_contain_text("Bonne réponse")
        expect(claire.locator("#feedback")).to_contain_text("Raté")

        host.get_by_role("button", name="Suivant").click()
        expect(host.get_by_role("heading", name="Podium")).to_be_visible()
        expect(host.locator("#top li")).to_have_count(2)
        expect(claire.locator("#final")).to_contain_text("sur 2")
        expect(paul.locator("#final")).to_contain_text("Votre score")

        self.assertNoProblems()
