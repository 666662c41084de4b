"""Invitations: pasted, validated, single-use, reminders only to unused links."""

from django.core import mail
from django.test import Client

from hygie.surveys import actions
from hygie.surveys.models import Invitation, Response
from hygie.surveys.tests.base import SurveyTestCase


class ParseEmailsTestCase(SurveyTestCase):
    def test_addresses_are_split_lowercased_and_deduplicated(self):
        cases = [
            ("a@x.fr", ["a@x.fr"], []),
            ("A@X.fr, a@x.fr;b@x.fr\n c@x.fr", ["a@x.fr", "b@x.fr", "c@x.fr"], []),
            ("<d@x.fr> pas-une-adresse", ["d@x.fr"], ["pas-une-adresse"]),
            ("  ", [], []),
        ]
        for text, found, refused in cases:
            with self.subTest(text=text):
                self.assertEqual(actions.parse_emails(text), (found, refused))


class InvitationPagesTestCase(SurveyTestCase):
    def setUp(self):
        self.login(self.animateur)
        self.invitations_url = f"/o/{self.region.code}/enquetes/{self.survey.pk}/invitations/"

    def test_pasted_addresses_are_added_once(self):
        self.client.post(self.invitations_url, {"addresses": "a@x.fr\nb@x.fr, A@x.fr"})
        self.client.post(self.invitations_url, {"addresses": "b@x.fr c@x.fr"})
        self.assertEqual(
            list(Invitation.objects.values_list("email", flat=True)),
            ["a@x.fr", "b@x.fr", "c@x.fr"],
        )

    def test_a_wrong_address_refuses_the_whole_list_in_french(self):
        response = self.client.post(self.invitations_url, {"addresses": "a@x.fr, bonjour"})
        self.assertContains(response, "ne sont pas des adresses e-mail", status_code=400)
        self.assertContains(response, "bonjour", status_code=400)
        self.assertFalse(Invitation.objects.exists())

    def test_invitations_are_sent_once_and_reminders_go_only_to_unused_links(self):
        actions.add_invitations(self.survey, ["a@x.fr", "b@x.fr", "c@x.fr"], self.animateur)
        self.client.post(self.invitations_url, {"action": "send"})
        self.assertEqual(sorted(m.to[0] for m in mail.outbox), ["a@x.fr", "b@x.fr", "c@x.fr"])
        answering = mail.outbox[0].to[0]
        link = next(line for line in mail.outbox[0].body.splitlines() if "/enquete/" in line)
        # Sending again sends nothing new.
        self.client.post(self.invitations_url, {"action": "send"})
        self.assertEqual(len(mail.outbox), 3)
        # The person of the first e-mail answers through their link.
        self.answer(client=Client(), url=link.split("testserver")[-1].strip())
        mail.outbox.clear()
        self.client.post(self.invitations_url, {"action": "remind"})
        reminded = sorted(m.to[0] for m in mail.outbox)
        self.assertEqual(len(reminded), 2)
        self.assertNotIn(answering, reminded)
        self.assertTrue(all("Rappel" in m.subject for m in mail.outbox))
        # The reminder carries the same link as the first e-mail.
        other = reminded[0]
        body = next(m for m in mail.outbox if m.to == [other]).body
        self.assertIn(actions.invitation_path(Invitation.objects.get(email=other)), body)
        self.assertEqual(Invitation.objects.get(email=other).sent_count, 2)
        self.assertEqual(Invitation.objects.get(email=answering).sent_count, 1)

    def test_a_link_serves_once(self):
        actions.add_invitations(self.survey, ["a@x.fr"], self.animateur)
        url = actions.invitation_path(Invitation.objects.get())
        self.assertEqual(self.answer(client=Client(), url=url).status_code, 302)
        again = self.answer(client=Client(), url=url)
        self.assertContains(again, "a déjà servi : une seule réponse par lien", status_code=409)
        self.assertEqual(Response.objects.count(), 1)

    def test_a_used_link_refused_by_the_race_leaves_nothing(self):
        actions.add_invitations(self.survey, ["a@x.fr"], self.animateur)
        invitation = Invitation.objects.get()
        actions.submit(
            self.survey, {"profession": "medecin"}, browser_token="1", invitation=invitation
        )
        with self.assertRaises(actions.AlreadyAnswered):
            # A second request that read the invitation before it was used.
            actions.submit(
                self.survey, {"profession": "medecin"}, browser_token="2", invitation=invitation
            )
        self.assertEqual(Response.objects.count(), 1)

    def test_an_unknown_invitation_token_is_404(self):
        self.assertEqual(Client().get(f"{self.survey.public_path()}i/faux/").status_code, 404)

    def test_invitations_wait_for_the_survey_to_open(self):
        draft = actions.create_from_template(self.region, actions.READY_MADE, self.animateur)
        actions.add_invitations(draft, ["a@x.fr"], self.animateur)
        url = f"/o/{self.region.code}/enquetes/{draft.pk}/invitations/"
        response = self.client.post(url, {"action": "send"}, follow=True)
        self.assertContains(response, "Ouvrez l&#x27;enquête avant")
        self.assertEqual(len(mail.outbox), 0)

    def test_addresses_are_deleted_thirty_days_after_the_closing(self):
        from datetime import timedelta

        from django.utils import timezone

        actions.add_invitations(self.survey, ["a@x.fr"], self.animateur)
        now = timezone.now()
        actions.set_status(self.survey, "closed", self.animateur, now=now)
        self.assertEqual(actions.purge_invitations(now + timedelta(days=29)), 0)
        self.assertEqual(actions.purge_invitations(now + timedelta(days=31)), 1)
        self.assertFalse(Invitation.objects.exists())
