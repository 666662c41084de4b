"""The animateur watches the results while a respondent answers, then downloads the
report once its layout, started when asked for, is over."""

from __future__ import annotations

import io
from pathlib import Path

from django.test import override_settings
from django.urls import reverse
from playwright.sync_api import expect
from pypdf import PdfReader

from hygie.surveys.tests.results_fixtures import make_survey, submit_many
from hygie.tests.base import BaseTestCase
from hygie.tests.browser import BrowserTestCase


class LiveResultsTests(BrowserTestCase):
    def setUp(self) -> None:
        super().setUp()
        BaseTestCase.setUpTestData.__func__(self)
        self.survey = make_survey(self.region, title="Pratiques RGPD du territoire")
        submit_many(self.survey, 6, mssante="oui")
        submit_many(self.survey, 5, mssante="non")

    def test_the_count_and_the_chart_update_without_a_reload(self) -> None:
        animateur = self.signed_in_context(self.animateur).new_page()
        animateur.on("pageerror", lambda e: self.problems.append(f"JavaScript error: {e}"))
        url = reverse("surveys:results", args=[self.region.code, self.survey.pk])
        animateur.goto(self.live_server_url + url)
        live = animateur.locator("#compte-direct")
        expect(live).to_contain_text("11 réponses")
        chart = animateur.locator("#q-mssante").locator("..").locator("svg")
        expect(chart).to_contain_text("6 (55 %)")
        animateur.evaluate("window.marker = 'same page'")

        # Another person, in another browser, answers through the public link.
        respondent = self.new_page("répondant")
        respondent.goto(self.live_server_url + self.survey.public_path())
        respondent.get_by_role("group", name="Utilisez-vous MSSanté ?").get_by_label("Oui").check()
        respondent.get_by_role("button", name="Envoyer mes réponses").click()
        expect(respondent.get_by_role("heading", level=1)).to_contain_text("Merci")

        expect(live).to_contain_text("12 réponses", timeout=25_000)
        expect(chart).to_contain_text("7 (58 %)", timeout=10_000)
        self.assertEqual(animateur.evaluate("window.marker"), "same page")

        # The report is laid out in the background while a page shows its progress.
        with override_settings(PREPARE_DOCUMENTS=True):
            animateur.get_by_role("link", name="Rapport PDF", exact=True).click()
            expect(animateur.get_by_role("heading", level=1)).to_have_text("Rapport en préparation")
            ready = animateur.get_by_role("link", name="Télécharger le rapport (PDF)")
            expect(ready).to_be_visible(timeout=30_000)
            with animateur.expect_download() as download:
                ready.click()
        content = Path(download.value.path()).read_bytes()
        self.assertTrue(content.startswith(b"%PDF"))
        text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
        self.assertIn("Pratiques RGPD du territoire", text)
        self.assertNoProblems()
