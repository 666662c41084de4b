"""A cyberquiz in Chromium: the host's projector page and two players' phones,
over Hygie's ASGI application served by uvicorn (pages and WebSockets).

Every page along the way must raise no JavaScript error and no
Content-Security-Policy violation.
"""

from __future__ import annotations

import re

from django.test import override_settings
from playwright.sync_api import Page, expect

from hygie.orgs.models import Kind, Membership, Organisation
from hygie.orgs.roles import Role
from hygie.quiz import engine
from hygie.quiz.models import OrgQuestion
from hygie.tests.base import PASSWORD, make_user
from hygie.tests.browser import ASGIBrowserTestCase


def options(*texts, correct=(0,)):
    return [{"text": t, "correct": i in correct} for i, t in enumerate(texts)]


@override_settings(QUIZ_ANNOUNCE_SECONDS=0.3)
class QuizBrowserTests(ASGIBrowserTestCase):
    def setUp(self) -> None:
        super().setUp()
        org = Organisation.objects.create(name="GRADeS Exemple", kind=Kind.APPUI)
        self.anne = make_user("Anne Morel", "anne@grades.example")
        Membership.objects.create(user=self.anne, org=org, role=Role.ANIMATEUR)
        q1 = OrgQuestion.objects.create(
            org=org, type="vrai_faux", text="Un mot de passe de 8 caractères suffit-il ?",
            options=options("Vrai", "Faux", correct=(1,)),
            explanation="Douze caractères au moins, ou une phrase de passe.",
            theme="mots-de-passe", source="ANSSI",
        )  # fmt: skip
        q2 = OrgQuestion.objects.create(
            org=org, type="choix_multiples", text="Une rançon s'affiche : que faire ?",
            options=options("Débrancher le réseau", "Payer", "Laisser allumé", correct=(0, 2)),
            explanation="Isoler le poste sans l'éteindre, et ne jamais payer.",
            theme="incidents", source="Cybermalveillance.gouv.fr",
        )  # fmt: skip
        self.game = engine.create_game(
            org, title="Formation du 23 novembre", keys=[f"org:{q1.pk}", f"org:{q2.pk}"],
            host=self.anne, question_delay=1, seconds=30,
        )  # fmt: skip
        self.org = org

    def join(self, who: str, pseudonym: str | None) -> Page:
        page = self.new_page(who)
        page.goto(self.live_server_url + "/jouer/")
        page.get_by_label("Code de la partie (PIN)").fill(self.game.pin)
        page.get_by_role("button", name="Rejoindre").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Choisissez un pseudonyme")
        if pseudonym is None:
            page.locator("button[name=choice]").first.click()
        else:
            page.get_by_label("Ou votre propre pseudonyme").fill(pseudonym)
            page.get_by_role("button", name="Jouer").click()
        expect(page.get_by_text("Vous êtes dans la partie")).to_be_visible()
        return page

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
