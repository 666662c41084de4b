"""A kept report: redacted (never the text unless asked), journaled, listed to
the organisation only, deleted by its author, the titulaire or the referent,
and after PHISHING_KEEP_DAYS by the housekeeping."""

from __future__ import annotations

from datetime import timedelta

from django.test import override_settings
from django.utils import timezone

from hygie.journal.models import Entry
from hygie.lib import plugins
from hygie.phishing import actions
from hygie.phishing.models import MessageReport
from hygie.phishing.summary import summary
from hygie.phishing.tests.base import LOOK_ALIKE, SENDER, signed, written_analysis
from hygie.tests.base import BaseTestCase


class KeepTestCase(BaseTestCase):
    def keep(self, user, **extra):
        self.login(user)
        data = {"analyse": signed(self.org, user), **extra}
        return self.client.post(f"/o/{self.org.code}/messages/conserver/", data)

    def test_a_report_keeps_verdict_signals_sender_and_domains_never_the_text(self):
        r = self.keep(self.secretaire)
        report = MessageReport.objects.get()
        self.assertRedirects(r, report.get_absolute_url())
        self.assertEqual(
            (report.org, report.created_by, report.channel, report.verdict, report.score),
            (self.org, self.secretaire, "email", "dangereux", 9.0),
        )
        self.assertEqual(report.sender, f"Direction Générale des Impôts <{SENDER}>")
        self.assertEqual(report.domains, [LOOK_ALIKE, "office360.com"])
        self.assertEqual((report.body, report.subject), ("", ""))
        self.assertFalse(report.body_kept)
        excerpts = [e for s in report.signals for e in s["extraits"]]
        self.assertEqual(
            excerpts, [{"ou": "expéditeur", "texte": SENDER}, {"ou": "lien", "texte": LOOK_ALIKE}]
        )
        # The urgency signal stays, without the sentence it came from.
        urgency = next(s for s in report.signals if s["regle"] == "contenu.urgence")
        self.assertEqual(urgency["extraits"], [])
        self.assertNotIn("48h maximum", str(report.signals))

    def test_the_text_is_kept_only_when_asked(self):
        self.keep(self.praticien, texte="oui")
        report = MessageReport.objects.get()
        self.assertEqual(report.subject, "Remboursement impôts")
        self.assertIn("120,70€", report.body)
        self.assertTrue(report.body_kept)

    def test_keeping_a_report_is_journaled_without_the_message(self):
        self.keep(self.praticien)
        entry = Entry.objects.filter(action="phishing.report_kept").get()
        self.assertEqual((entry.org_id, entry.actor_id), (self.org.pk, self.praticien.pk))
        self.assertEqual(
            entry.details,
            {"canal": "E-mail", "verdict": "Dangereux", "texte du message conservé": "non"},
        )
        self.assertNotIn("office360", str(entry.details) + entry.object_label)

    def test_a_summary_signed_for_someone_else_keeps_nothing(self):
        self.login(self.praticien)
        for token in (
            signed(self.org, self.titulaire),  # another member's analysis
            signed(self.other_org, self.praticien),  # another organisation's
            signed(self.org, self.praticien)[:-2] + "xx",  # changed
            "",
        ):
            r = self.client.post(f"/o/{self.org.code}/messages/conserver/", {"analyse": token})
            self.assertEqual(r.status_code, 400)
            self.assertContains(r, "plus disponible", status_code=400)
        self.assertFalse(MessageReport.objects.exists())

    def test_an_outsider_cannot_keep_a_report_in_the_organisation(self):
        self.login(self.outsider)
        r = self.client.post(
            f"/o/{self.org.code}/messages/conserver/", {"analyse": signed(self.org, self.outsider)}
        )
        self.assertEqual(r.status_code, 404)
        self.assertFalse(MessageReport.objects.exists())


class ReportsTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        data = summary(written_analysis(), "2026-03-03T09:20:00+01:00")
        cls.report = actions.keep_report(cls.org, data, with_body=True, actor=cls.praticien)
        cls.theirs = actions.keep_report(cls.other_org, data, with_body=False, actor=cls.outsider)

    def test_the_members_see_the_organisation_s_reports_only(self):
        self.login(self.secretaire)
        r = self.client.get(f"/o/{self.org.code}/messages/rapports/")
        self.assertContains(r, self.report.get_absolute_url())
        self.assertNotContains(r, f"/rapports/{self.theirs.pk}/")

    def test_a_report_shows_its_signals_and_the_text_kept_escaped_and_marked(self):
        self.login(self.secretaire)
        r = self.client.get(self.report.get_absolute_url())
        self.assertContains(r, "Dangereux")
        self.assertContains(r, f"<mark>{LOOK_ALIKE}</mark>")
        self.assertContains(r, "120,70€")

    def test_another_organisation_s_report_is_not_found(self):
        self.login(self.titulaire)
        self.assertEqual(
            self.client.get(f"/o/{self.org.code}/messages/rapports/{self.theirs.pk}/").status_code,
            404,
        )
        self.assertEqual(
            self.client.post(
                f"/o/{self.org.code}/messages/rapports/{self.theirs.pk}/supprimer/"
            ).status_code,
            404,
        )
        self.assertTrue(MessageReport.objects.filter(pk=self.theirs.pk).exists())

    def test_an_outsider_finds_no_report(self):
        self.login(self.outsider)
        self.assertEqual(self.client.get(self.report.get_absolute_url()).status_code, 404)
        self.assertEqual(self.client.get(f"/o/{self.org.code}/messages/rapports/").status_code, 404)

    def test_its_author_deletes_it_and_the_journal_says_so(self):
        self.login(self.praticien)
        r = self.client.post(self.report.get_absolute_url() + "supprimer/")
        self.assertRedirects(r, f"/o/{self.org.code}/messages/rapports/")
        self.assertFalse(MessageReport.objects.filter(pk=self.report.pk).exists())
        entry = Entry.objects.get(action="phishing.report_deleted")
        self.assertEqual(
            (entry.actor_id, entry.object_id), (self.praticien.pk, str(self.report.pk))
        )

    def test_the_titulaire_and_the_referent_may_delete_another_s_report(self):
        for user in (self.titulaire, self.referent):
            self.login(user)
            r = self.client.get(self.report.get_absolute_url())
            self.assertContains(r, "Supprimer ce rapport")
        r = self.client.post(self.report.get_absolute_url() + "supprimer/")
        self.assertEqual(r.status_code, 302)

    def test_another_member_may_not_delete_it(self):
        self.login(self.secretaire)
        self.assertNotContains(
            self.client.get(self.report.get_absolute_url()), "Supprimer ce rapport"
        )
        r = self.client.post(self.report.get_absolute_url() + "supprimer/")
        self.assertEqual(r.status_code, 403)
        self.assertTrue(MessageReport.objects.filter(pk=self.report.pk).exists())

    def test_a_deletion_needs_a_post(self):
        self.login(self.praticien)
        r = self.client.get(self.report.get_absolute_url() + "supprimer/")
        self.assertEqual(r.status_code, 405)


class PurgeTestCase(BaseTestCase):
    def test_the_housekeeping_deletes_reports_older_than_their_keeping_time(self):
        data = summary(written_analysis(), "2026-03-03T09:20:00+01:00")
        old = actions.keep_report(self.org, data, with_body=False, actor=self.praticien)
        recent = actions.keep_report(self.org, data, with_body=False, actor=self.praticien)
        MessageReport.objects.filter(pk=old.pk).update(
            created_at=timezone.now() - timedelta(days=366)
        )
        self.assertIn(actions.purge, plugins.housekeeping())
        self.assertEqual(actions.purge(), 1)
        self.assertEqual(list(MessageReport.objects.all()), [recent])
        entry = Entry.objects.get(action="phishing.reports_purged")
        self.assertEqual(entry.details, {"rapports": 1, "durée (jours)": 365})

    @override_settings(PHISHING_KEEP_DAYS=30)
    def test_the_keeping_time_is_a_setting(self):
        data = summary(written_analysis(), "2026-03-03T09:20:00+01:00")
        report = actions.keep_report(self.org, data, with_body=False, actor=self.praticien)
        MessageReport.objects.filter(pk=report.pk).update(
            created_at=timezone.now() - timedelta(days=31)
        )
        self.assertEqual(actions.purge(), 1)
