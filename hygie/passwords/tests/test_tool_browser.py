"""The password tool, used in Chromium.

A visitor types a weak then a strong password and sees the verdict change
as she types; checks a renewal (seed 003's Motdepasse12 → Motdepasse13);
generates a passphrase of 7 words and a password, and copies one. Every
request the page makes once loaded is recorded, beacons and WebSockets
included, with the page's own policy set aside so that only the scripts'
behaviour is judged: there must be none, and none may carry what was typed.
Without JavaScript the page explains why and gives the rules by hand. axe
audits the page on a computer's screen and on a phone's.

With HYGIE_SCREENSHOTS=<folder>, the page is saved there as desktop.png and
phone.png (the README's pictures: docs/screenshots/passwords).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from playwright.sync_api import Page, Request, WebSocket, expect

from hygie.orgs.actions import create_org
from hygie.orgs.models import Kind
from hygie.tests.base import make_user
from hygie.tests.browser import BrowserTestCase
from hygie.tests.test_accessibility import AXE, RUN_AXE, WCAG_21_AA

PUBLIC = "/outils/mot-de-passe/"
PHONE = {"width": 375, "height": 667}
DESKTOP = {"width": 1280, "height": 900}
SHOTS = os.environ.get("HYGIE_SCREENSHOTS")
WEAK = "soleil2024"
OLD = "Motdepasse12"
RENEWED = "Motdepasse13"
STRONG = "Girafe-Tempête-Velours-Cratère-Hublot-Sarment-Biscotte"
GOOD_LEVELS = re.compile(r"^(Bon|Très bon)$")


class Recorder:
    """Every request and WebSocket a page opens from now on."""

    def __init__(self, page: Page) -> None:
        self.requests: list[Request] = []
        self.sockets: list[WebSocket] = []
        # The context's requests: the page's, and a service worker's too.
        page.context.on("request", lambda request: self.requests.append(request))
        page.on("websocket", lambda socket: self.sockets.append(socket))

    def carrying(self, secrets: list[str]) -> list[str]:
        """The requests whose address, headers or body hold one of `secrets`."""
        found = []
        for request in self.requests:
            parts = [request.url, *request.all_headers().values(), request.post_data or ""]
            for secret in secrets:
                if any(secret in part for part in parts):
                    found.append(f"{request.method} {request.url} carries {secret!r}")
        return found


class PasswordToolBrowserTests(BrowserTestCase):
    def open(self, path: str = PUBLIC, *, viewport: dict | None = None) -> Page:
        # The page's policy forbids connections; set aside, it cannot hide
        # a request the scripts would attempt.
        context = self.browser.new_context(
            locale="fr-FR", bypass_csp=True, viewport=viewport or DESKTOP
        )
        page = self.watch(context.new_page())
        page.goto(self.live_server_url + path)
        page.wait_for_load_state("networkidle")
        return page

    def watch(self, page: Page) -> Page:
        """Record the page's JavaScript errors and policy violations."""
        page.on("pageerror", lambda error: self.problems.append(f"JavaScript error: {error}"))
        page.on(
            "console",
            lambda m: (
                (m.type == "error" or "Content Security Policy" in m.text)
                and self.problems.append(f"console {m.type}: {m.text}")
            ),
        )
        return page

    def verdict(self, page: Page):
        return page.locator("#pw-verdict-text .pw-level")

    def shot(self, page: Page, name: str) -> None:
        if SHOTS:
            Path(SHOTS).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)

    def audit(self, page: Page, what: str) -> list[str]:
        if not page.evaluate("typeof axe !== 'undefined'"):
            page.add_script_tag(content=AXE)
        return [f"{what}: {v['text']}" for v in page.evaluate(RUN_AXE, WCAG_21_AA)]

    def test_typing_shows_the_verdict_and_nothing_leaves_the_page(self) -> None:
        page = self.open()
        recorder = Recorder(page)
        expect(page.get_by_role("heading", name="Tester un mot de passe")).to_be_visible()
        field = page.get_by_label("Mot de passe à tester")
        expect(field).to_have_attribute("type", "password")

        field.press_sequentially(WEAK)
        expect(self.verdict(page)).to_have_text("Insuffisant")
        expect(page.locator("#pw-verdict-text")).to_have_attribute("aria-live", "polite")
        expect(page.locator("#pw-verdict")).to_have_attribute("data-level", "insuffisant")
        expect(page.locator("#pw-weaknesses li").first).to_be_visible()
        expect(page.locator("#pw-uses > li")).to_have_count(7)
        expect(page.locator("#pw-cases > li")).to_have_count(3)
        # Colour is never the only signal: each use says whether it fits.
        uses = page.locator("#pw-uses").inner_text()
        self.assertIn("ne convient pas", uses)
        self.assertIn("✗", uses)

        field.fill("")
        field.press_sequentially(STRONG)
        expect(self.verdict(page)).to_have_text(GOOD_LEVELS)
        expect(page.locator("#pw-case")).to_contain_text("Cas 1 atteint")
        self.assertIn("convient", page.locator("#pw-uses").inner_text())

        # « Afficher » shows it as text, « Masquer » hides it again.
        page.get_by_role("button", name="Afficher le mot de passe").click()
        expect(field).to_have_attribute("type", "text")
        page.get_by_role("button", name="Masquer le mot de passe").click()
        expect(field).to_have_attribute("type", "password")
        # Enter sends nothing: there is no form to submit.
        field.press("Enter")

        # The renewal check catches seed 003's increment.
        page.get_by_label("Ancien mot de passe").press_sequentially(OLD)
        page.get_by_label("Nouveau mot de passe").press_sequentially(RENEWED)
        renewal = page.locator("#pw-renewal")
        expect(renewal).to_have_attribute("data-similar", "true")
        expect(renewal).to_contain_text("Trop proche de l'ancien")
        page.get_by_label("Nouveau mot de passe").fill(STRONG)
        page.get_by_label("Nouveau mot de passe").press("End")
        expect(renewal).to_have_attribute("data-similar", "false")

        # A passphrase of 7 words by default.
        page.get_by_role("button", name="Générer une phrase de passe").click()
        phrase = page.locator("#pw-phrase")
        expect(phrase).not_to_be_empty()
        self.assertEqual(len(phrase.inner_text().split("-")), 7)
        expect(page.locator("#pw-phrase-info")).to_contain_text("7 mots")
        expect(page.locator("#pw-phrase-info")).to_contain_text("bits")
        generated = [phrase.inner_text()]
        # « Copier » puts it on the clipboard…
        page.context.grant_permissions(["clipboard-read", "clipboard-write"])
        page.get_by_role("button", name="Copier la phrase de passe").click()
        expect(page.locator("#pw-phrase-copied")).to_have_text(
            "Copié. Collez-le dans votre gestionnaire de mots de passe."
        )
        expect(page.locator("#pw-phrase-info")).to_contain_text("7 mots")
        self.assertEqual(page.evaluate("navigator.clipboard.readText()"), generated[0])

        page.get_by_role("button", name="Générer un mot de passe").click()
        random = page.locator("#pw-random")
        expect(random).not_to_be_empty()
        self.assertEqual(len(random.inner_text()), 16)
        generated.append(random.inner_text())
        # … or, in a browser without the clipboard's API (a page served over
        # plain HTTP), selects the text and says how to copy it.
        page.evaluate("Object.defineProperty(navigator, 'clipboard', {value: undefined})")
        page.get_by_role("button", name="Copier le mot de passe").click()
        expect(page.locator("#pw-random-copied")).to_contain_text("le texte est sélectionné")
        self.assertEqual(page.evaluate("String(window.getSelection())"), generated[1])
        # An impossible policy gets a French error, not a crash.
        for kind in ("Minuscules", "Majuscules", "Chiffres", "Caractères spéciaux"):
            page.get_by_label(kind, exact=True).uncheck()
        page.get_by_role("button", name="Générer un mot de passe").click()
        expect(page.locator("#pw-random-info")).to_have_class("small pw-error")
        expect(page.locator("#pw-random-box")).to_be_hidden()

        # Nothing at all was requested while typing and generating.
        self.assertEqual(
            [f"{r.method} {r.url}" for r in recorder.requests], [], "requests after loading"
        )
        self.assertEqual([s.url for s in recorder.sockets], [])
        self.assertNoProblems()
        # The recorder does see a beacon, had a script sent one.
        with page.expect_request("**/balise-de-controle/"):
            page.evaluate("navigator.sendBeacon('/balise-de-controle/', 'sonde')")
        self.assertEqual(
            [r.url.removeprefix(self.live_server_url) for r in recorder.requests],
            ["/balise-de-controle/"],
        )
        # (The probe's 404 is logged in the console: the problems were checked before.)
        self.assertEqual(recorder.carrying([WEAK, OLD, RENEWED, STRONG, *generated]), [])

    def test_a_member_is_warned_of_her_own_name(self) -> None:
        claire = make_user("Claire Martin", "claire@cabinet-martin.example")
        org = create_org(name="Cabinet du Dr Martin", kind=Kind.CABINET, creator=claire)
        # The page's own policy, this time: the engine needs no eval.
        page = self.watch(self.signed_in_context(claire).new_page())
        page.goto(f"{self.live_server_url}/o/{org.code}/mots-de-passe/")
        expect(page.get_by_label("Prénom")).to_have_value("Claire")
        page.get_by_label("Mot de passe à tester").press_sequentially("Claire.Martin1975")
        expect(self.verdict(page)).to_have_text("Insuffisant")
        expect(page.locator("#pw-weaknesses")).to_contain_text("Claire")
        self.assertNoProblems()

    def test_without_javascript_the_rules_are_given_by_hand(self) -> None:
        context = self.browser.new_context(locale="fr-FR", java_script_enabled=False)
        page = context.new_page()
        page.goto(self.live_server_url + PUBLIC)
        expect(
            page.get_by_role("heading", name="Sans JavaScript, le test ne peut pas se faire")
        ).to_be_visible()
        rules = page.locator(".pw-noscript")
        expect(rules).to_be_visible()
        expect(rules).to_contain_text("au moins 12 caractères mêlant les quatre sortes")
        expect(rules.get_by_role("link", name="Les fiches")).to_be_visible()
        expect(page.locator("#pw-tools")).to_be_hidden()
        expect(page.get_by_label("Mot de passe à tester")).to_be_hidden()
        expect(page.get_by_role("heading", name="Comprendre les règles")).to_be_visible()

    def test_the_page_is_accessible_on_a_screen_and_a_phone(self) -> None:
        violations: list[str] = []
        for name, viewport in [("desktop", DESKTOP), ("phone", PHONE)]:
            page = self.open(viewport=viewport)
            violations += self.audit(page, f"{name}, empty")
            page.get_by_label("Mot de passe à tester").press_sequentially(WEAK)
            expect(self.verdict(page)).to_have_text("Insuffisant")
            page.get_by_role("button", name="Générer une phrase de passe").click()
            expect(page.locator("#pw-phrase")).not_to_be_empty()
            page.get_by_role("button", name="Générer un mot de passe").click()
            expect(page.locator("#pw-random")).not_to_be_empty()
            page.get_by_label("Ancien mot de passe").press_sequentially(OLD)
            page.get_by_label("Nouveau mot de passe").press_sequentially(RENEWED)
            expect(page.locator("#pw-renewal")).to_have_attribute("data-similar", "true")
            violations += self.audit(page, f"{name}, with results")
            self.shot(page, name)
        self.assertEqual(violations, [])
        self.assertNoProblems()
