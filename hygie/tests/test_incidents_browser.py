"""An incident, clicked through in Chromium.

Claire Martin finds a ransom note on her practice's computer. From the
organisation's menu she declares it, ticks the first reflexes, watches the
72-hour clocks count down, qualifies a high-risk breach of her patients' data
and downloads the draft of the CNIL notification.

Every page along the way must raise no JavaScript error and no
Content-Security-Policy violation.
"""

from __future__ import annotations

import io
import re
from datetime import timedelta
from pathlib import Path

from django.utils import timezone
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from hygie.content import library
from hygie.incidents.models import EntryKind, Incident
from hygie.orgs.actions import create_org
from hygie.orgs.models import Kind
from hygie.tests.base import PASSWORD, make_user
from hygie.tests.browser import BrowserTestCase


class RansomwareTests(BrowserTestCase):
    def setUp(self) -> None:
        super().setUp()
        claire = make_user("Claire Martin", "claire@cabinet-martin.example")
        self.org = create_org(name="Cabinet du Dr Martin", kind=Kind.CABINET, creator=claire)

    def heading(self, page: Page, text: str) -> None:
        expect(page.get_by_role("heading", level=1)).to_have_text(text)

    def test_a_ransomware_is_declared_qualified_and_its_cnil_draft_downloaded(self) -> None:
        ransomware = library.get("incident-types", "rancongiciel")
        page = self.new_page("Claire")
        page.goto(self.live_server_url + "/connexion/")
        page.get_by_label("Adresse e-mail", exact=True).fill("claire@cabinet-martin.example")
        page.get_by_label("Mot de passe", exact=True).fill(PASSWORD)
        page.get_by_role("button", name="Se connecter").click()
        self.heading(page, "Cabinet du Dr Martin")

        # 8:05, a ransom note: declared from the organisation's menu, two hours
        # after it was seen (the clocks start at the discovery).
        page.get_by_role("link", name="Signaler un incident").click()
        self.heading(page, "Signaler un incident")
        seen = timezone.localtime() - timedelta(hours=2)
        page.get_by_label(ransomware["title"]).check()
        page.get_by_label("Découvert le").fill(seen.strftime("%Y-%m-%d"))
        page.get_by_label("à", exact=True).fill(seen.strftime("%H:%M"))
        page.get_by_label("Ce qui se passe (facultatif)").fill(
            "Écran rouge au démarrage, rançon demandée en bitcoins."
        )
        page.get_by_role("button", name="Déclarer l'incident").click()
        incident = Incident.objects.get(org=self.org)
        self.heading(page, f"{incident} : {ransomware['label']}")

        # The reflexes of a ransomware, in order; two are ticked, with their time.
        reflexes = page.locator(".reflex-item")
        expect(reflexes).to_have_count(len(ransomware["reflexes"]))
        for reflex in ransomware["reflexes"][:2]:
            page.get_by_role("button", name=f"C'est fait : {reflex['text']}").click()
            item = reflexes.filter(has_text=reflex["text"])
            expect(item.locator(".badge--ok")).to_have_text("fait")
            expect(page.locator(".timeline")).to_contain_text(reflex["done"])
        self.assertEqual(incident.timeline.filter(kind=EntryKind.REFLEX).count(), 2)
        expect(page.get_by_text("Pour continuer à soigner :", exact=True)).to_be_visible()

        # The CNIL and complaint clocks count down from the discovery: about
        # 70 hours left, updated by the page itself.
        clocks = page.locator("time[data-countdown]")
        expect(clocks).to_have_count(2)
        left = re.compile(r"^encore 2 j 2[12] h \d{1,2} min$")
        expect(clocks.first).to_have_text(left)
        expect(clocks.nth(1)).to_have_text(left)

        # Qualified: the patients' records were taken, a high risk, not encrypted.
        page.get_by_role("link", name="Qualifier l'incident").click()
        self.heading(page, "Qualifier l'incident")
        page.get_by_label("risque pour les personnes").select_option(
            label="Un risque élevé pour les personnes"
        )
        page.get_by_label("données concernées").fill("Dossiers médicaux, coordonnées")
        page.get_by_label("nombre approximatif de personnes").fill("1200")
        page.get_by_label("nombre approximatif d'enregistrements").fill("1500")
        page.get_by_role("button", name="Enregistrer").click()
        expect(page.get_by_text("Qualification enregistrée")).to_be_visible()
        duties = page.get_by_role("region", name="Obligations et délais")
        expect(duties.locator(".obligation--required")).to_contain_text(
            ["Notifier la violation à la CNIL", "Informer les personnes concernées"]
        )

        # The CNIL draft, prefilled, completed, then downloaded.
        page.get_by_role("link", name="Préparer la notification à la CNIL").click()
        self.heading(page, "Préparer la notification à la CNIL")
        expect(page.get_by_label("a) Nature de la violation")).to_contain_text("1200 personne")
        expect(page.get_by_label("d) Mesures prises ou envisagées")).to_contain_text(
            ransomware["reflexes"][0]["done"]
        )
        expect(page.get_by_label("b) Personne à contacter")).to_contain_text(
            "claire@cabinet-martin.example"
        )
        page.get_by_label("b) Personne à contacter").fill("Dr Claire Martin, 05 56 00 00 00")
        # Saved as it is typed: a reload loses nothing.
        with page.expect_response(
            lambda r: r.url.endswith("/brouillon/") and "possiblement" in r.request.post_data
        ):
            page.get_by_label("c) Conséquences probables").fill(
                "Dossiers de patients possiblement divulgués."
            )
        expect(page.get_by_role("status")).to_contain_text("Brouillon enregistré")
        page.reload()
        expect(page.get_by_label("c) Conséquences probables")).to_have_value(
            "Dossiers de patients possiblement divulgués."
        )
        with page.expect_download() as download_info:
            page.get_by_role("button", name="Télécharger cette version (PDF)").click()
        download = download_info.value
        self.assertRegex(download.suggested_filename, r"^notification-cnil-.+\.pdf$")
        pdf = Path(download.path()).read_bytes()
        text = " ".join(
            " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split()
        )
        self.assertIn("Dr Claire Martin, 05 56 00 00 00", text)
        self.assertIn("environ 1200 personnes", text)
        self.assertIn("Notification initiale · version 1", text)
        self.assertIn("article 33(3)", text)
        self.assertTrue(
            incident.timeline.filter(
                kind=EntryKind.DOCUMENT, text__startswith="Notification à la CNIL, version 1"
            ).exists()
        )

        self.assertNoProblems()
