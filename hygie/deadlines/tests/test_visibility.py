"""A deadline is visible to the members whose role has its permission, everywhere."""

import csv
import io

from icalendar import Calendar
from openpyxl import load_workbook

from hygie.deadlines.models import Deadline
from hygie.deadlines.tests.helpers import deadline
from hygie.tests.base import BaseTestCase


def summaries(ics: bytes) -> list[str]:
    return [str(e["summary"]) for e in Calendar.from_ical(ics).walk("VEVENT")]


class VisibleToTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.everyone = deadline(cls.org, "Tester la sauvegarde")
        cls.journal = deadline(cls.org, "Relire le journal des accès", permission="journal.view")
        cls.owner = deadline(cls.org, "Renouveler le contrat", permission="org.manage")
        cls.elsewhere = deadline(cls.other_org, "Réunion de la MSP")

    def visible(self, user, org=None) -> set[str]:
        return set(
            Deadline.objects.visible_to(self.membership(user, org)).values_list("title", flat=True)
        )

    def test_each_role_sees_the_deadlines_its_permissions_allow(self):
        table = [
            (
                self.titulaire,
                {"Tester la sauvegarde", "Relire le journal des accès", "Renouveler le contrat"},
            ),
            (self.praticien, {"Tester la sauvegarde"}),
            (self.secretaire, {"Tester la sauvegarde"}),
            (self.referent, {"Tester la sauvegarde", "Relire le journal des accès"}),
        ]
        for user, expected in table:
            with self.subTest(user=user.full_name):
                self.assertEqual(self.visible(user), expected)

    def test_a_member_sees_only_the_deadlines_of_that_organisation(self):
        self.assertEqual(self.visible(self.referent, self.other_org), {"Réunion de la MSP"})
        self.assertEqual(self.visible(self.outsider, self.other_org), {"Réunion de la MSP"})


class SecretaryTestCase(BaseTestCase):
    """The secretary does not see a deadline reserved to those who read the journal."""

    HIDDEN = "Relire le journal des accès"

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        deadline(cls.org, "Tester la sauvegarde", due_in_days=3)
        deadline(cls.org, cls.HIDDEN, due_in_days=3, permission="journal.view")

    def setUp(self):
        self.login(self.secretaire)

    def test_not_on_the_home_page(self):
        r = self.client.get(f"/o/{self.org.code}/")
        self.assertContains(r, "Tester la sauvegarde")
        self.assertNotContains(r, self.HIDDEN)

    def test_not_in_the_list(self):
        r = self.client.get(f"/o/{self.org.code}/echeances/")
        self.assertContains(r, "Tester la sauvegarde")
        self.assertNotContains(r, self.HIDDEN)

    def test_not_in_the_csv_export(self):
        r = self.client.get(f"/o/{self.org.code}/echeances/export.csv")
        rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig")), delimiter=";"))
        self.assertEqual([row[1] for row in rows[1:]], ["Tester la sauvegarde"])

    def test_not_in_the_xlsx_export(self):
        r = self.client.get(f"/o/{self.org.code}/echeances/export.xlsx")
        sheet = load_workbook(io.BytesIO(r.content)).active
        self.assertEqual(
            [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)],
            ["Tester la sauvegarde"],
        )

    def test_not_in_the_pdf_export(self):
        from pypdf import PdfReader

        r = self.client.get(f"/o/{self.org.code}/echeances/export.pdf")
        text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(r.content)).pages)
        self.assertIn("Tester la sauvegarde", text)
        self.assertNotIn("journal", text)

    def test_not_in_the_calendar_feed(self):
        r = self.client.get(f"/calendrier/{self.secretaire.calendar_token}.ics")
        self.assertEqual(summaries(r.content), ["Tester la sauvegarde — Cabinet du Dr Martin"])

    def test_but_the_titulaire_sees_it_everywhere(self):
        self.login(self.titulaire)
        for url in (
            f"/o/{self.org.code}/",
            f"/o/{self.org.code}/echeances/",
            f"/o/{self.org.code}/echeances/export.csv",
        ):
            with self.subTest(url=url):
                self.assertContains(self.client.get(url), self.HIDDEN)
        r = self.client.get(f"/calendrier/{self.titulaire.calendar_token}.ics")
        self.assertIn(f"{self.HIDDEN} — Cabinet du Dr Martin", summaries(r.content))
