from hygie.journal.models import Entry
from hygie.orgs.models import Invitation
from hygie.orgs.roles import Role
from hygie.tests.base import BaseTestCase


class InvitationRevokeTestCase(BaseTestCase):
    def setUp(self):
        self.invitation = Invitation.objects.create(
            org=self.org, email="nina@cabinet-martin.example", role=Role.PRATICIEN
        )
        self.url = f"/o/{self.org.code}/invitations/{self.invitation.pk}/annuler/"

    def test_it_revokes_a_pending_invitation(self):
        self.login(self.titulaire)
        r = self.client.post(self.url)
        self.assertRedirects(r, f"/o/{self.org.code}/membres/")
        self.invitation.refresh_from_db()
        self.assertFalse(self.invitation.is_pending)
        entry = Entry.objects.get(action="invitation.revoked", org_id=self.org.id)
        self.assertEqual(entry.object_label, "nina@cabinet-martin.example")
        self.assertEqual(self.client.get(self.invitation.get_absolute_url()).status_code, 410)

    def test_it_answers_404_for_an_invitation_already_revoked(self):
        self.login(self.titulaire)
        self.client.post(self.url)
        self.assertEqual(self.client.post(self.url).status_code, 404)

    def test_it_answers_404_for_an_invitation_of_another_organisation(self):
        theirs = Invitation.objects.create(
            org=self.other_org, email="nina@cabinet-martin.example", role=Role.PRATICIEN
        )
        self.login(self.titulaire)
        r = self.client.post(f"/o/{self.org.code}/invitations/{theirs.pk}/annuler/")
        self.assertEqual(r.status_code, 404)
        theirs.refresh_from_db()
        self.assertTrue(theirs.is_pending)

    def test_it_answers_403_to_the_secretary(self):
        self.login(self.secretaire)
        self.assertEqual(self.client.post(self.url).status_code, 403)
        self.invitation.refresh_from_db()
        self.assertTrue(self.invitation.is_pending)

    def test_it_answers_404_to_an_outsider(self):
        self.login(self.outsider)
        self.assertEqual(self.client.post(self.url).status_code, 404)
        self.invitation.refresh_from_db()
        self.assertTrue(self.invitation.is_pending)
