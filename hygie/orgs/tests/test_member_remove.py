from hygie.journal.models import Entry
from hygie.orgs import actions
from hygie.orgs.models import Membership
from hygie.orgs.roles import Role
from hygie.tests.base import BaseTestCase


class MemberRemoveTestCase(BaseTestCase):
    def url(self, membership):
        return f"/o/{self.org.code}/membres/{membership.pk}/retirer/"

    def test_it_removes_a_member(self):
        self.login(self.titulaire)
        r = self.client.post(self.url(self.membership(self.praticien)), follow=True)
        self.assertRedirects(r, f"/o/{self.org.code}/membres/")
        self.assertContains(r, "Paul Petit ne fait plus partie de l&#x27;organisation.")
        self.assertFalse(Membership.objects.filter(user=self.praticien, org=self.org).exists())

    def test_it_journals_the_removal(self):
        self.login(self.titulaire)
        self.client.post(self.url(self.membership(self.praticien)))
        entry = Entry.objects.get(action="member.removed", org_id=self.org.id)
        self.assertEqual(entry.actor_id, self.titulaire.id)
        self.assertEqual(entry.object_label, "paul@cabinet-martin.example")
        self.assertEqual(entry.details, {"rôle": "Praticien"})

    def test_the_removed_member_loses_access(self):
        self.login(self.praticien)
        self.client.get(f"/o/{self.org.code}/")
        self.praticien.refresh_from_db()
        self.assertEqual(self.praticien.last_org, self.org)

        actions.remove_member(self.membership(self.praticien), actor=self.titulaire, request=None)
        self.praticien.refresh_from_db()
        self.assertIsNone(self.praticien.last_org)
        self.assertEqual(self.client.get(f"/o/{self.org.code}/").status_code, 404)

    def test_it_keeps_the_referent_in_their_other_organisation(self):
        self.login(self.titulaire)
        self.client.post(self.url(self.membership(self.referent)))
        self.assertTrue(Membership.objects.filter(user=self.referent, org=self.other_org))

    def test_it_sends_a_titulaire_removing_themselves_to_the_leave_page(self):
        self.login(self.titulaire)
        r = self.client.post(self.url(self.membership(self.titulaire)))
        self.assertRedirects(r, f"/o/{self.org.code}/quitter/", fetch_redirect_response=False)
        self.assertTrue(Membership.objects.filter(user=self.titulaire, org=self.org))

    def test_it_removes_another_titulaire(self):
        Membership.objects.filter(user=self.praticien, org=self.org).update(role=Role.TITULAIRE)
        self.login(self.titulaire)
        self.client.post(self.url(self.membership(self.praticien)))
        self.assertEqual(list(self.org.titulaires()), [self.membership(self.titulaire)])

    def test_the_last_titulaire_can_never_be_removed(self):
        with self.assertRaisesMessage(actions.OrgError, "au moins un titulaire"):
            actions.remove_member(
                self.membership(self.titulaire), actor=self.referent, request=None
            )
        self.assertTrue(Membership.objects.filter(user=self.titulaire, org=self.org))
        self.assertFalse(Entry.objects.filter(action="member.removed"))

    def test_it_answers_403_to_a_praticien(self):
        self.login(self.praticien)
        r = self.client.post(self.url(self.membership(self.secretaire)))
        self.assertEqual(r.status_code, 403)
        self.assertTrue(Membership.objects.filter(user=self.secretaire, org=self.org))

    def test_it_answers_404_to_an_outsider(self):
        self.login(self.outsider)
        r = self.client.post(self.url(self.membership(self.praticien)))
        self.assertEqual(r.status_code, 404)
        self.assertTrue(Membership.objects.filter(user=self.praticien, org=self.org))

    def test_it_answers_404_for_a_membership_of_another_organisation(self):
        self.login(self.titulaire)
        r = self.client.post(self.url(self.membership(self.outsider, self.other_org)))
        self.assertEqual(r.status_code, 404)
        self.assertTrue(Membership.objects.filter(user=self.outsider, org=self.other_org))
