"""A kept audit report: its counts and PDF (which names patients) kept at the
member's request, journaled with counts only, listed to the organisation's
auditors only, deleted by its author, the titulaire or the referent, and
after IDENTITY_REPORT_KEEP_DAYS by the housekeeping."""

from __future__ import annotations

from datetime import timedelta

from django.test import override_settings
from django.utils import timezone

from hygie.identity import actions, audit_jobs
from hygie.identity.models import AuditReport
from hygie.identity.tests.test_audit_results import AuditedTestCase
from hygie.journal.models import Entry
from hygie.lib import plugins
from hygie.orgs.models import Membership
from hygie.orgs.roles import Role
from hygie.tests.base import BaseTestCase

FAKE_PDF = b"%PDF-1.7 rapport"


class KeepTestCase(AuditedTestCase):
    """From the results page of a real audit."""

    def audit(self, user):
        super().audit(user)
        return audit_jobs.result(org_pk=self.org.pk, user_pk=user.pk)

    def test_the_results_page_offers_to_keep_the_report_and_says_it_names_patients(self):
        self.audit(self.secretaire)
        r = self.client.get(self.base + "resultats/")
        self.assertContains(r, "Conserver le rapport, avec les identités des patients, 90 jours")
        self.assertContains(r, "qui contient les identités des patients concernés")
        self.assertContains(r, f'action="{self.base}conserver/"')

    def test_keeping_stores_the_counts_and_the_pdf_and_journals_counts_only(self):
        results = self.audit(self.secretaire)
        r = self.client.post(self.base + "conserver/")
        report = AuditReport.objects.get()
        self.assertRedirects(r, report.get_absolute_url())
        self.assertEqual(
            (report.org, report.created_by, report.file_name, report.rows),
            (self.org, self.secretaire, "patients.csv", results["rows"]),
        )
        s = results["summary"]
        self.assertEqual(
            (report.records, report.doublons, report.collisions, report.anomalies),
            (s["enregistrements"], s["doublons"], s["collisions"], s["anomalies"]),
        )
        self.assertGreater(report.doublons, 0)
        self.assertTrue(bytes(report.pdf).startswith(b"%PDF"))
        entry = Entry.objects.get(action="identity.report_kept")
        self.assertEqual((entry.org_id, entry.actor_id), (self.org.pk, self.secretaire.pk))
        self.assertEqual(entry.details["Doublons potentiels (paires)"], report.doublons)
        self.assertEqual(entry.details["durée (jours)"], 90)
        said = str(entry.details) + entry.object_label
        for name in ("LE GALL", "patients.csv", "A1"):
            self.assertNotIn(name, said)
        # The results page now leads to the kept report; keeping again adds none.
        self.assertContains(self.client.get(self.base + "resultats/"), report.get_absolute_url())
        r = self.client.post(self.base + "conserver/")
        self.assertRedirects(r, report.get_absolute_url())
        self.assertEqual(AuditReport.objects.count(), 1)
        self.assertEqual(Entry.objects.filter(action="identity.report_kept").count(), 1)

    def test_the_kept_pdf_is_the_report_of_the_audit(self):
        self.audit(self.praticien)
        self.client.post(self.base + "conserver/")
        report = AuditReport.objects.get()
        r = self.client.get(report.get_absolute_url() + "pdf/")
        self.assertEqual(r["Content-Type"], "application/pdf")
        self.assertEqual(r.content, bytes(report.pdf))
        # Once the results are gone, the kept report stays.
        self.client.post(self.base, {"abandonner": "oui"})
        self.assertEqual(self.client.get(report.get_absolute_url()).status_code, 200)

    def test_without_results_nothing_is_kept(self):
        self.login(self.secretaire)
        r = self.client.post(self.base + "conserver/")
        self.assertRedirects(r, self.base)
        self.assertFalse(AuditReport.objects.exists())

    def test_keeping_needs_a_post(self):
        self.audit(self.secretaire)
        self.assertEqual(self.client.get(self.base + "conserver/").status_code, 405)
        self.assertFalse(AuditReport.objects.exists())

    def test_an_outsider_cannot_keep_a_report_in_the_organisation(self):
        self.login(self.outsider)
        self.assertEqual(self.client.post(self.base + "conserver/").status_code, 404)
        self.assertFalse(AuditReport.objects.exists())


def kept(org, user, **counts) -> AuditReport:
    return AuditReport.objects.create(
        org=org,
        created_by=user,
        file_name="export-patients.csv",
        rows=160,
        records=160,
        doublons=counts.get("doublons", 4),
        collisions=counts.get("collisions", 1),
        anomalies=counts.get("anomalies", 7),
        pdf=FAKE_PDF,
    )


class ReportsTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.report = kept(cls.org, cls.praticien)
        cls.theirs = kept(cls.other_org, cls.outsider)

    def url(self, report: AuditReport, tail: str = "") -> str:
        return f"/o/{self.org.code}/identite/rapports/{report.pk}/{tail}"

    def test_the_members_who_audit_see_the_organisation_s_reports_only(self):
        self.login(self.secretaire)
        r = self.client.get(f"/o/{self.org.code}/identite/rapports/")
        self.assertContains(r, self.report.get_absolute_url())
        self.assertContains(r, "« export-patients.csv »")
        self.assertNotContains(r, f"/rapports/{self.theirs.pk}/")

    def test_a_report_shows_its_counts_and_its_pdf(self):
        self.login(self.secretaire)
        r = self.client.get(self.report.get_absolute_url())
        self.assertContains(r, "<strong>4</strong> doublons potentiels")
        self.assertContains(r, "Rapport PDF (identités des patients)")
        r = self.client.get(self.url(self.report, "pdf/"))
        self.assertEqual(r.content, FAKE_PDF)
        self.assertIn("attachment;", r["Content-Disposition"])
        self.assertIn("no-store", r["Cache-Control"])

    def test_another_organisation_s_report_is_not_found(self):
        self.login(self.referent)  # a member of both organisations
        for tail in ("", "pdf/"):
            self.assertEqual(self.client.get(self.url(self.theirs, tail)).status_code, 404)
        self.assertEqual(self.client.post(self.url(self.theirs, "supprimer/")).status_code, 404)
        self.assertTrue(AuditReport.objects.filter(pk=self.theirs.pk).exists())

    def test_an_outsider_finds_no_report(self):
        self.login(self.outsider)
        for url in (
            f"/o/{self.org.code}/identite/rapports/",
            self.url(self.report),
            self.url(self.report, "pdf/"),
        ):
            self.assertEqual(self.client.get(url).status_code, 404, url)

    def test_the_animateur_has_no_access(self):
        Membership.objects.create(user=self.animateur, org=self.org, role=Role.ANIMATEUR)
        self.login(self.animateur)
        for url in (
            f"/o/{self.org.code}/identite/rapports/",
            self.url(self.report),
            self.url(self.report, "pdf/"),
        ):
            self.assertEqual(self.client.get(url).status_code, 403, url)
        self.assertEqual(self.client.post(self.url(self.report, "supprimer/")).status_code, 403)
        self.assertEqual(
            self.client.post(f"/o/{self.org.code}/identite/audit/conserver/").status_code, 403
        )
        self.assertNotContains(
            self.client.get(f"/o/{self.org.code}/identite/"), "Rapports d'audit conservés"
        )
        self.assertTrue(AuditReport.objects.filter(pk=self.report.pk).exists())

    def test_its_author_deletes_it_and_the_journal_keeps_counts_only(self):
        self.login(self.praticien)
        r = self.client.post(self.url(self.report, "supprimer/"))
        self.assertRedirects(r, f"/o/{self.org.code}/identite/rapports/")
        self.assertFalse(AuditReport.objects.filter(pk=self.report.pk).exists())
        entry = Entry.objects.get(action="identity.report_deleted")
        self.assertEqual(
            (entry.actor_id, entry.object_id), (self.praticien.pk, str(self.report.pk))
        )
        self.assertEqual(entry.details["Collisions potentielles (paires)"], 1)
        self.assertNotIn("export-patients", str(entry.details) + entry.object_label)

    def test_the_titulaire_and_the_referent_may_delete_another_s_report(self):
        for user in (self.titulaire, self.referent):
            self.login(user)
            self.assertContains(
                self.client.get(self.report.get_absolute_url()), "Supprimer ce rapport"
            )
        r = self.client.post(self.url(self.report, "supprimer/"))
        self.assertEqual(r.status_code, 302)
        self.assertFalse(AuditReport.objects.filter(pk=self.report.pk).exists())

    def test_another_member_may_not_delete_it(self):
        self.login(self.secretaire)
        self.assertNotContains(
            self.client.get(self.report.get_absolute_url()), "Supprimer ce rapport"
        )
        self.assertEqual(self.client.post(self.url(self.report, "supprimer/")).status_code, 403)
        self.assertTrue(AuditReport.objects.filter(pk=self.report.pk).exists())

    def test_a_deletion_needs_a_post(self):
        self.login(self.praticien)
        self.assertEqual(self.client.get(self.url(self.report, "supprimer/")).status_code, 405)


class PurgeTestCase(BaseTestCase):
    def test_the_housekeeping_deletes_reports_older_than_their_keeping_time(self):
        old = kept(self.org, self.praticien)
        recent = kept(self.org, self.praticien)
        theirs = kept(self.other_org, self.outsider)
        AuditReport.objects.filter(pk__in=[old.pk, theirs.pk]).update(
            created_at=timezone.now() - timedelta(days=91)
        )
        self.assertIn(actions.housekeeping, plugins.housekeeping())
        actions.housekeeping(timezone.now())
        self.assertEqual(list(AuditReport.objects.all()), [recent])
        entries = Entry.objects.filter(action="identity.reports_purged").order_by("org_id")
        self.assertEqual(
            [(e.org_id, e.details) for e in entries],
            [
                (self.org.pk, {"rapports": 1, "durée (jours)": 90}),
                (self.other_org.pk, {"rapports": 1, "durée (jours)": 90}),
            ],
        )
        self.assertEqual(actions.purge_reports(), 0)

    @override_settings(IDENTITY_REPORT_KEEP_DAYS=30)
    def test_the_keeping_time_is_a_setting(self):
        report = kept(self.org, self.praticien)
        AuditReport.objects.filter(pk=report.pk).update(
            created_at=timezone.now() - timedelta(days=31)
        )
        self.assertEqual(actions.purge_reports(), 1)
