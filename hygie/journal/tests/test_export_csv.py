import csv
import io
from datetime import UTC, datetime

from django.utils import timezone

from hygie.journal.actions import record
from hygie.journal.models import Entry
from hygie.journal.tests.helpers import append_at
from hygie.journal.views import EXPORT_HEADER
from hygie.tests.base import BaseTestCase


class CsvExportTestCase(BaseTestCase):
    def setUp(self):
        self.url = f"/o/{self.org.code}/journal/export.csv"
        append_at(
            datetime(2024, 7, 1, 10, 0, tzinfo=UTC),
            org=self.org,
            action="deadline.done",
            actor=self.titulaire,
            object_label="Sauvegarde testée",
        )
        self.today = record(
            action="org.settings_changed",
            org=self.org,
            actor=self.titulaire,
            object_label='=HYPERLINK("http://exemple.invalid/?vol","Cliquez ici")',
            details={"require_mfa": [False, True]},
        )
        record(action="login.success", actor=self.praticien)
        record(
            action="org.settings_changed",
            org=self.other_org,
            actor=self.outsider,
            object_label="Réglages des Tilleuls",
        )

    def export(self, query: str = "") -> list[list[str]]:
        r = self.client.get(self.url + query)
        self.assertEqual(r.status_code, 200)
        self.assertEqual(r["Content-Type"], "text/csv; charset=utf-8")
        text = r.content.decode("utf-8")
        self.assertTrue(text.startswith("\ufeff"))
        rows = list(csv.reader(io.StringIO(text[1:]), delimiter=";"))
        self.assertEqual(rows[0], EXPORT_HEADER)
        # The last row is the journal's seal at the export (test_seals).
        self.assertEqual(rows[-1][0], "Sceau")
        return rows[1:-1]

    def settings_row(self, rows: list[list[str]]) -> list[str]:
        return next(row for row in rows if row[3] == "Paramètres modifiés")

    def test_it_exports_one_row_per_entry_of_the_organisation(self):
        self.login(self.titulaire)
        rows = self.export()
        # The three entries, and the export's own entry.
        self.assertEqual(len(rows), 4)
        self.assertEqual(rows[0][3], "Journal exporté")
        self.assertNotIn("Réglages des Tilleuls", str(rows))
        self.assertIn(
            ["Connexion réussie", "paul@cabinet-martin.example"], [[r[3], r[2]] for r in rows]
        )

    def test_it_writes_french_dates_and_details(self):
        self.login(self.titulaire)
        rows = self.export()
        oldest = rows[-1]
        self.assertEqual(
            oldest[:5],
            [
                "1",
                "01/07/2024 12:00",
                "claire@cabinet-martin.example",
                "Échéance marquée comme faite",
                "Sauvegarde testée",
            ],
        )
        self.assertEqual(oldest[7], f"org:{self.org.pk}")
        self.assertEqual(oldest[8], Entry.objects.get(chain=oldest[7], seq=1).hash)
        self.assertEqual(
            self.settings_row(rows)[5],
            "exiger la double authentification de tous les membres : non → oui",
        )

    def test_it_neutralises_cells_a_spreadsheet_would_run(self):
        self.login(self.titulaire)
        self.assertEqual(
            self.settings_row(self.export())[4],
            '\'=HYPERLINK("http://exemple.invalid/?vol","Cliquez ici")',
        )

    def test_it_applies_the_filters(self):
        self.login(self.titulaire)
        today = timezone.localtime(self.today.time).date()
        # Today's two entries, and the export's own entry.
        self.assertEqual(len(self.export(f"?start={today}&end={today}")), 3)
        self.assertEqual(len(self.export("?end=2024-07-31")), 1)
        rows = self.export("?action=deadline.done")
        self.assertEqual([r[4] for r in rows], ["Sauvegarde testée"])
        rows = self.export(f"?actor={self.praticien.pk}")
        self.assertEqual([r[3] for r in rows], ["Connexion réussie"])

    def test_a_wrong_filter_never_widens_the_export(self):
        self.login(self.titulaire)
        rows = self.export("?action=deadline.done&end=2024-99-99")
        self.assertEqual([r[4] for r in rows], ["Sauvegarde testée"])
        entry = Entry.objects.filter(org_id=self.org.pk).latest("seq")
        self.assertEqual(entry.details["filtres"], {"action": "Échéance marquée comme faite"})

    def test_it_names_the_file_after_the_organisation_and_the_day(self):
        self.login(self.titulaire)
        r = self.client.get(self.url)
        self.assertRegex(
            r["Content-Disposition"],
            rf'^attachment; filename="journal-{self.org.code}-\d{{4}}-\d\d-\d\d\.csv"$',
        )

    def test_the_export_is_journaled_with_its_filters(self):
        self.login(self.titulaire)
        self.export("?action=deadline.done&page=3")
        entry = Entry.objects.filter(org_id=self.org.pk).latest("seq")
        self.assertEqual(entry.action, "journal.exported")
        self.assertEqual(entry.actor_id, self.titulaire.pk)
        self.assertEqual(
            entry.details, {"format": "csv", "filtres": {"action": "Échéance marquée comme faite"}}
        )

    def test_the_export_names_its_filters_as_the_page_does(self):
        self.login(self.titulaire)
        self.export(f"?actor={self.praticien.pk}&start=2026-12-01")
        entry = Entry.objects.filter(org_id=self.org.pk).latest("seq")
        self.assertEqual(
            entry.details["filtres"],
            {
                "personne": "Paul Petit (paul@cabinet-martin.example)",
                "du": "mardi 1er décembre 2026",
            },
        )

    def test_it_refuses_members_who_may_not_see_the_journal(self):
        self.login(self.secretaire)
        self.assertEqual(self.client.get(self.url).status_code, 403)
        self.login(self.outsider)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.assertFalse(Entry.objects.filter(action="journal.exported").exists())

    def test_it_knows_only_its_three_formats(self):
        self.login(self.titulaire)
        r = self.client.get(f"/o/{self.org.code}/journal/export.html")
        self.assertEqual(r.status_code, 404)
