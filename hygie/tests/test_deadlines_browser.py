"""Marking a deadline done from the list, in Chromium, with and without JavaScript."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import Page, expect

from hygie.deadlines.actions import set_deadline
from hygie.deadlines.models import Deadline, Status
from hygie.orgs.models import Kind, Membership, Organisation
from hygie.orgs.roles import Role
from hygie.tests.base import make_user
from hygie.tests.browser import BrowserTestCase


class MarkDoneTests(BrowserTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.org = Organisation.objects.create(name="Cabinet du Dr Martin", kind=Kind.CABINET)
        self.user = make_user("Claire Martin", "claire@cabinet-martin.example")
        Membership.objects.create(user=self.user, org=self.org, role=Role.TITULAIRE)
        soon = timezone.now() + timedelta(days=3)
        for title in ("Tester la sauvegarde", "Changer le mot de passe du Wi-Fi"):
            set_deadline(org=self.org, title=title, due_at=soon)

    def page(self, javascript: bool = True) -> Page:
        context = self.signed_in_context(self.user, java_script_enabled=javascript)
        page = context.new_page()
        page.goto(f"{self.live_server_url}/o/{self.org.code}/echeances/")
        return page

    def status(self, title: str) -> str:
        return Deadline.objects.get(title=title).status

    def test_the_row_changes_in_place(self) -> None:
        page = self.page()
        # Survives only if the page is not reloaded.
        page.evaluate("window.stillHere = true")
        row = page.locator("li", has_text="Tester la sauvegarde")
        row.get_by_role("button", name="Marquer comme faite").click()
        expect(page.locator("li", has_text="Tester la sauvegarde")).to_contain_text("Fait")
        self.assertTrue(page.evaluate("window.stillHere === true"))
        self.assertEqual(self.status("Tester la sauvegarde"), Status.DONE)
        self.assertEqual(self.status("Changer le mot de passe du Wi-Fi"), Status.OPEN)

        page.locator("li", has_text="Tester la sauvegarde").get_by_role(
            "button", name="Rouvrir"
        ).click()
        expect(
            page.locator("li", has_text="Tester la sauvegarde").get_by_role(
                "button", name="Marquer comme faite"
            )
        ).to_be_visible()
        self.assertEqual(self.status("Tester la sauvegarde"), Status.OPEN)

    def test_it_works_without_javascript(self) -> None:
        page = self.page(javascript=False)
        page.locator("li", has_text="Changer le mot de passe du Wi-Fi").get_by_role(
            "button", name="Marquer comme faite"
        ).click()
        expect(page.get_by_text("est marquée comme faite")).to_be_visible()
        self.assertEqual(self.status("Changer le mot de passe du Wi-Fi"), Status.DONE)
        self.assertEqual(self.status("Tester la sauvegarde"), Status.OPEN)
