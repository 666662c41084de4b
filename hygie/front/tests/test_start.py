from hygie.accounts.models import User
from hygie.tests.base import BaseTestCase, make_user


class StartTestCase(BaseTestCase):
    def test_it_opens_the_last_organisation(self):
        User.objects.filter(pk=self.referent.pk).update(last_org=self.other_org)
        self.login(self.referent)
        r = self.client.get("/accueil/")
        self.assertRedirects(r, f"/o/{self.other_org.code}/")

    def test_it_opens_the_single_organisation(self):
        self.login(self.praticien)
        self.assertRedirects(self.client.get("/accueil/"), f"/o/{self.org.code}/")

    def test_it_lists_several_organisations_without_a_last_one(self):
        self.login(self.referent)
        self.assertRedirects(self.client.get("/accueil/"), "/organisations/")

    def test_it_ignores_a_last_organisation_the_person_has_left(self):
        User.objects.filter(pk=self.praticien.pk).update(last_org=self.other_org)
        self.login(self.praticien)
        self.assertRedirects(self.client.get("/accueil/"), f"/o/{self.org.code}/")

    def test_it_lists_no_organisation_for_a_newcomer(self):
        self.login(make_user("Léa Blanc", "lea@exemple.fr"))
        self.assertRedirects(self.client.get("/accueil/"), "/organisations/")

    def test_it_sends_an_anonymous_visitor_to_the_login_page(self):
        self.assertRedirects(self.client.get("/accueil/"), "/connexion/?next=/accueil/")
