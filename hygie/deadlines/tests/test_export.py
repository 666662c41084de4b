import csv
import io
from datetime import UTC, datetime

from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from hygie.deadlines import actions
from hygie.deadlines.actions import set_deadline
from hygie.deadlines.tests.helpers import deadline
from hygie.tests.base import BaseTestCase

HEADER = [
    "Échéance",
    "Intitulé",
    "État",
    "Urgence",
    "Précisions",
    "Fait ou annulé le",
    "Enregistré le",
]


class ExportTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        set_deadline(
            org=cls.org,
            title="Tester la sauvegarde",
            due_at=datetime(2030, 1, 15, 8, 0, tzinfo=UTC),
            notes='=HYPERLINK("http://exemple.invalid")',
        )
        deadline(cls.org, "Déclarer l'incident", due_in_days=-2)
        done = deadline(cls.org, "Changer le routeur")
        actions.complete(done)
        deadline(cls.other_org, "Réunion de la MSP")

    def setUp(self):
        self.login(self.praticien)

    def get(self, fmt: str):
        r = self.client.get(f"/o/{self.org.code}/echeances/export.{fmt}")
        self.assertEqual(r.status_code, 200)
        day = timezone.localdate().isoformat()
        self.assertEqual(
            r["Content-Disposition"],
            f'attachment; filename="echeances-{self.org.code}-{day}.{fmt}"',
        )
        return r

    def test_csv_lists_every_deadline_in_paris_time(self):
        r = self.get("csv")
        rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig")), delimiter=";"))
        self.assertEqual(rows[0], HEADER)
        by_title = {row[1]: row for row in rows[1:]}
        self.assertEqual(
            set(by_title), {"Tester la sauvegarde", "Déclarer l'incident", "Changer le routeur"}
        )
        backup = by_title["Tester la sauvegarde"]
        self.assertEqual(backup[0], "15/01/2030 09:00")
        self.assertEqual(backup[2:4], ["À faire", "À venir"])
        # A spreadsheet must not run it as a formula.
        self.assertTrue(backup[4].startswith("'="))
        self.assertEqual(by_title["Déclarer l'incident"][3], "En retard")
        self.assertEqual(by_title["Changer le routeur"][2], "Fait")
        self.assertRegex(by_title["Changer le routeur"][5], r"^\d\d/\d\d/\d{4} \d\d:\d\d$")

    def test_xlsx_lists_every_deadline_with_real_dates(self):
        r = self.get("xlsx")
        sheet = load_workbook(io.BytesIO(r.content)).active
        rows = list(sheet.iter_rows(values_only=True))
        self.assertEqual(list(rows[0]), HEADER)
        by_title = {row[1]: row for row in rows[1:]}
        self.assertEqual(
            set(by_title), {"Tester la sauvegarde", "Déclarer l'incident", "Changer le routeur"}
        )
        self.assertEqual(by_title["Tester la sauvegarde"][0], datetime(2030, 1, 15, 9, 0))
        self.assertEqual(by_title["Déclarer l'incident"][3], "En retard")

    def test_pdf_lists_the_open_deadlines(self):
        r = self.get("pdf")
        self.assertEqual(r["Content-Type"], "application/pdf")
        reader = PdfReader(io.BytesIO(r.content))
        text = "\n".join(page.extract_text() for page in reader.pages)
        self.assertIn("Échéances à faire", text)
        self.assertIn("2 échéances ouvertes", text)
        self.assertIn("15/01/2030 09:00", text)
        self.assertIn("Tester la sauvegarde", text)
        self.assertIn("En retard", text)
        self.assertIn("Cabinet du Dr Martin", text)
        self.assertNotIn("Changer le routeur", text)
        self.assertNotIn("Réunion de la MSP", text)

    def test_the_secretary_may_export(self):
        self.login(self.secretaire)
        self.get("csv")

    def test_it_answers_404_to_an_outsider(self):
        self.login(self.outsider)
        for fmt in ("csv", "xlsx", "pdf"):
            with self.subTest(fmt=fmt):
                r = self.client.get(f"/o/{self.org.code}/echeances/export.{fmt}")
                self.assertEqual(r.status_code, 404)

    def test_an_unknown_format_is_not_found(self):
        r = self.client.get(f"/o/{self.org.code}/echeances/export.doc")
        self.assertEqual(r.status_code, 404)


class ExportOrderTestCase(BaseTestCase):
    """The exports list the deadlines in the page's order, with its words
    (deadlines/priority.py): a legal clock, late or not, before routine work
    overdue."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        deadline(cls.org, "Mettre à jour la liste des accès", due_in_days=-10)
        deadline(cls.org, "Notifier la CNIL", due_in_days=-1, rule="rgpd-33-notification-cnil")
        deadline(cls.org, "Répondre au patient", due_in_days=20, rule="csp-acces-dossier")
        deadline(cls.org, "Tester la sauvegarde", due_in_days=3)
        done = deadline(cls.org, "Changer le routeur", due_in_days=-20)
        actions.complete(done)

    def setUp(self):
        self.login(self.titulaire)
        self.page = self.client.get(f"/o/{self.org.code}/echeances/")

    def expected(self) -> list[tuple[str, str]]:
        return [
            ("Notifier la CNIL", "Délai légal dépassé"),
            ("Répondre au patient", "Délai légal"),
            ("Mettre à jour la liste des accès", "En retard"),
            ("Tester la sauvegarde", "Dans les 7 jours"),
        ]

    def test_the_page_has_this_order_and_these_words(self):
        self.assertEqual(
            [d.title for d in self.page.context["rows"]], [t for t, _ in self.expected()]
        )
        for _, label in self.expected():
            self.assertContains(self.page, f">{label}</span>")

    def test_csv_and_xlsx_follow_the_pages_order_and_words(self):
        r = self.client.get(f"/o/{self.org.code}/echeances/export.csv")
        rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig")), delimiter=";"))[1:]
        self.assertEqual([(row[1], row[3]) for row in rows[:4]], self.expected())
        self.assertEqual((rows[4][1], rows[4][2], rows[4][3]), ("Changer le routeur", "Fait", ""))
        r = self.client.get(f"/o/{self.org.code}/echeances/export.xlsx")
        sheet = load_workbook(io.BytesIO(r.content)).active
        rows = list(sheet.iter_rows(values_only=True))[1:]
        self.assertEqual([(row[1], row[3]) for row in rows[:4]], self.expected())

    def test_pdf_follows_the_pages_order_and_words(self):
        r = self.client.get(f"/o/{self.org.code}/echeances/export.pdf")
        text = " ".join(
            " ".join(p.extract_text() for p in PdfReader(io.BytesIO(r.content)).pages).split()
        )
        places = [text.index(title) for title, _ in self.expected()]
        self.assertEqual(places, sorted(places))
        self.assertIn("Délai légal dépassé", text)
        self.assertEqual(text.count("En retard"), 1)
