from datetime import timedelta

from django.utils import timezone

from hygie.journal.models import Entry
from hygie.orgs.models import Invitation, Membership
from hygie.orgs.roles import Role
from hygie.tests.base import BaseTestCase, make_user


class InvitationTestCase(BaseTestCase):
    def setUp(self):
        self.invitation = Invitation.objects.create(
            org=self.org,
            email="nina@cabinet-martin.example",
            role=Role.PRATICIEN,
            invited_by=self.titulaire,
        )
        self.url = f"/invitation/{self.invitation.token}/"
        self.nina = make_user("Nina Garcia", "nina@cabinet-martin.example")

    def test_it_invites_an_anonymous_visitor_to_sign_up_or_in(self):
        r = self.client.get(self.url)
        self.assertContains(r, "Rejoindre Cabinet du Dr Martin")
        self.assertContains(r, "Claire Martin vous invite")
        self.assertContains(r, f"/inscription/?invitation={self.invitation.token}")
        self.assertContains(r, "J'ai déjà un compte")

    def test_it_offers_to_accept_or_decline(self):
        self.login(self.nina)
        r = self.client.get(self.url)
        self.assertContains(r, "Accepter")
        self.assertContains(r, "Décliner")

    def test_it_accepts_with_the_matching_address(self):
        self.login(self.nina)
        r = self.client.post(self.url, {"decision": "accept"}, follow=True)
        self.assertRedirects(r, f"/o/{self.org.code}/")
        self.assertContains(r, "Bienvenue dans Cabinet du Dr Martin !")
        membership = Membership.objects.get(user=self.nina, org=self.org)
        self.assertEqual(membership.role, Role.PRATICIEN)
        self.invitation.refresh_from_db()
        self.assertIsNotNone(self.invitation.accepted_at)

    def test_it_journals_the_acceptance(self):
        self.login(self.nina)
        self.client.post(self.url, {"decision": "accept"})
        entry = Entry.objects.get(action="invitation.accepted", org_id=self.org.id)
        self.assertEqual(entry.actor_id, self.nina.id)
        self.assertEqual(entry.details, {"rôle": "Praticien"})

    def test_it_explains_an_address_mismatch(self):
        self.login(self.outsider)
        r = self.client.get(self.url)
        self.assertContains(
            r, "Cette invitation est adressée à <strong>nina@cabinet-martin.example</strong>"
        )
        self.assertContains(r, "olivier@msp-tilleuls.example")
        self.assertNotContains(r, "Accepter")

    def test_it_refuses_a_mismatched_acceptance(self):
        self.login(self.outsider)
        r = self.client.post(self.url, {"decision": "accept"})
        self.assertContains(r, "Connectez-vous avec ce compte pour l&#x27;accepter.")
        self.assertFalse(Membership.objects.filter(user=self.outsider, org=self.org).exists())
        self.invitation.refresh_from_db()
        self.assertTrue(self.invitation.is_pending)

    def test_it_does_not_let_someone_else_decline(self):
        self.login(self.outsider)
        self.client.post(self.url, {"decision": "decline"})
        self.invitation.refresh_from_db()
        self.assertTrue(self.invitation.is_pending)

    def test_it_declines(self):
        self.login(self.nina)
        r = self.client.post(self.url, {"decision": "decline"})
        self.assertRedirects(r, "/accueil/", fetch_redirect_response=False)
        self.invitation.refresh_from_db()
        self.assertIsNotNone(self.invitation.revoked_at)
        self.assertFalse(Membership.objects.filter(user=self.nina).exists())
        self.assertTrue(Entry.objects.filter(action="invitation.declined", actor_id=self.nina.id))

    def test_it_answers_410_to_an_expired_invitation(self):
        self.invitation.expires = timezone.now() - timedelta(minutes=1)
        self.invitation.save()
        self.login(self.nina)
        r = self.client.get(self.url)
        self.assertContains(r, "Cette invitation n'est plus valable", status_code=410)
        r = self.client.post(self.url, {"decision": "accept"})
        self.assertEqual(r.status_code, 410)
        self.assertFalse(Membership.objects.filter(user=self.nina).exists())

    def test_it_answers_410_to_a_revoked_invitation(self):
        self.invitation.revoked_at = timezone.now()
        self.invitation.save()
        r = self.client.get(self.url)
        self.assertContains(r, "Cette invitation n'est plus valable", status_code=410)

    def test_it_answers_410_to_an_accepted_invitation(self):
        self.login(self.nina)
        self.client.post(self.url, {"decision": "accept"})
        r = self.client.get(self.url)
        self.assertContains(r, "Cette invitation n'est plus valable", status_code=410)

    def test_it_answers_404_to_an_unknown_token(self):
        r = self.client.get("/invitation/inconnue/")
        self.assertEqual(r.status_code, 404)

    def test_it_lists_the_pending_invitation_for_its_addressee(self):
        self.login(self.nina)
        r = self.client.get("/organisations/")
        self.assertContains(r, "Invitations en attente")
        self.assertContains(r, self.url)

    def test_it_lists_it_for_no_one_else(self):
        self.login(self.outsider)
        r = self.client.get("/organisations/")
        self.assertNotContains(r, self.url)
