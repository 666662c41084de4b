"""What the cyberquiz's browser tests share: a GRADeS, its animateur Anne
Morel, a game of two questions (true or false, then several right answers),
and players joining it from /jouer/ as a phone would."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from hygie.orgs.models import Kind, Membership, Organisation
from hygie.orgs.roles import Role
from hygie.quiz import engine
from hygie.quiz.models import OrgQuestion
from hygie.quiz.tests.base import options
from hygie.tests.base import make_user
from hygie.tests.browser import ASGIBrowserTestCase

Q1 = "Un mot de passe de 8 caractères suffit-il ?"


class QuizBrowserTestCase(ASGIBrowserTestCase):
    """`self.org`, `self.anne` and `self.game`, not started."""

    question_delay = 1  # seconds between the question alone and its answers
    seconds = 30  # to answer
    q1_source = "ANSSI"

    def setUp(self) -> None:
        super().setUp()
        self.org = Organisation.objects.create(name="GRADeS Exemple", kind=Kind.APPUI)
        self.anne = make_user("Anne Morel", "anne@grades.example")
        Membership.objects.create(user=self.anne, org=self.org, role=Role.ANIMATEUR)
        q1 = OrgQuestion.objects.create(
            org=self.org, type="vrai_faux", text=Q1,
            options=options("Vrai", "Faux", correct=(1,)),
            explanation="Douze caractères au moins, ou une phrase de passe.",
            theme="mots-de-passe", source=self.q1_source,
        )  # fmt: skip
        q2 = OrgQuestion.objects.create(
            org=self.org, type="choix_multiples", text="Une rançon s'affiche : que faire ?",
            options=options("Débrancher le réseau", "Payer", "Laisser allumé", "Éteindre",
                            correct=(0, 2)),
            explanation="Isoler le poste sans l'éteindre, et ne jamais payer.",
            theme="incidents", source="Cybermalveillance.gouv.fr",
        )  # fmt: skip
        self.game = engine.create_game(
            self.org, title="Formation du 23 novembre", keys=[f"org:{q1.pk}", f"org:{q2.pk}"],
            host=self.anne, question_delay=self.question_delay, seconds=self.seconds,
        )  # fmt: skip

    def join(self, who: str, pseudonym: str | None = None, *, viewport=None) -> Page:
        """`who`'s browser in the game, under `pseudonym` (None: the first
        one proposed), its window `viewport` ({"width", "height"}) if given."""
        page = self.new_page(who)
        if viewport:
            page.set_viewport_size(viewport)
        page.goto(self.live_server_url + "/jouer/")
        page.get_by_label("Code de la partie (PIN)").fill(self.game.pin)
        page.get_by_role("button", name="Rejoindre").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Choisissez un pseudonyme")
        if pseudonym is None:
            page.locator("button[name=choice]").first.click()
        else:
            page.get_by_label("Ou votre propre pseudonyme").fill(pseudonym)
            page.get_by_role("button", name="Jouer").click()
        expect(page.get_by_role("heading", name="Vous êtes dans la partie")).to_be_visible()
        return page
