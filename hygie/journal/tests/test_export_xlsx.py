import io
from datetime import UTC, datetime

from openpyxl import load_workbook

from hygie.journal.actions import record
from hygie.journal.models import Entry
from hygie.journal.tests.helpers import append_at
from hygie.journal.views import EXPORT_HEADER
from hygie.tests.base import BaseTestCase


class XlsxExportTestCase(BaseTestCase):
    def setUp(self):
        self.url = f"/o/{self.org.code}/journal/export.xlsx"
        # 10:00 UTC in July is noon in Paris.
        append_at(
            datetime(2024, 7, 1, 10, 0, tzinfo=UTC),
            org=self.org,
            action="deadline.done",
            actor=self.titulaire,
            object_label="Sauvegarde testée",
        )
        record(
            action="org.settings_changed",
            org=self.org,
            actor=self.titulaire,
            object_label="=1+1",
        )
        record(action="org.settings_changed", org=self.other_org, actor=self.outsider)

    def sheet(self, query: str = ""):
        r = self.client.get(self.url + query)
        self.assertEqual(r.status_code, 200)
        self.assertEqual(
            r["Content-Type"], "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        return load_workbook(io.BytesIO(r.content))["Journal"]

    def test_it_exports_a_header_and_one_row_per_entry(self):
        self.login(self.titulaire)
        rows = list(self.sheet().iter_rows(values_only=True))
        self.assertEqual(list(rows[0]), EXPORT_HEADER)
        self.assertEqual(
            [r[3] for r in rows[1:]],
            ["Journal exporté", "Paramètres modifiés", "Échéance marquée comme faite"],
        )

    def test_it_writes_dates_as_dates_in_paris_time(self):
        self.login(self.titulaire)
        sheet = self.sheet()
        cell = sheet.cell(row=sheet.max_row, column=2)
        self.assertEqual(cell.value, datetime(2024, 7, 1, 12, 0))
        self.assertEqual(cell.number_format, "DD/MM/YYYY HH:MM")
        self.assertEqual(sheet.cell(row=sheet.max_row, column=1).value, 1)

    def test_it_writes_text_a_spreadsheet_would_run_as_text(self):
        self.login(self.titulaire)
        sheet = self.sheet("?action=org.settings_changed")
        cell = sheet.cell(row=2, column=5)
        self.assertEqual(cell.value, "'=1+1")
        self.assertEqual(cell.data_type, "s")

    def test_the_export_is_journaled(self):
        self.login(self.titulaire)
        self.sheet()
        entry = Entry.objects.filter(org_id=self.org.pk).latest("seq")
        self.assertEqual((entry.action, entry.details["format"]), ("journal.exported", "xlsx"))
