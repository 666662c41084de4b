from hygie.journal.models import Entry
from hygie.orgs.models import Membership
from hygie.tests.base import BaseTestCase


class LeaveTestCase(BaseTestCase):
    def setUp(self):
        self.url = f"/o/{self.org.code}/quitter/"

    def test_it_asks_for_confirmation(self):
        self.login(self.praticien)
        r = self.client.get(self.url)
        self.assertContains(r, "Quitter Cabinet du Dr Martin")
        self.assertTrue(Membership.objects.filter(user=self.praticien, org=self.org))

    def test_it_lets_a_member_leave(self):
        self.login(self.praticien)
        r = self.client.post(self.url, follow=True)
        self.assertRedirects(r, "/organisations/")
        self.assertContains(r, "Vous avez quitté Cabinet du Dr Martin.")
        self.assertFalse(Membership.objects.filter(user=self.praticien, org=self.org))

    def test_it_journals_the_departure(self):
        self.login(self.secretaire)
        self.client.post(self.url)
        entry = Entry.objects.get(action="member.left", org_id=self.org.id)
        self.assertEqual(entry.actor_id, self.secretaire.id)
        self.assertEqual(entry.details, {"rôle": "Secrétariat"})

    def test_the_last_titulaire_can_never_leave(self):
        self.login(self.titulaire)
        r = self.client.post(self.url, follow=True)
        self.assertRedirects(r, self.url)
        self.assertContains(r, "L&#x27;organisation doit garder au moins un titulaire")
        self.assertTrue(Membership.objects.filter(user=self.titulaire, org=self.org))
        self.assertFalse(Entry.objects.filter(action="member.left"))

    def test_it_answers_404_to_an_outsider(self):
        self.login(self.outsider)
        self.assertEqual(self.client.post(self.url).status_code, 404)
