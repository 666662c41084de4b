"""The crisis screens on a phone (375 by 667 pixels), in Chromium.

A practitioner facing a ransom note opens /urgence/ on her phone, without
signing in: the steps come first, the sources are folded, nothing is wider
than the screen, and each number dials. Then, signed in, she ticks the
reflexes of her incident one by one: the page stays where she is.
"""

from __future__ import annotations

from django.utils import timezone
from playwright.sync_api import Page, expect

from hygie.incidents import actions
from hygie.orgs.actions import create_org
from hygie.orgs.models import Contacts, Kind
from hygie.tests.base import PASSWORD, make_user
from hygie.tests.browser import BrowserTestCase

PHONE = {"width": 375, "height": 667}

# Every text node of the page's content with a French phone number in it that
# is not inside a link: there should be none.
PLAIN_NUMBERS = """() => {
  const number = /(^|[^\\d])(0\\d( ?\\d\\d){4}|0 ?[89]\\d\\d( ?\\d{3}){2})(?!\\d)/;
  const walker = document.createTreeWalker(document.querySelector("main"), NodeFilter.SHOW_TEXT);
  const plain = [];
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (number.test(node.textContent) && !node.parentElement.closest("a[href^='tel:']")) {
      plain.push(node.textContent.trim());
    }
  }
  return plain;
}"""


class CrisisOnAPhoneTests(BrowserTestCase):
    def phone(self, who: str = "") -> Page:
        page = self.new_page(who)
        page.set_viewport_size(PHONE)
        return page

    def assertFitsTheScreen(self, page: Page) -> None:
        width = page.evaluate("document.documentElement.scrollWidth")
        self.assertLessEqual(width, PHONE["width"], f"{page.url} scrolls sideways")

    def assertOnTheFirstScreen(self, page: Page, selector: str) -> None:
        box = page.locator(selector).first.bounding_box()
        self.assertIsNotNone(box, selector)
        self.assertLessEqual(box["y"] + box["height"], PHONE["height"], f"{selector} below")

    def test_urgence_is_usable_on_a_phone(self) -> None:
        page = self.phone("a visitor")
        page.goto(self.live_server_url + "/urgence/")
        self.assertFitsTheScreen(page)
        # A number to call is on the first screen: CERT Santé, the police.
        self.assertOnTheFirstScreen(page, ".call-now a[href='tel:0972439125']")
        self.assertOnTheFirstScreen(page, ".call-now a[href='tel:17']")
        # The first step is on the first screen, its sources folded.
        first = page.locator(".emergency-steps > li").first
        expect(first).to_be_in_viewport()
        self.assertLess(first.bounding_box()["y"], PHONE["height"])
        sources = first.locator("details.sources")
        expect(sources.locator("p")).to_be_hidden()
        sources.locator("summary").click()
        expect(sources.locator("p")).to_be_visible()
        self.assertFitsTheScreen(page)
        # Every number dials.
        for href in ("tel:0972439125", "tel:0800100200", "tel:17"):
            expect(page.locator(f"a.tel[href='{href}']")).to_have_count(1)
        self.assertEqual(page.evaluate(PLAIN_NUMBERS), [])
        self.assertNoProblems()

    def test_signed_in_the_practices_own_numbers_are_on_the_first_screen(self) -> None:
        claire = make_user("Claire Martin", "claire@cabinet-martin.example")
        org = create_org(name="Cabinet du Dr Martin", kind=Kind.CABINET, creator=claire)
        Contacts.objects.create(
            org=org,
            prestataire="Info Santé 33",
            prestataire_tel="05 56 00 00 00",
            editeur="Logiciel Médical",
            editeur_tel="05 57 00 00 00",
        )
        context = self.signed_in_context(claire, viewport=PHONE)
        page = context.new_page()
        page.goto(self.live_server_url + "/urgence/")
        self.assertFitsTheScreen(page)
        self.assertOnTheFirstScreen(page, ".call-now a[href='tel:0556000000']")
        self.assertOnTheFirstScreen(page, ".call-now a[href='tel:0972439125']")
        helpers = page.get_by_role("region", name="Qui peut vous aider")
        expect(helpers).to_contain_text("Info Santé 33")
        self.assertEqual(page.evaluate(PLAIN_NUMBERS), [])

    def test_ticking_a_reflex_on_a_phone_keeps_the_page_where_it_is(self) -> None:
        claire = make_user("Claire Martin", "claire@cabinet-martin.example")
        org = create_org(name="Cabinet du Dr Martin", kind=Kind.CABINET, creator=claire)
        Contacts.objects.create(
            org=org, prestataire="Info Santé 33", prestataire_tel="05 56 00 00 00"
        )
        incident = actions.declare(
            org, kind="rancongiciel", discovered_at=timezone.now(), actor=claire
        )
        reflexes = actions.incident_type("rancongiciel")["reflexes"]

        page = self.phone("Claire")
        page.goto(self.live_server_url + "/connexion/")
        page.get_by_label("Adresse e-mail", exact=True).fill("claire@cabinet-martin.example")
        page.get_by_label("Mot de passe", exact=True).fill(PASSWORD)
        page.get_by_role("button", name="Se connecter").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Cabinet du Dr Martin")
        page.goto(f"{self.live_server_url}/o/{org.code}/incidents/{incident.pk}/")
        self.assertFitsTheScreen(page)

        # The reflexes come first, above the obligations.
        first = page.get_by_role("region", name="Les réflexes, dans l'ordre").bounding_box()
        duties = page.get_by_role("region", name="Obligations et délais").bounding_box()
        self.assertLess(first["y"], duties["y"])

        # The fifth reflex, down the page, is ticked: the page does not jump.
        reflex = reflexes[4]
        button = page.get_by_role("button", name=f"C'est fait : {reflex['text']}")
        button.scroll_into_view_if_needed()
        before = page.evaluate("window.scrollY")
        self.assertGreater(before, 0)
        button.click()
        item = page.locator(f"#reflexe-{reflex['id']}")
        expect(item.locator(".badge--ok")).to_have_text("fait")
        expect(page.locator("#chronologie-liste")).to_contain_text(reflex["done"])
        # The next reflex's button has the focus. The page is measured once it
        # has: between the swap and the focus, for a few milliseconds and no
        # frame drawn, the browser's scroll position is not yet the final one.
        expect(
            page.get_by_role("button", name=f"C'est fait : {reflexes[5]['text']}")
        ).to_be_focused()
        after = page.evaluate("window.scrollY")
        self.assertGreater(after, 0, "the page went back to its top")
        self.assertLess(abs(after - before), PHONE["height"] / 2)
        expect(item).to_be_in_viewport()

        # The practice's own contacts and the public services dial.
        expect(page.locator("a.tel[href='tel:0556000000']")).to_have_count(1)
        expect(page.locator("a.tel[href='tel:0972439125']")).to_have_count(1)
        self.assertEqual(page.evaluate(PLAIN_NUMBERS), [])
        self.assertFitsTheScreen(page)
        self.assertNoProblems()
