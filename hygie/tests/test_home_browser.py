"""The home page in Chromium, on a desktop and on a phone: the 72-hour legal
clock is the first thing to do, red, with its hours left, and its legal
citation is folded so that no title is squeezed beside it."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import Page, expect

from hygie.deadlines.actions import set_deadline
from hygie.orgs.actions import create_org
from hygie.orgs.models import Kind
from hygie.tests.base import PASSWORD, make_user
from hygie.tests.browser import BrowserTestCase

DESKTOP, PHONE = 1280, 375


class HomePriorityTests(BrowserTestCase):
    def setUp(self) -> None:
        super().setUp()
        claire = make_user("Claire Martin", "claire@cabinet-martin.example")
        self.org = create_org(name="Cabinet du Dr Martin", kind=Kind.CABINET, creator=claire)
        now = timezone.now()
        set_deadline(
            org=self.org,
            title="Mettre à jour la liste des personnes ayant accès au logiciel du cabinet",
            due_at=now - timedelta(days=2),
        )
        set_deadline(
            org=self.org,
            title="Tester la restauration de la sauvegarde du poste d'accueil",
            due_at=now + timedelta(days=4),
        )
        set_deadline(
            org=self.org,
            title="Déposer plainte (condition de l'indemnisation par l'assurance) (Incident n° 1)",
            due_at=now + timedelta(hours=31, minutes=30),
            rule="assurance-plainte-72h",
        )

    def home(self, width: int) -> Page:
        page = self.new_page(f"{width} px")
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(self.live_server_url + "/connexion/")
        page.get_by_label("Adresse e-mail", exact=True).fill("claire@cabinet-martin.example")
        page.get_by_label("Mot de passe", exact=True).fill(PASSWORD)
        page.get_by_role("button", name="Se connecter").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Cabinet du Dr Martin")
        return page

    def test_the_legal_clock_is_first_red_and_its_title_keeps_the_width(self) -> None:
        for width in (DESKTOP, PHONE):
            with self.subTest(width=width):
                page = self.home(width)
                items = page.get_by_role("region", name="À faire en priorité").locator(
                    "li.deadline"
                )
                expect(items.first).to_contain_text("Déposer plainte")
                expect(items.nth(1)).to_contain_text("Mettre à jour la liste")
                badge = items.first.locator(".badge")
                expect(badge).to_have_text("Délai légal : reste 31 h")
                # Red (the danger colour), not the amber of routine work.
                self.assertEqual(
                    badge.evaluate("e => getComputedStyle(e).backgroundColor"),
                    "rgb(168, 34, 27)",
                )
                # The citation is folded: one line to open, not a column beside the title.
                citation = items.first.locator("details")
                expect(citation.get_by_text("Code des assurances")).to_be_hidden()
                title = items.first.locator(".deadline__title").bounding_box()
                row = items.first.bounding_box()
                self.assertGreater(title["width"], 0.9 * row["width"])
                citation.locator("summary").click()
                expect(citation.get_by_text("Code des assurances")).to_be_visible()
                page.context.close()
        self.assertNoProblems()
