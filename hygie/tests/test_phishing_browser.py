"""Suspicious messages, clicked through in Chromium.

A visitor checks a « carte Vitale » SMS on the public page, drops an e-mail
file, and after « J'ai cliqué » is told the first steps. Claire Martin pastes
the seed's fake tax refund in her practice's page: it is « Dangereux », its
look-alike sender and the link hidden behind « Go » are marked; she answers
« J'ai cliqué sur le lien » and lands in the incident declaration, prefilled,
which she sends.

Every page along the way must raise no JavaScript error and no
Content-Security-Policy violation.
"""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from hygie.content import library
from hygie.incidents.models import Incident
from hygie.orgs.actions import create_org
from hygie.orgs.models import Kind
from hygie.phishing.models import AnalysisCount, MessageReport
from hygie.phishing.tests.base import (
    LOOK_ALIKE,
    SENDER,
    TAX_REFUND_EML,
    VITALE_SMS,
)
from hygie.tests.base import PASSWORD, make_user
from hygie.tests.browser import BrowserTestCase

VERDICT = re.compile(r"^(Dangereux|Suspect|Aucun signe d'hameçonnage trouvé)$")


class SuspiciousMessageTests(BrowserTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.claire = make_user("Claire Martin", "claire@cabinet-martin.example")
        self.org = create_org(name="Cabinet du Dr Martin", kind=Kind.CABINET, creator=self.claire)

    def heading(self, page: Page, text: str) -> None:
        expect(page.get_by_role("heading", level=1)).to_have_text(text)

    def test_a_visitor_checks_a_message_and_is_told_what_to_do_after_a_click(self) -> None:
        page = self.new_page("visiteur", form_errors=True)
        page.goto(self.live_server_url + "/")
        page.get_by_role("link", name="Analyser un message suspect").click()
        self.heading(page, "Analyser un message suspect")

        page.locator("#id_text").fill(VITALE_SMS)
        page.get_by_label("Expéditeur du SMS (facultatif)").fill("AMELI")
        page.get_by_role("button", name="Analyser le message").click()
        expect(page.locator(".verdict__label")).to_have_text(VERDICT)
        expect(page.locator(".message-text")).to_contain_text("nouvelle carte vitale")
        expect(page.get_by_text("33700").first).to_be_visible()

        # An e-mail dropped as a file, read as text: its HTML is not rendered.
        page.locator("#id_file").set_input_files(
            files=[
                {
                    "name": "impots.eml",
                    "mimeType": "message/rfc822",
                    "buffer": TAX_REFUND_EML.encode(),
                }
            ]
        )
        page.get_by_role("button", name="Analyser le message").click()
        expect(page.locator(".verdict__label")).to_have_text(VERDICT)
        expect(page.locator(".message-view")).to_contain_text(SENDER)
        expect(page.locator(".message-view a")).to_have_count(0)
        self.assertEqual(sum(c.count for c in AnalysisCount.objects.all()), 2)
        self.assertFalse(MessageReport.objects.exists())

        page.get_by_role("link", name="J'ai cliqué sur le lien").click()
        self.heading(page, "J'ai cliqué sur le lien : que faire maintenant")
        clicked = library.get("incident-types", "lien-ou-piece-jointe")
        expect(page.locator(".reflex-item").first).to_contain_text(clicked["reflexes"][0]["text"])
        expect(page.get_by_role("link", name="Se connecter").last).to_be_visible()
        self.assertNoProblems()

    def test_the_seed_s_tax_refund_is_dangerous_and_a_click_becomes_an_incident(self) -> None:
        clicked = library.get("incident-types", "lien-ou-piece-jointe")
        page = self.new_page("Claire")
        page.goto(self.live_server_url + "/connexion/")
        page.get_by_label("Adresse e-mail", exact=True).fill("claire@cabinet-martin.example")
        page.get_by_label("Mot de passe", exact=True).fill(PASSWORD)
        page.get_by_role("button", name="Se connecter").click()
        self.heading(page, "Cabinet du Dr Martin")

        page.get_by_role("link", name="Messages suspects").first.click()
        self.heading(page, "Messages suspects")
        page.locator("#id_text").fill(TAX_REFUND_EML)
        page.get_by_role("button", name="Analyser le message").click()

        # « Dangereux », the look-alike sender and the link hidden behind « Go » marked.
        expect(page.locator(".verdict__label")).to_have_text("Dangereux")
        marks = page.locator("mark")
        expect(marks.filter(has_text="office360.com").first).to_be_visible()
        expect(marks.filter(has_text="remboursement-dgfip.com").first).to_be_visible()
        expect(page.locator(".message-links")).to_contain_text("Le texte « Go » mène à")
        expect(page.locator(".message-links")).to_contain_text(LOOK_ALIKE)

        # « J'ai cliqué »: the declaration, prefilled with the analysis, not the text.
        page.get_by_role("button", name="J'ai cliqué sur le lien").click()
        self.heading(page, "Signaler un incident")
        expect(page.get_by_label(clicked["title"])).to_be_checked()
        description = page.get_by_label("Ce qui se passe (facultatif)")
        expect(description).to_contain_text("J'ai cliqué sur le lien.")
        expect(description).to_contain_text(SENDER)
        expect(description).to_contain_text(LOOK_ALIKE)
        expect(description).to_contain_text("« Dangereux »")
        expect(description).not_to_contain_text("120,70")

        page.get_by_role("button", name="Déclarer l'incident").click()
        incident = Incident.objects.get(org=self.org)
        self.heading(page, f"{incident} : {clicked['label']}")
        self.assertEqual(incident.kind, "lien-ou-piece-jointe")
        self.assertIn(LOOK_ALIKE, incident.description)
        expect(page.locator(".reflex-item")).to_have_count(len(clicked["reflexes"]))
        self.assertFalse(MessageReport.objects.exists())
        self.assertNoProblems()
