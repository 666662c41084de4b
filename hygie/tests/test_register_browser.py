"""The RGPD register, clicked through in Chromium.

Dr Claire Martin has just set up on her own as a GP. She builds her register
from the templates Hygie proposes, says who is responsible and how patients
exercise their rights, answers the DPO questions, sees the register complete,
and downloads the waiting-room poster.

Every page along the way must raise no JavaScript error and no
Content-Security-Policy violation.
"""

from __future__ import annotations

import io
from pathlib import Path

from playwright.sync_api import Page, expect
from pypdf import PdfReader

from hygie.orgs.actions import create_org
from hygie.orgs.models import Kind, Profession
from hygie.register.models import Processing
from hygie.tests.base import PASSWORD, make_user
from hygie.tests.browser import BrowserTestCase


class SoloGpRegisterTests(BrowserTestCase):
    def setUp(self) -> None:
        super().setUp()
        claire = make_user("Claire Martin", "claire@cabinet-martin.example")
        self.org = create_org(name="Cabinet du Dr Martin", kind=Kind.CABINET, creator=claire)
        self.org.profession = Profession.MEDECIN_GENERALISTE
        self.org.save(update_fields=["profession"])

    def heading(self, page: Page, text: str) -> None:
        expect(page.get_by_role("heading", level=1)).to_have_text(text)

    def test_a_solo_gp_builds_her_register_and_downloads_the_poster(self) -> None:
        page = self.new_page("Claire")
        page.goto(self.live_server_url + "/connexion/")
        page.get_by_label("Adresse e-mail", exact=True).fill("claire@cabinet-martin.example")
        page.get_by_label("Mot de passe", exact=True).fill(PASSWORD)
        page.get_by_role("button", name="Se connecter").click()
        self.heading(page, "Cabinet du Dr Martin")
        page.get_by_role("navigation", name="Cabinet du Dr Martin").get_by_role(
            "link", name="Registre RGPD"
        ).click()
        self.heading(page, "Registre RGPD")

        # The templates that fit a solo GP, proposed ticked.
        page.get_by_role("link", name="Créer le registre depuis les modèles").click()
        self.heading(page, "Les traitements de votre cabinet")
        record = page.get_by_role("checkbox", name="Dossier")
        expect(record.first).to_be_checked()
        ticked = page.locator("input[name=chosen]:checked").count()
        self.assertGreaterEqual(ticked, 3)
        page.get_by_role("button", name="Inscrire au registre").click()
        expect(page.get_by_text(f"{ticked} traitements inscrits au registre")).to_be_visible()
        self.assertEqual(Processing.objects.filter(org=self.org).count(), ticked)
        gaps = page.get_by_role("region", name="Ce qui manque")
        expect(gaps).to_contain_text("(art. 30(1)(a))")

        # Who is responsible, and where patients exercise their rights.
        page.get_by_role("region", name="Responsable du traitement").get_by_role(
            "link", name="Modifier"
        ).click()
        page.get_by_label("Adresse (facultatif)").fill("3 place de la Mairie, 33000 Bordeaux")
        page.get_by_label("Téléphone ou e-mail (facultatif)").fill("05 56 00 00 00")
        page.get_by_label("Où les patients exercent leurs droits").fill(
            "à l'accueil du cabinet ou par courrier"
        )
        page.get_by_role("button", name="Enregistrer").click()

        # The DPO questions: a solo practice needs neither a DPO nor an AIPD.
        page.get_by_role("link", name="Répondre aux questions").click()
        page.get_by_label("À titre individuel, sans groupe").check()
        page.get_by_label("Non", exact=True).check()
        page.get_by_label("Combien de patients différents par an").fill("2500")
        page.get_by_role("button", name="Enregistrer la décision").click()
        expect(page.get_by_text("pas de DPO obligatoire")).to_be_visible()
        expect(page.get_by_role("heading", name="Registre complet")).to_be_visible()

        # The waiting-room poster, downloaded.
        with page.expect_download() as download_info:
            page.get_by_role("link", name="Affiche de salle d'attente A4").click()
        download = download_info.value
        pdf = PdfReader(io.BytesIO(Path(download.path()).read_bytes()))
        text = " ".join(pdf.pages[0].extract_text().split())
        self.assertIn("Vos données au cabinet", text)
        self.assertIn("à l'accueil du cabinet ou par courrier", text)
        self.assertIn("www.cnil.fr", text)

        self.assertNoProblems()
