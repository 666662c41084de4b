"""A completed diagnostic's report (PDF), its answers exported (CSV, XLSX), and
the history of the indices on the diagnostic's page."""

import io

from openpyxl import load_workbook

from hygie.diagnostic import actions, measures
from hygie.diagnostic.scoring import applicable
from hygie.diagnostic.tests.base import DiagnosticTestCase, best, pdf_text, worst


class ReportAndExportsTestCase(DiagnosticTestCase):
    def test_report_holds_the_priority_actions(self):
        assessment = self.completed()
        response = self.signed_in(self.titulaire).get(self.url("report", assessment.pk))
        self.assertEqual(response["Content-Type"], "application/pdf")
        text = " ".join(pdf_text(response.content).split())
        for gap in actions.result_of(assessment).priorities:
            self.assertIn(" ".join(gap.measure.action.split())[:40], text)
        self.assertIn("Cabinet du Dr Martin", text)
        self.assertIn("Profil du cabinet", text)
        # Sources are numbered once, in a bibliography at the end.
        self.assertIn("Sources", text)
        self.assertIn("[1]", text)

    def test_answer_exports(self):
        assessment = self.completed(choose=best)
        client = self.signed_in(self.referent)
        csv = client.get(self.url("export_answers", assessment.pk, "csv")).content.decode(
            "utf-8-sig"
        )
        self.assertIn("Thème;Mesure;Question", csv.replace(",", ";"))
        xlsx = client.get(self.url("export_answers", assessment.pk, "xlsx"))
        sheet = load_workbook(io.BytesIO(xlsx.content)).active
        rows = list(sheet.iter_rows(values_only=True))
        self.assertEqual(len(rows) - 1, len(applicable(measures.catalogue(), assessment.profile)))
        self.assertTrue(all(r[4] == 3 for r in rows[1:]))

    def test_history_chart(self):
        self.completed(choose=worst)
        self.completed(choose=best)
        page = self.signed_in(self.titulaire).get(self.url("home"))
        self.assertContains(page, "<svg", count=11)  # the history, one sparkline per theme
        self.assertContains(page, "de 0 à 100 sur 2 diagnostics")
