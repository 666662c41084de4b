"""The audit of an identity file, clicked through in Chromium.

Claire Martin drops the patient list exported from her software (commas,
Windows-1252, French headers), confirms the columns Hygie recognised, watches
the progress bar while her audit waits for its turn and runs, opens a pair of
potential doublons, then downloads the PDF report. The audit runs in its
thread, as in production; the page polls its progress with htmx.

Every page along the way must raise no JavaScript error and no
Content-Security-Policy violation.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from django.test import override_settings
from playwright.sync_api import Page, expect

from hygie.identity import audit_jobs
from hygie.identity.tests.test_audit_results import small_export
from hygie.orgs.actions import create_org
from hygie.orgs.models import Kind
from hygie.tests.base import PASSWORD, make_user
from hygie.tests.browser import BrowserTestCase


class IdentityAuditBrowserTests(BrowserTestCase):
    def setUp(self) -> None:
        super().setUp()
        folder = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, folder, ignore_errors=True)
        self.enterContext(
            override_settings(IDENTITY_UPLOAD_DIR=folder, IDENTITY_AUDIT_IN_BACKGROUND=True)
        )
        self.claire = make_user("Claire Martin", "claire@cabinet-martin.example")
        self.org = create_org(name="Cabinet du Dr Martin", kind=Kind.CABINET, creator=self.claire)

    def heading(self, page: Page, text: str) -> None:
        expect(page.get_by_role("heading", level=1)).to_have_text(text)

    def test_upload_confirm_follow_the_progress_open_a_pair_download_the_report(self) -> None:
        page = self.new_page("Claire")
        page.goto(self.live_server_url + "/connexion/")
        page.get_by_label("Adresse e-mail", exact=True).fill("claire@cabinet-martin.example")
        page.get_by_label("Mot de passe", exact=True).fill(PASSWORD)
        page.get_by_role("button", name="Se connecter").click()
        self.heading(page, "Cabinet du Dr Martin")

        page.goto(f"{self.live_server_url}/o/{self.org.code}/identite/")
        page.get_by_role("link", name="Auditer un fichier").click()
        self.heading(page, "Audit du fichier d'identités")
        page.locator("#id_fichier").set_input_files(
            files=[{"name": "patients.csv", "mimeType": "text/csv", "buffer": small_export()}]
        )
        page.get_by_role("button", name="Déposer le fichier").click()

        # The columns recognised from the French headers, confirmed as they are.
        expect(page.get_by_text("Windows-1252").first).to_be_visible()
        # Another audit holds the turn: the bar waits, then moves, without a reload.
        audit_jobs._turn.acquire()
        try:
            page.get_by_role("button", name="Confirmer les colonnes et lancer l'audit").click()
            self.heading(page, "Audit en cours")
            expect(page.locator("#audit-progression progress")).to_be_visible()
            expect(page.locator("#audit-progression")).to_contain_text("En attente de son tour")
        finally:
            audit_jobs._turn.release()
        self.heading(page, "Résultats de l'audit")
        expect(page.get_by_role("region", name="Synthèse")).to_contain_text("doublons potentiels")

        # A pair of doublons: both records, the traits that differ highlighted.
        page.get_by_role("link", name="Voir la paire A1 et B6").click()
        self.heading(page, "Doublon potentiel : A1 et B6")
        expect(page.locator("tr.trait--agree").first).to_be_visible()
        page.get_by_role("link", name="Retour aux résultats").click()

        with page.expect_download() as download_info:
            page.get_by_role("link", name="Rapport PDF").click()
        download = download_info.value
        self.assertEqual(download.suggested_filename, "audit-identites.pdf")
        self.assertTrue(Path(download.path()).read_bytes().startswith(b"%PDF"))
        self.assertNoProblems()
