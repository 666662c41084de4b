"""The cyberquiz's show on a 1280 by 720 projector, in Chromium: a real game
driven by two phones, each phase's own screen, the podium's order, reduced
motion, and axe's audit of every screen. Nothing of the application around it.

With HYGIE_SCREENSHOTS=<folder> (as the phone's test) it also writes each
phase's picture there; docs/screenshots/quiz holds the ones the README shows.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from django.test import override_settings
from playwright.sync_api import Page, expect

from hygie.quiz import engine
from hygie.quiz.tests.browser import QuizBrowserTestCase
from hygie.tests.test_accessibility import AXE, RUN_AXE, WCAG_21_AA

PROJECTOR = {"width": 1280, "height": 720}
SETTLED = """() => document.getAnimations()
  .filter(a => a instanceof CSSAnimation && a.playState === "running").length === 0"""


@override_settings(QUIZ_ANNOUNCE_SECONDS=4)
class QuizShowBrowserTests(QuizBrowserTestCase):
    question_delay = 4
    seconds = 60
    q1_source = "ANSSI, recommandations sur les mots de passe"

    def setUp(self) -> None:
        super().setUp()
        self.violations: list[str] = []
        shots = os.environ.get("HYGIE_SCREENSHOTS")
        self.pictures = Path(shots) if shots else None

    def show(self, *, audit: bool) -> Page:
        # The audited page gets axe injected, which its policy forbids: the
        # other one keeps the policy, and its violations are reported.
        context = self.signed_in_context(self.anne, viewport=PROJECTOR, bypass_csp=audit)
        page = context.new_page()
        if not audit:
            page.on("console", lambda m: m.type == "error" and self.problems.append(m.text))
            page.on("pageerror", lambda e: self.problems.append(str(e)))
        page.goto(
            f"{self.live_server_url}/o/{self.org.code}/quiz/parties/{self.game.pk}/projection/"
        )
        return page

    def phase(self, show: Page, audited: Page, phase: str) -> None:
        """Both show pages reach `phase`; audit one, photograph the other."""
        expect(show.locator("body")).to_have_attribute("data-current", phase)
        expect(audited.locator("body")).to_have_attribute("data-current", phase)
        if self.pictures:
            self.pictures.mkdir(parents=True, exist_ok=True)
            show.wait_for_function(SETTLED)
            show.screenshot(path=str(self.pictures / f"projection-{phase}.png"))
        # Contrast is measured once the screen's short animations are over.
        audited.wait_for_function(SETTLED)
        if not audited.evaluate("typeof axe !== 'undefined'"):
            audited.add_script_tag(content=AXE)
        found = audited.evaluate(RUN_AXE, WCAG_21_AA)
        self.violations += [f"{phase}: {v['text']}" for v in found]

    def test_the_show_on_the_projector(self) -> None:
        show = self.show(audit=False)
        audited = self.show(audit=True)

        # Nothing but the show: no menus, no footer, no incident button, no « Retirer ».
        self.assertEqual(show.locator("header, footer, .org-nav, .site-header").count(), 0)
        expect(show.get_by_text("Signaler un incident")).to_have_count(0)
        expect(show.get_by_label("Code de la partie")).to_have_text(self.game.pin)
        expect(show.get_by_role("img", name="QR code vers")).to_be_visible()

        claire = self.join("Claire", "Claire du 33")
        paul = self.join("Paul", "Paul du 64")
        engine.join(self.game, "Rémi Sans Téléphone")  # a third player who never answers
        expect(show.locator("#show-players li")).to_have_count(3)
        expect(show.locator("#show-players")).to_contain_text("Paul du 64")
        expect(show.get_by_role("button", name="Retirer")).to_have_count(0)
        self.phase(show, audited, "lobby")

        # Full screen with the F key, and back.
        show.keyboard.press("f")
        expect(show.locator("#show-fullscreen")).to_have_attribute("aria-pressed", "true")
        show.keyboard.press("f")
        expect(show.locator("#show-fullscreen")).to_have_attribute("aria-pressed", "false")

        # The host's bar, by keyboard: focus « Commencer » and press Enter.
        show.get_by_role("button", name="Commencer").focus()
        show.keyboard.press("Enter")
        self.phase(show, audited, "announce")
        expect(show.locator("#show-announce-number")).to_have_text("Question 1 sur 2")
        expect(show.locator("#show-announce-type")).to_have_text("Vrai ou faux")

        self.phase(show, audited, "question")
        question = show.locator("#show-question-text")
        expect(question).to_have_text("Un mot de passe de 8 caractères suffit-il ?")
        size = question.evaluate("el => parseFloat(getComputedStyle(el).fontSize)")
        self.assertGreaterEqual(size, 48)
        expect(show.locator("#show-options")).to_be_hidden()

        self.phase(show, audited, "answering")
        expect(show.locator("#show-options li")).to_have_count(2)
        expect(show.locator("#show-timer")).to_have_text(re.compile(r"^\d+$"))
        claire.get_by_role("button", name="Faux").click()
        expect(show.locator(".show-answered")).to_have_text("1 / 3 ont répondu")
        # Short animations, off when the room's computer asks for less motion.
        option = show.locator("#show-options li").first
        self.assertNotEqual(option.evaluate("el => getComputedStyle(el).animationName"), "none")
        show.emulate_media(reduced_motion="reduce")
        self.assertEqual(option.evaluate("el => getComputedStyle(el).animationName"), "none")
        show.emulate_media(reduced_motion="no-preference")
        paul.get_by_role("button", name="Vrai").click()
        show.get_by_role("button", name="Clore les réponses").click()

        self.phase(show, audited, "reveal")
        right = show.locator(".show-option--right")
        expect(right).to_have_count(1)
        expect(right).to_contain_text("Faux")
        expect(right).to_contain_text("✔ Bonne réponse")  # not by colour alone
        expect(right).to_contain_text("1 réponse")
        expect(show.locator(".show-option--wrong")).to_contain_text("1 réponse")
        expect(show.locator("#show-explanation")).to_have_text(
            "Douze caractères au moins, ou une phrase de passe."
        )
        expect(show.locator("#show-source")).to_have_text(
            "Source : ANSSI, recommandations sur les mots de passe"
        )
        show.get_by_role("button", name="Passer à la suite").click()

        self.phase(show, audited, "scores")
        rows = show.locator("#show-top li")
        expect(rows).to_have_count(3)
        expect(rows.first).to_contain_text("Claire du 33")
        expect(rows.first).to_contain_text("1er")
        show.get_by_role("button", name="Passer à la suite").click()

        # Question 2: Paul ticks one of its two right options, so earns at most
        # half its points (500) whatever his speed, Claire answers wrong: she
        # stays ahead with question 1's 500 or more; Rémi stays third.
        self.phase(show, audited, "answering")
        expect(show.locator("#show-options li")).to_have_count(4)
        paul.get_by_role("button", name="Débrancher le réseau").click()
        paul.get_by_role("button", name="Valider").click()
        claire.get_by_role("button", name="Payer").click()
        claire.get_by_role("button", name="Valider").click()
        show.get_by_role("button", name="Clore les réponses").click()
        self.phase(show, audited, "reveal")
        expect(show.locator(".show-option--right")).to_have_count(2)
        show.get_by_role("button", name="Passer à la suite").click()

        # The podium: third, then second, then first; shown as second, first, third.
        expect(show.locator("body")).to_have_attribute("data-current", "podium")
        steps = show.locator("#show-podium li")
        expect(steps).to_have_count(3)
        self.assertEqual(
            steps.evaluate_all("els => els.map(e => e.dataset.place)"), ["2", "1", "3"]
        )
        first = show.locator('[data-place="1"]')
        third = show.locator('[data-place="3"]')
        expect(third).to_have_class(re.compile(r"\bshow-step--shown\b"))
        expect(first).to_have_class(re.compile(r"\bshow-step--waiting\b"))
        expect(first).to_have_class(re.compile(r"\bshow-step--shown\b"))
        expect(first).to_contain_text("Claire du 33")
        expect(show.locator('[data-place="2"]')).to_contain_text("Paul du 64")
        expect(third).to_contain_text("Rémi Sans Téléphone")
        self.phase(show, audited, "podium")
        expect(show.get_by_role("link", name="Voir les résultats")).to_be_visible()
        # With reduced motion, the three appear at once, without waiting.
        audited.emulate_media(reduced_motion="reduce")
        audited.reload()
        expect(audited.locator(".show-step--shown")).to_have_count(3)
        expect(audited.locator(".show-step--waiting")).to_have_count(0)

        self.maxDiff = None
        self.assertEqual(self.violations, [])
        self.assertNoProblems()

    def test_the_sound_theme(self) -> None:
        """Off by default and silent: no AudioContext until the host switches the
        sound on; then each cue plays, and the choice survives a reload."""
        game = self.game
        game.questions = game.questions[:1]
        game.question_delay, game.seconds = 1, 5
        game.save()
        context = self.signed_in_context(self.anne, viewport=PROJECTOR)
        # Counts the AudioContexts the page creates (the real one, subclassed).
        context.add_init_script(
            "window.contexts = 0; const Real = window.AudioContext;"
            "window.AudioContext = class extends Real {"
            " constructor(...a) { super(...a); window.contexts += 1; } };"
        )
        show = context.new_page()
        show.on("console", lambda m: m.type == "error" and self.problems.append(m.text))
        show.on("pageerror", lambda e: self.problems.append(str(e)))
        show.goto(f"{self.live_server_url}/o/{self.org.code}/quiz/parties/{game.pk}/projection/")
        sound = show.locator("#show-sound")
        body = show.locator("body")
        expect(sound).to_have_text("Son : désactivé")
        expect(sound).to_have_attribute("aria-pressed", "false")
        expect(body).to_have_attribute("data-son", "inactif")
        expect(body).to_have_attribute("data-current", "lobby")
        self.join("Claire", "Claire du 33")
        expect(show.locator("#show-players li")).to_have_count(1)
        self.assertEqual(show.evaluate("window.contexts"), 0)
        self.assertIsNone(body.get_attribute("data-son-cue"))

        # On by keyboard, from the host's bar.
        sound.focus()
        show.keyboard.press("Enter")
        expect(sound).to_have_attribute("aria-pressed", "true")
        expect(sound).to_have_text("Son : activé")
        expect(body).to_have_attribute("data-son", "actif")
        self.assertEqual(show.evaluate("window.contexts"), 1)
        self.join("Paul", "Paul du 64")
        expect(body).to_have_attribute("data-son-cue", "join")

        # Remembered: on after a reload, waiting for the host's first gesture.
        show.reload()
        expect(sound).to_have_attribute("aria-pressed", "true")
        expect(body).to_have_attribute("data-son", "attente")
        self.assertEqual(show.evaluate("window.contexts"), 0)
        show.get_by_role("button", name="Commencer").click()
        expect(body).to_have_attribute("data-son", "actif")
        expect(body).to_have_attribute("data-son-cue", "answering", timeout=10_000)
        expect(body).to_have_attribute("data-son-cue", "tick", timeout=5_000)
        expect(body).to_have_attribute("data-son-cue", "reveal", timeout=5_000)
        show.get_by_role("button", name="Passer à la suite").click()
        expect(body).to_have_attribute("data-current", "podium")
        expect(body).to_have_attribute("data-son-cue", "podium")

        # Off again, and forgotten.
        sound.click()
        expect(sound).to_have_attribute("aria-pressed", "false")
        expect(body).to_have_attribute("data-son", "inactif")
        show.reload()
        expect(sound).to_have_text("Son : désactivé")
        self.assertNoProblems()
