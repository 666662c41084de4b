from hygie.accounts.models import User
from hygie.journal.models import Entry
from hygie.orgs.models import Invitation, Membership
from hygie.orgs.roles import Role
from hygie.tests.base import PASSWORD, BaseTestCase


class SignupThroughInvitationTestCase(BaseTestCase):
    def setUp(self):
        self.invitation = Invitation.objects.create(
            org=self.org,
            email="nina@cabinet-martin.example",
            role=Role.SECRETARIAT,
            invited_by=self.titulaire,
        )
        self.url = f"/inscription/?invitation={self.invitation.token}"

    def post(self, **overrides):
        data = {
            "full_name": "Nina Garcia",
            "email": "autre@exemple.fr",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "invitation": self.invitation.token,
            **overrides,
        }
        return self.client.post("/inscription/", data)

    def test_it_shows_the_organisation_and_the_invited_address(self):
        r = self.client.get(self.url)
        self.assertContains(r, "Vous rejoindrez <strong>Cabinet du Dr Martin</strong>")
        self.assertContains(r, 'value="nina@cabinet-martin.example"')
        self.assertContains(r, "disabled")

    def test_it_creates_a_confirmed_account(self):
        self.post()
        user = User.objects.get(email="nina@cabinet-martin.example")
        self.assertTrue(user.email_confirmed)
        self.assertFalse(User.objects.filter(email="autre@exemple.fr").exists())

    def test_it_creates_the_membership(self):
        r = self.post()
        self.assertRedirects(r, f"/o/{self.org.code}/")
        membership = Membership.objects.get(user__email="nina@cabinet-martin.example")
        self.assertEqual(membership.org, self.org)
        self.assertEqual(membership.role, Role.SECRETARIAT)
        self.invitation.refresh_from_db()
        self.assertIsNotNone(self.invitation.accepted_at)

    def test_it_signs_the_person_in(self):
        r = self.client.post(
            "/inscription/",
            {
                "full_name": "Nina Garcia",
                "password1": PASSWORD,
                "password2": PASSWORD,
                "invitation": self.invitation.token,
            },
            follow=True,
        )
        self.assertContains(r, "Bienvenue dans Cabinet du Dr Martin !")
        self.assertEqual(r.context["user"].email, "nina@cabinet-martin.example")

    def test_it_journals_the_signup_and_the_acceptance(self):
        self.post()
        user = User.objects.get(email="nina@cabinet-martin.example")
        self.assertTrue(Entry.objects.filter(action="account.signup", actor_id=user.id))
        self.assertTrue(
            Entry.objects.filter(action="invitation.accepted", actor_id=user.id, org_id=self.org.id)
        )

    def test_it_does_not_use_a_revoked_invitation(self):
        self.invitation.revoked_at = self.invitation.created
        self.invitation.save()
        r = self.client.get(self.url)
        self.assertNotContains(r, "Vous rejoindrez")
        self.post(email="nina@cabinet-martin.example")
        self.assertFalse(Membership.objects.filter(user__email="nina@cabinet-martin.example"))
        user = User.objects.get(email="nina@cabinet-martin.example")
        self.assertFalse(user.email_confirmed)
