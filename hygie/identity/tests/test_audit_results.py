"""/o/<code>/identite/audit/progression|resultats|paire|telecharger: the audit of a
small practice export, from the confirmed columns to the downloads.

The audit runs within the request in tests (IDENTITY_AUDIT_IN_BACKGROUND off);
the browser test runs its thread.
"""

from __future__ import annotations

import csv
import io
import os
import time

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile

from hygie.identity import audit_jobs, uploads
from hygie.identity.tests.base import UploadFolderTestCase
from hygie.identity.tests.test_audit import ORIGINAL, PATTERNS, background
from hygie.identity.tests.test_audit_command import practice_export
from hygie.journal.models import Entry

# Twins: same surname, birth date and place, other first names: never a doublon.
TWIN = dict(ORIGINAL, identifiant="J1", prenoms="PAUL ANDRE", nir="")
# A collision: a child recorded under its father's NIR.
CHILD = dict(
    ORIGINAL,
    identifiant="C1",
    prenoms="LUCIE",
    sexe="F",
    date_naissance="1995-06-21",
    lieu_naissance="29019",
)
INJECTED = dict(PATTERNS[0][1], identifiant="=HYPERLIEN(1)")


def small_export() -> bytes:
    rows = background(150) + [ORIGINAL, TWIN, CHILD, INJECTED] + [d for _n, d in PATTERNS[1:]]
    return practice_export(rows) + b"Z9,DURAND,,PAUL,M,31/02/1970,75056,,\r\n"


class AuditedTestCase(UploadFolderTestCase):
    """The small export uploaded and audited with the columns Hygie proposes."""

    def setUp(self):
        super().setUp()
        self.base = f"/o/{self.org.code}/identite/audit/"

    def audit(self, user=None):
        self.login(user or self.secretaire)
        r = self.client.post(
            self.base, {"fichier": SimpleUploadedFile("patients.csv", small_export())}
        )
        self.assertRedirects(r, self.base + "colonnes/")
        page = self.client.get(self.base + "colonnes/")
        fields = {
            name: page.context["form"][name].value() or "" for name in page.context["form"].fields
        }
        return self.client.post(self.base + "colonnes/", fields)


class AuditResultsTestCase(AuditedTestCase):
    def results(self) -> dict:
        return audit_jobs.result(org_pk=self.org.pk, user_pk=self.secretaire.pk)

    def test_the_confirmed_columns_start_the_audit_and_lead_to_its_results(self):
        r = self.audit()
        self.assertRedirects(r, self.base + "progression/", target_status_code=302)
        r = self.client.get(self.base + "progression/")
        self.assertRedirects(r, self.base + "resultats/")
        r = self.client.get(self.base + "resultats/")
        self.assertContains(r, "Synthèse")
        self.assertContains(r, "fourchette de 1 à 4 %")
        self.assertContains(r, "Doublons potentiels")
        self.assertContains(r, "A1 — LE GALL")
        self.assertContains(r, "Une collision n'est jamais à fusionner")
        self.assertContains(r, "Date de naissance impossible (31/02/1970)")
        # Nothing of the file remains but the results, in the temporary folder.
        names = os.listdir(self.folder)
        self.assertFalse(
            [
                n
                for n in names
                if n.endswith((uploads.SUFFIX, uploads.META, audit_jobs.RUNNING_FILE))
            ]
        )

    def test_twins_are_never_paired_as_doublons_and_the_collision_is_apart(self):
        self.audit()
        pairs = self.results()["pairs"]
        kinds = {frozenset((p["a"], p["b"])): p["kind"] for p in pairs}
        self.assertEqual(kinds[frozenset(("A1", "B6"))], "doublon")
        self.assertNotEqual(kinds.get(frozenset(("A1", "J1"))), "doublon")
        self.assertEqual(kinds[frozenset(("A1", "C1"))], "collision")

    def test_a_pair_shows_both_records_with_the_traits_that_differ(self):
        self.audit()
        pairs = self.results()["pairs"]
        index = next(i for i, p in enumerate(pairs) if {p["a"], p["b"]} == {"A1", "C1"})
        r = self.client.get(f"{self.base}paire/{index}/")
        self.assertContains(r, "À ne pas fusionner")
        self.assertContains(r, "LUCIE")
        self.assertContains(r, 'class="trait--differ"')
        self.assertContains(r, "21/06/1995")
        self.assertEqual(self.client.get(f"{self.base}paire/{len(pairs)}/").status_code, 404)

    def test_the_csv_holds_the_doublons_only_and_no_formula(self):
        self.audit()
        r = self.client.get(self.base + "telecharger/csv/")
        self.assertEqual(r["Content-Type"], "text/csv; charset=utf-8")
        text = r.content.decode("utf-8-sig")
        rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
        self.assertEqual({row["type"] for row in rows}, {"doublon"})
        self.assertTrue(
            any(
                row["identifiant_b"] == "'=HYPERLIEN(1)" or row["identifiant_a"] == "'=HYPERLIEN(1)"
                for row in rows
            )
        )
        self.assertNotIn(";=HYPERLIEN", text)

    def test_the_xlsx_has_a_sheet_of_collisions_not_to_merge(self):
        self.audit()
        r = self.client.get(self.base + "telecharger/xlsx/")
        book = openpyxl.load_workbook(io.BytesIO(r.content))
        self.assertEqual(book.sheetnames, ["Doublons potentiels", "Collisions - ne pas fusionner"])
        collisions = list(book["Collisions - ne pas fusionner"].values)
        self.assertIn("C1", {c for row in collisions[1:] for c in row[:2]})

    def test_the_pdf_report(self):
        self.audit()
        r = self.client.get(self.base + "telecharger/pdf/")
        self.assertEqual(r["Content-Type"], "application/pdf")
        self.assertTrue(r.content.startswith(b"%PDF"))
        self.assertEqual(self.client.get(self.base + "telecharger/doc/").status_code, 404)

    def test_the_journal_records_counts_only_once(self):
        self.audit()
        self.client.get(self.base + "resultats/")
        self.client.get(self.base + "resultats/")
        entries = Entry.objects.filter(org_id=self.org.pk, action="identity.audit_ran")
        self.assertEqual(entries.count(), 1)
        details = entries.get().details
        # The line with an impossible date is read, its date left blank.
        self.assertEqual(details["Identités lues"], 150 + 4 + len(PATTERNS))
        self.assertNotIn("LE GALL", str(details))
        self.assertNotIn("patients.csv", str(details))

    def test_results_are_the_auditors_alone_and_deleted_on_demand(self):
        self.audit()
        self.login(self.praticien)
        self.assertRedirects(self.client.get(self.base + "resultats/"), self.base)
        self.login(self.secretaire)
        r = self.client.post(self.base, {"abandonner": "oui"})
        self.assertRedirects(r, self.base)
        self.assertEqual(os.listdir(self.folder), [])
        self.assertRedirects(self.client.get(self.base + "resultats/"), self.base)

    def test_results_older_than_an_hour_are_purged(self):
        self.audit()
        old = time.time() - 3601
        for name in os.listdir(self.folder):
            os.utime(self.folder / name, (old, old))
        self.assertRedirects(self.client.get(self.base + "resultats/"), self.base)
        self.assertEqual(os.listdir(self.folder), [])

    def test_an_outsider_sees_nothing(self):
        self.audit()
        self.login(self.outsider)
        for path in ("progression/", "resultats/", "paire/0/", "telecharger/csv/"):
            self.assertEqual(self.client.get(self.base + path).status_code, 404)

    def test_the_progress_bar_while_the_audit_runs(self):
        self.login(self.secretaire)
        owner = {"org_pk": self.org.pk, "user_pk": self.secretaire.pk}
        reporter = audit_jobs._Reporter(audit_jobs._base(**owner).with_suffix(audit_jobs.STATE))
        reporter.write(audit_jobs.RUNNING, 0.42, "Comparaison des paires candidates")
        r = self.client.get(self.base + "progression/")
        self.assertContains(r, 'hx-trigger="every 1s"')
        self.assertContains(r, '<progress max="100" value="42"')
        r = self.client.get(self.base + "progression/", headers={"HX-Request": "true"})
        self.assertNotContains(r, "<html")
        self.assertContains(r, "42 % — Comparaison des paires candidates")
        reporter.write(audit_jobs.DONE, 1.0, "Audit terminé")
        r = self.client.get(self.base + "progression/", headers={"HX-Request": "true"})
        self.assertEqual(r["HX-Redirect"], self.base + "resultats/")

    def test_an_audit_that_failed_says_so_in_french(self):
        self.login(self.secretaire)
        owner = {"org_pk": self.org.pk, "user_pk": self.secretaire.pk}
        reporter = audit_jobs._Reporter(audit_jobs._base(**owner).with_suffix(audit_jobs.STATE))
        reporter.write(audit_jobs.FAILED, 0.0, "", audit_jobs.FAILED_FR)
        r = self.client.get(self.base + "progression/")
        self.assertContains(r, "L'audit n'a pas abouti")
        self.assertNotContains(r, "hx-trigger")


class AuditJobTestCase(UploadFolderTestCase):
    """A job stops, writing nothing, once its state is deleted or names another job."""

    def job(self, name: str) -> audit_jobs._Job:
        from hygie.identity import intake

        base = audit_jobs._base(org_pk=self.org.pk, user_pk=self.titulaire.pk)
        source = self.folder / f"{name}.encours"
        source.write_bytes(small_export())
        reporter = audit_jobs._Reporter(base.with_suffix(audit_jobs.STATE), name)
        mapping = intake.inspect(source).mapping
        return audit_jobs._Job(reporter, base, source, mapping, "", "patients.csv", intake.Limits())

    def test_a_job_replaced_by_a_newer_one_writes_nothing_and_deletes_its_file(self):
        old = self.job("ancien")
        old.reporter.write(audit_jobs.RUNNING, 0.0, "")
        new = self.job("nouveau")
        new.reporter.write(audit_jobs.RUNNING, 0.0, "")
        old()
        self.assertFalse(old.source.exists())
        self.assertIsNone(audit_jobs.result(org_pk=self.org.pk, user_pk=self.titulaire.pk))
        new()
        self.assertFalse(new.source.exists())
        self.assertIsNotNone(audit_jobs.result(org_pk=self.org.pk, user_pk=self.titulaire.pk))

    def test_a_job_whose_results_were_deleted_stops(self):
        job = self.job("supprime")
        # No state: the person deleted the audit before it ran.
        job()
        self.assertFalse(job.source.exists())
        self.assertEqual(os.listdir(self.folder), [])
