import re
from urllib.parse import urlsplit

from django.core import mail
from django.test import override_settings

from hygie.journal.models import Entry
from hygie.orgs.models import Invitation
from hygie.orgs.roles import Role
from hygie.tests.base import BaseTestCase


class InviteTestCase(BaseTestCase):
    def setUp(self):
        self.url = f"/o/{self.org.code}/membres/"

    def invite(self, email="Nina.Garcia@Cabinet-Martin.example", role=Role.PRATICIEN):
        return self.client.post(self.url, {"email": email, "role": role})

    def test_it_invites_a_person(self):
        self.login(self.titulaire)
        r = self.invite()
        self.assertRedirects(r, self.url)
        invitation = Invitation.objects.get(org=self.org)
        self.assertEqual(invitation.email, "nina.garcia@cabinet-martin.example")
        self.assertEqual(invitation.role, Role.PRATICIEN)
        self.assertEqual(invitation.invited_by, self.titulaire)
        self.assertTrue(invitation.is_pending)

    def test_it_journals_the_invitation(self):
        self.login(self.titulaire)
        self.invite()
        entry = Entry.objects.get(action="member.invited", org_id=self.org.id)
        self.assertEqual(entry.actor_id, self.titulaire.id)
        self.assertEqual(entry.object_label, "nina.garcia@cabinet-martin.example")
        self.assertEqual(entry.details, {"rôle": "Praticien"})

    def test_it_sends_an_email_with_a_working_link(self):
        self.login(self.titulaire)
        self.invite()
        self.assertEqual(len(mail.outbox), 1)
        message = mail.outbox[0]
        self.assertEqual(message.to, ["nina.garcia@cabinet-martin.example"])
        self.assertIn("Claire Martin", message.subject)
        self.assertIn("Cabinet du Dr Martin", message.subject)
        invitation = Invitation.objects.get(org=self.org)
        link = re.search(r"https?://\S+/invitation/\S+/", message.body).group(0)
        self.assertTrue(link.endswith(f"/invitation/{invitation.token}/"))
        html = message.alternatives[0][0]
        self.assertIn(f"/invitation/{invitation.token}/", html)

        self.client.logout()
        r = self.client.get(urlsplit(link).path)
        self.assertContains(r, "Rejoindre Cabinet du Dr Martin")
        self.assertContains(r, "en tant que <strong>praticien</strong>", html=False)

    def test_it_shows_the_pending_invitation(self):
        self.login(self.titulaire)
        self.invite()
        r = self.client.get(self.url)
        self.assertContains(r, "Invitations en attente")
        self.assertContains(r, "nina.garcia@cabinet-martin.example")

    def test_reinviting_replaces_the_pending_invitation(self):
        self.login(self.titulaire)
        self.invite(role=Role.PRATICIEN)
        first = Invitation.objects.get(org=self.org)
        self.invite(role=Role.SECRETARIAT)

        first.refresh_from_db()
        self.assertIsNotNone(first.revoked_at)
        pending = Invitation.objects.pending().get(org=self.org)
        self.assertEqual(pending.role, Role.SECRETARIAT)
        self.assertEqual(len(mail.outbox), 2)
        self.assertEqual(self.client.get(first.get_absolute_url()).status_code, 410)

    def test_it_refuses_to_invite_a_member(self):
        self.login(self.titulaire)
        r = self.invite(email="Paul@Cabinet-Martin.example")
        self.assertContains(
            r, "Cette personne est déjà membre de l&#x27;organisation.", status_code=400
        )
        self.assertFalse(Invitation.objects.exists())
        self.assertEqual(mail.outbox, [])

    def test_it_requires_a_valid_address_and_role(self):
        self.login(self.titulaire)
        r = self.invite(email="pas-une-adresse", role="chef")
        self.assertContains(r, "Saisissez une adresse de courriel valide.", status_code=400)
        self.assertContains(r, "Sélectionnez un choix valide", status_code=400)
        self.assertFalse(Invitation.objects.exists())

    def test_it_does_not_let_a_praticien_invite(self):
        self.login(self.praticien)
        r = self.invite()
        self.assertRedirects(r, self.url)
        self.assertFalse(Invitation.objects.exists())
        self.assertEqual(mail.outbox, [])

    def test_it_does_not_let_the_secretary_invite(self):
        self.login(self.secretaire)
        self.invite()
        self.assertFalse(Invitation.objects.exists())

    def test_it_does_not_show_the_form_to_a_praticien(self):
        self.login(self.praticien)
        r = self.client.get(self.url)
        self.assertContains(r, "Membres et rôles")
        self.assertNotContains(r, "Inviter une personne")

    def test_it_answers_404_to_an_outsider(self):
        self.login(self.outsider)
        r = self.invite()
        self.assertEqual(r.status_code, 404)
        self.assertFalse(Invitation.objects.exists())


class InviteWithoutMailServerTestCase(BaseTestCase):
    # A real SMTP backend aimed at a closed port: the connection is refused.
    @override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=1,
        EMAIL_TIMEOUT=2,
    )
    def test_it_keeps_the_invitation_and_says_the_e_mail_did_not_leave(self):
        self.login(self.titulaire)
        url = f"/o/{self.org.code}/membres/"
        with self.assertLogs("hygie.emails", level="ERROR"):
            r = self.client.post(
                url, {"email": "nina@cabinet-martin.example", "role": Role.PRATICIEN}, follow=True
            )
        self.assertContains(r, "l&#x27;e-mail n&#x27;a pas pu partir")
        self.assertTrue(Invitation.objects.filter(email="nina@cabinet-martin.example").exists())
