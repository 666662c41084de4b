import csv
import io
from datetime import UTC, date, datetime
from decimal import Decimal

from django.test import SimpleTestCase
from openpyxl import load_workbook

from hygie.lib.documents import cell_text, csv_bytes, safe_cell, xlsx_bytes


class SafeCellTestCase(SimpleTestCase):
    def test_it_neutralises_what_a_spreadsheet_would_evaluate(self):
        for text, expected in [
            (
                '=HYPERLINK("http://exemple.invalid","clic")',
                '\'=HYPERLINK("http://exemple.invalid","clic")',
            ),
            ("+33 6 12 34 56 78", "'+33 6 12 34 56 78"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
            ("\t=1+1", "'\t=1+1"),
            ("\r=1+1", "'\r=1+1"),
        ]:
            with self.subTest(text=text):
                self.assertEqual(safe_cell(text), expected)

    def test_it_leaves_ordinary_text_alone(self):
        for text in ["", "Sauvegarde testée", "a=b", "2+2", "Dr Martin - cabinet", " =1"]:
            with self.subTest(text=text):
                self.assertEqual(safe_cell(text), text)


class CellTextTestCase(SimpleTestCase):
    def test_it_shows_values_as_a_french_reader_expects(self):
        for value, expected in [
            # Instants in Paris time, winter (UTC+1) and summer (UTC+2).
            (datetime(2024, 1, 15, 23, 30, tzinfo=UTC), "16/01/2024 00:30"),
            (datetime(2024, 7, 1, 10, 0, tzinfo=UTC), "01/07/2024 12:00"),
            # Around the switch to summer time on 31 March 2024.
            (datetime(2024, 3, 31, 0, 59, tzinfo=UTC), "31/03/2024 01:59"),
            (datetime(2024, 3, 31, 1, 0, tzinfo=UTC), "31/03/2024 03:00"),
            (date(2024, 2, 29), "29/02/2024"),
            (True, "oui"),
            (False, "non"),
            (None, ""),
            (0, "0"),
            (Decimal("12.50"), "12.50"),
            ("texte", "texte"),
        ]:
            with self.subTest(value=value):
                self.assertEqual(cell_text(value), expected)


class CsvBytesTestCase(SimpleTestCase):
    def test_it_writes_what_french_spreadsheets_open(self):
        data = csv_bytes(
            ["Date", "Objet", "Fait"],
            [[datetime(2024, 7, 1, 10, 0, tzinfo=UTC), "Sauvegarde; disque externe", True]],
        )
        self.assertTrue(data.startswith("\ufeff".encode()))
        text = data.decode("utf-8")[1:]
        self.assertEqual(text.split("\r\n")[0], "Date;Objet;Fait")
        rows = list(csv.reader(io.StringIO(text), delimiter=";"))
        self.assertEqual(rows[1], ["01/07/2024 12:00", "Sauvegarde; disque externe", "oui"])

    def test_it_neutralises_formulas(self):
        data = csv_bytes(["Objet"], [["=1+1"], ["-5"], [-5]])
        rows = list(csv.reader(io.StringIO(data.decode("utf-8")[1:]), delimiter=";"))
        self.assertEqual(rows[1:], [["'=1+1"], ["'-5"], ["'-5"]])


class XlsxBytesTestCase(SimpleTestCase):
    def sheet(self, rows):
        data = xlsx_bytes("Registre des échéances de l'année", ["Date", "Objet", "Valeur"], rows)
        return load_workbook(io.BytesIO(data)).active

    def test_it_writes_a_header_and_real_dates_in_paris_time(self):
        sheet = self.sheet([[datetime(2024, 1, 15, 23, 30, tzinfo=UTC), "Sauvegarde", 3]])
        self.assertEqual(sheet.title, "Registre des échéances de l'ann")
        self.assertEqual([c.value for c in sheet[1]], ["Date", "Objet", "Valeur"])
        self.assertTrue(sheet["A1"].font.bold)
        self.assertEqual(sheet["A2"].value, datetime(2024, 1, 16, 0, 30))
        self.assertEqual(sheet["A2"].number_format, "DD/MM/YYYY HH:MM")
        self.assertEqual(sheet["C2"].value, 3)

    def test_it_writes_days_as_dates(self):
        sheet = self.sheet([[date(2024, 2, 29), "Revue", None]])
        self.assertEqual(sheet["A2"].value, datetime(2024, 2, 29))
        self.assertEqual(sheet["A2"].number_format, "DD/MM/YYYY")
        self.assertIsNone(sheet["C2"].value)

    def test_it_keeps_formulas_as_text(self):
        sheet = self.sheet([[None, '=HYPERLINK("http://exemple.invalid")', Decimal("-1")]])
        self.assertEqual(sheet["B2"].value, '\'=HYPERLINK("http://exemple.invalid")')
        self.assertEqual(sheet["B2"].data_type, "s")
        self.assertEqual(sheet["C2"].value, "'-1")

    def test_it_drops_characters_a_workbook_cannot_hold(self):
        sheet = self.sheet([[None, "Sauve\x07garde\x00", "ok"]])
        self.assertEqual(sheet["B2"].value, "Sauvegarde")
