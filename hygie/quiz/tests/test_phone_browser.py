"""The cyberquiz on two phones (390 by 844 pixels) in Chromium, against the host's
page, over Hygie's ASGI application: each phase's phone screen, no heading of
the previous question between questions, the rank in French (« 1er », « 2e »),
a reload mid-question back on the question, the wait animation still under
prefers-reduced-motion, and axe-core's audit of every phone screen.

With HYGIE_SCREENSHOTS=<folder>, the phone screens are saved there as
phone-<phase>.png (the README's pictures: docs/screenshots/quiz).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from django.test import override_settings
from playwright.sync_api import Page, expect

from hygie.quiz.tests.browser import Q1, QuizBrowserTestCase
from hygie.tests.test_accessibility import AXE, RUN_AXE, WCAG_21_AA

PHONE = {"width": 390, "height": 844}
SHOTS = os.environ.get("HYGIE_SCREENSHOTS")


@override_settings(QUIZ_ANNOUNCE_SECONDS=2)
class PhoneBrowserTests(QuizBrowserTestCase):
    question_delay = 2
    seconds = 60

    def setUp(self) -> None:
        super().setUp()
        self.violations: list[str] = []

    def phone(self, who: str, pseudonym: str) -> Page:
        return self.join(who, pseudonym, viewport=PHONE)

    def audit(self, page: Page, what: str) -> None:
        # Evaluated by the browser's debugger, which the page's policy does not govern.
        if not page.evaluate("typeof axe !== 'undefined'"):
            page.evaluate(AXE)
        found = page.evaluate(RUN_AXE, WCAG_21_AA)
        self.violations += [f"{what}: {v['text']}" for v in found]

    def shot(self, page: Page, name: str) -> None:
        if SHOTS:
            Path(SHOTS).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(Path(SHOTS) / f"phone-{name}.png"), full_page=True)

    def headings(self, page: Page):
        return page.locator("h1:visible")

    def test_the_phone_through_a_whole_game(self) -> None:
        host = self.signed_in_context(self.anne).new_page()
        host.goto(f"{self.live_server_url}/o/{self.org.code}/quiz/parties/{self.game.pk}/")
        claire = self.phone("Claire", "Claire du 33")
        paul = self.phone("Paul", "Paul du 64")
        # The game alone: nothing of the site's header and footer.
        expect(claire.locator(".site-header, .site-footer")).to_have_count(0)
        expect(claire.locator(".phone-bar")).to_contain_text("Claire du 33")
        expect(claire.locator(".phone-bar")).to_contain_text("0 point")
        self.audit(claire, "lobby")
        self.shot(claire, "lobby")

        # The announce: the type, the question's number, no question yet.
        host.locator("[data-action=start]").click()
        expect(self.headings(claire)).to_have_text(["Vrai ou faux"])
        expect(claire.locator("#announce-progress")).to_have_text("Question 1 sur 2")
        self.audit(claire, "announce")
        self.shot(claire, "announce")
        # The question alone, then the answers.
        expect(self.headings(claire)).to_have_text([Q1])
        expect(claire.locator("#options button")).to_have_count(0)
        self.shot(claire, "question")
        expect(claire.get_by_role("button", name="Faux")).to_be_visible()
        self.audit(claire, "answering")
        self.shot(claire, "answering")
        claire.get_by_role("button", name="Faux").click()
        expect(claire.locator("#feedback")).to_have_text(
            "Réponse enregistrée. Attendez la correction…"
        )
        expect(claire.locator("#waiting")).to_be_visible()
        self.shot(claire, "answered")
        # The wait animation stops for those who ask for less motion.
        claire.emulate_media(reduced_motion="reduce")
        self.assertEqual(
            claire.evaluate(
                "getComputedStyle(document.querySelector('#waiting span')).animationName"
            ),
            "none",
        )
        claire.emulate_media(reduced_motion="no-preference")

        # Paul reloads mid-question: straight back to it, buttons and all.
        paul.reload()
        expect(self.headings(paul)).to_have_text([Q1])
        paul.get_by_role("button", name="Vrai").click()

        # The reveal: right or wrong, the right answer, points, streak, rank.
        expect(claire.locator("#feedback")).to_contain_text(re.compile(r"Bonne réponse ! \+\d+"))
        expect(claire.locator("#right-answer")).to_have_text("La bonne réponse : Faux")
        expect(claire.locator("#rank")).to_have_text("1er sur 2")
        expect(claire.locator("#gap")).to_have_text("· En tête !")
        expect(claire.locator("#streak")).to_have_text("1 bonne réponse d'affilée")
        expect(claire.locator("#source")).to_have_text("Source : ANSSI")
        expect(paul.locator("#feedback")).to_have_text("Raté")
        expect(paul.locator("#right-answer")).to_have_text("La bonne réponse : Faux")
        expect(paul.locator("#rank")).to_have_text("2e sur 2")
        expect(paul.locator("#gap")).to_contain_text(
            re.compile(r"À \d+ points du joueur devant vous")
        )
        expect(paul.locator("#won")).to_have_text("0 point")
        self.audit(claire, "reveal, right")
        self.audit(paul, "reveal, wrong")
        self.shot(claire, "reveal-right")
        self.shot(paul, "reveal-wrong")

        # The scores: the rank, and no question's heading left.
        host.locator("[data-action=next]:visible").click()
        expect(self.headings(paul)).to_have_text(["Votre classement"])
        expect(paul.locator("#scores-rank")).to_have_text("2e sur 2")
        expect(paul.get_by_role("heading", name=Q1)).to_have_count(0)
        self.audit(paul, "scores")
        self.shot(paul, "scores")

        # Question 2: its announce, never the first question's heading.
        host.locator("[data-action=next]:visible").click()
        expect(self.headings(paul)).to_have_text(["Plusieurs bonnes réponses possibles"])
        expect(paul.get_by_role("heading", name=Q1)).to_have_count(0)
        expect(paul.locator("#feedback")).to_have_text("")
        expect(paul.locator("#question-text")).to_have_text("")
        paul.get_by_role("button", name="Débrancher le réseau").click()
        paul.get_by_role("button", name="Laisser allumé").click()
        paul.get_by_role("button", name="Valider").click()
        expect(paul.locator("#feedback")).to_contain_text("Réponse enregistrée")
        # Half of the right answers: half the points, Claire stays ahead.
        claire.get_by_role("button", name="Débrancher le réseau").click()
        claire.get_by_role("button", name="Valider").click()
        expect(claire.locator("#feedback")).to_contain_text("En partie juste")
        expect(paul.locator("#right-answer")).to_have_text(
            "Les bonnes réponses : Débrancher le réseau, Laisser allumé"
        )
        expect(paul.locator("#streak")).to_have_text("1 bonne réponse d'affilée")

        # The podium: final rank, the top, each question to review.
        host.locator("[data-action=next]:visible").click()
        expect(claire.locator("#final-rank")).to_have_text("1er sur 2")
        expect(paul.locator("#final-rank")).to_have_text("2e sur 2")
        expect(paul.locator("#podium li")).to_have_count(2)
        expect(paul.locator("#podium li").first).to_contain_text("1er : Claire du 33")
        expect(paul.locator("#podium li").nth(1)).to_contain_text("2e : Paul du 64")
        expect(paul.locator("#review > li")).to_have_count(2)
        expect(paul.locator("#review > li").first).to_contain_text("Bonne réponse : Faux")
        expect(paul.locator("#review > li").nth(1)).to_contain_text(
            "Source : Cybermalveillance.gouv.fr"
        )
        self.audit(paul, "podium")
        self.shot(paul, "podium")

        self.assertEqual(self.violations, [])
        self.assertNoProblems()
