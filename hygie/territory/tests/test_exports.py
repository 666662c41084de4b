"""The dashboard's PDF and workbook publish what the page publishes."""

import io

from openpyxl import load_workbook
from pypdf import PdfReader

from hygie.journal.models import Entry
from hygie.orgs.models import Profession
from hygie.territory.tests.base import TerritoryTestCase


class ExportTests(TerritoryTestCase):
    def setUp(self):
        super().setUp()
        self.login(self.animateur)
        practices = [self.practice(i) for i in range(6)]
        practices += [self.practice(10 + i, Profession.SAGE_FEMME) for i in range(3)]
        for org in practices:
            self.joined(org, 50)
        self.base = f"/o/{self.region.code}/territoire/tableau/export."

    def test_the_workbook_hides_what_the_page_hides(self):
        r = self.client.get(self.base + "xlsx")
        self.assertEqual(r.status_code, 200)
        book = load_workbook(io.BytesIO(r.content))
        rows = {row[0]: row[1] for row in book["Par profession"].iter_rows(values_only=True)}
        self.assertEqual(rows["Sage-femme"], "—")
        self.assertEqual(rows["Infirmier ou infirmière"], "—")
        self.assertIn("9 structures", book["Synthèse"]["A2"].value)
        self.assertTrue(Entry.objects.filter(org_id=self.region.pk, action="territory.exported"))

    def test_the_pdf_report(self):
        r = self.client.get(self.base + "pdf")
        self.assertEqual(r["Content-Type"], "application/pdf")
        text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(r.content)).pages)
        self.assertIn("9 structures partagent", text)
        self.assertIn("Par profession", text)

    def test_an_unknown_format_is_not_found(self):
        self.assertEqual(self.client.get(self.base + "csv").status_code, 404)

    def test_the_region_secretary_cannot_export(self):
        self.login(self.region_secretary)
        self.assertEqual(self.client.get(self.base + "xlsx").status_code, 403)
