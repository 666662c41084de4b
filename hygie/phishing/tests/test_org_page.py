"""/o/<code>/messages/: every member analyses a message; an outsider finds nothing."""

from __future__ import annotations

import html

from django.core import signing

from hygie.journal.models import Entry
from hygie.orgs.roles import allows
from hygie.phishing.models import AnalysisCount, MessageReport
from hygie.phishing.tests.base import TAX_REFUND_EML, VITALE_SMS
from hygie.phishing.views import SALT
from hygie.tests.base import BaseTestCase


class OrgPageTestCase(BaseTestCase):
    def url(self, org=None) -> str:
        return f"/o/{(org or self.org).code}/messages/"

    def test_every_role_may_analyse_a_message_the_secretary_first(self):
        for role in ("titulaire", "praticien", "secretariat", "referent", "animateur"):
            self.assertTrue(allows(role, "phishing.analyse"), role)
        for user in (self.titulaire, self.praticien, self.secretaire, self.referent):
            self.login(user)
            self.assertEqual(self.client.get(self.url()).status_code, 200, user)

    def test_an_outsider_finds_nothing(self):
        self.login(self.outsider)
        self.assertEqual(self.client.get(self.url()).status_code, 404)
        self.assertEqual(self.client.post(self.url(), {"text": VITALE_SMS}).status_code, 404)
        self.assertFalse(AnalysisCount.objects.exists())

    def test_a_visitor_is_asked_to_sign_in(self):
        r = self.client.get(self.url())
        self.assertEqual(r.status_code, 302)
        self.assertIn("/connexion/", r["Location"])

    def test_the_home_page_has_its_tile_and_the_menu_its_link(self):
        self.login(self.secretaire)
        r = self.client.get(f"/o/{self.org.code}/")
        self.assertContains(r, f'<a class="tile" href="{self.url()}"><h3>Messages suspects</h3>')
        self.assertContains(r, f'<a href="{self.url()}">Messages suspects</a>')

    def test_an_analysis_stores_nothing_but_its_count(self):
        self.login(self.secretaire)
        entries = Entry.objects.count()
        r = self.client.post(self.url(), {"text": VITALE_SMS, "sender": "AMELI"})
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, 'class="verdict__label"')
        self.assertFalse(MessageReport.objects.exists())
        self.assertEqual(Entry.objects.count(), entries)
        self.assertEqual(AnalysisCount.objects.get().count, 1)

    def test_the_result_carries_its_summary_signed_for_this_member_and_organisation(self):
        self.login(self.praticien)
        r = self.client.post(self.url(), {"text": TAX_REFUND_EML})
        self.assertContains(r, '<form id="suite" method="post"')
        token = html.unescape(r.context["signed"])
        value = signing.loads(token, salt=SALT)
        self.assertEqual((value["org"], value["user"]), (self.org.pk, self.praticien.pk))
        self.assertEqual(value["summary"]["canal"], "email")
        self.assertIn("office360.com", value["summary"]["domaines"])
        self.assertContains(r, "Conserver un rapport")
        self.assertContains(r, "Conserver aussi le texte du message")
        for answer in ("clic", "mot-de-passe", "piece-jointe"):
            self.assertContains(r, f'name="reponse" value="{answer}"')

    def test_an_sms_offers_no_attachment_to_have_opened(self):
        self.login(self.praticien)
        r = self.client.post(self.url(), {"text": VITALE_SMS})
        self.assertContains(r, 'name="reponse" value="clic"')
        self.assertNotContains(r, 'name="reponse" value="piece-jointe"')

    def test_an_unreadable_input_is_said_in_french(self):
        from django.core.files.uploadedfile import SimpleUploadedFile

        self.login(self.praticien)
        r = self.client.post(self.url(), {"file": SimpleUploadedFile("x.txt", b"\x00\x00")})
        self.assertEqual(r.status_code, 400)
        self.assertIn("ne contient pas de texte lisible", html.unescape(r.content.decode()))
        self.assertNotContains(r, 'id="suite"', status_code=400)
