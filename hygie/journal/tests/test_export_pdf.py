import io

from pypdf import PdfReader

from hygie.journal.actions import record
from hygie.journal.models import Entry
from hygie.tests.base import BaseTestCase


class PdfExportTestCase(BaseTestCase):
    def setUp(self):
        self.url = f"/o/{self.org.code}/journal/export.pdf"

    def pages(self, query: str = "") -> list[str]:
        r = self.client.get(self.url + query)
        self.assertEqual(r.status_code, 200)
        self.assertEqual(r["Content-Type"], "application/pdf")
        self.assertRegex(
            r["Content-Disposition"],
            rf'^attachment; filename="journal-{self.org.code}-\d{{4}}-\d\d-\d\d\.pdf"$',
        )
        return [page.extract_text() for page in PdfReader(io.BytesIO(r.content)).pages]

    def test_every_page_of_a_long_journal_names_the_organisation_and_its_number(self):
        for n in range(20):
            record(
                action="deadline.created",
                org=self.org,
                actor=self.titulaire,
                object_label=f"Échéance-{n}",
                details={"échéance": "2026-06-30T09:00:00+02:00"},
            )
        self.login(self.titulaire)
        pages = self.pages()
        self.assertGreaterEqual(len(pages), 2)
        for number, text in enumerate(pages, start=1):
            with self.subTest(page=number):
                self.assertIn("Cabinet du Dr Martin", text)
                self.assertIn("Journal d'audit", text)
                self.assertRegex(text, r"Édité par Hygie le \d\d/\d\d/\d{4} à \d\d:\d\d")
                self.assertIn(f"Page {number} sur {len(pages)}", text)
        everything = "".join(pages)
        for n in (0, 19):
            self.assertIn(f"Échéance-{n}", everything)

    def test_it_applies_the_filters_and_is_journaled(self):
        record(action="deadline.done", org=self.org, actor=self.titulaire, object_label="Faite")
        record(action="org.settings_changed", org=self.org, object_label="Réglage")
        self.login(self.referent)
        pages = self.pages("?action=deadline.done")
        self.assertEqual(len(pages), 1)
        self.assertIn("Faite", pages[0])
        self.assertNotIn("Réglage", pages[0])
        entry = Entry.objects.filter(org_id=self.org.pk).latest("seq")
        self.assertEqual(entry.action, "journal.exported")
        self.assertEqual(entry.actor_id, self.referent.pk)
        self.assertEqual(entry.details["format"], "pdf")
