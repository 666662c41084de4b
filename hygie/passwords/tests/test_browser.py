"""A card in Chromium: accessible (axe-core, WCAG 2.1 AA), no policy
violation, and printed on A4 without the site's navigation, its sources kept
and the address of every outside link written after it."""

from __future__ import annotations

import io

from pypdf import PdfReader

from hygie.tests.browser import BrowserTestCase
from hygie.tests.test_accessibility import AXE, PHONE, RUN_AXE, WCAG_21_AA

AFTER = "(a) => getComputedStyle(a, '::after').content"
SHOWN = "(e) => getComputedStyle(e).display"
CARD = "/outils/mot-de-passe/fiches/gestionnaire/"


class CardBrowserTests(BrowserTestCase):
    def test_a_card_passes_the_accessibility_audit_on_a_computer_and_a_phone(self):
        for viewport in (None, PHONE):
            with self.subTest(viewport=viewport):
                # axe-core is injected inline: this context lets it run.
                context = self.browser.new_context(locale="fr-FR", bypass_csp=True)
                page = context.new_page()
                if viewport:
                    page.set_viewport_size(viewport)
                page.goto(self.live_server_url + "/outils/mot-de-passe/fiches/keepassxc/")
                page.add_script_tag(content=AXE)
                violations = page.evaluate(RUN_AXE, WCAG_21_AA)
                self.assertEqual([v["text"] for v in violations], [])
                context.close()

    def test_a_printed_card_keeps_its_sources_and_writes_out_its_links(self):
        page = self.new_page()
        page.goto(self.live_server_url + CARD)
        page.emulate_media(media="print")
        self.assertEqual(page.locator(".site-header").evaluate(SHOWN), "none")
        self.assertEqual(page.locator(".site-footer").evaluate(SHOWN), "none")
        self.assertEqual(page.locator("header .cluster").evaluate(SHOWN), "none")
        self.assertNotEqual(page.locator(".sheet-sources").evaluate(SHOWN), "none")
        self.assertNotEqual(page.locator(".sheet-address").evaluate(SHOWN), "none")
        # The source to check says what to check, on paper.
        self.assertNotEqual(page.locator(".unverified__check").first.evaluate(SHOWN), "none")
        link = page.locator("#outils ~ ul a[href^='http']").first
        href = link.get_attribute("href")
        self.assertEqual(link.evaluate(AFTER), f'" ({href})"')
        # Printed on the page size the stylesheet asks for: A4, 595 by 842 points.
        printed = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True, format="Letter")))
        box = printed.pages[0].mediabox
        self.assertEqual((round(box.width), round(box.height)), (595, 842))
        self.assertNoProblems()
