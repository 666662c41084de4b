from hygie.tests.base import BaseTestCase


class LandingTestCase(BaseTestCase):
    def test_it_presents_hygie_to_an_anonymous_visitor(self):
        r = self.client.get("/")
        self.assertContains(r, "Protéger les données de vos patients")
        self.assertContains(r, 'href="/inscription/"')
        self.assertContains(r, 'href="/connexion/"')
        self.assertContains(r, '<html lang="fr">')

    def test_it_sends_a_signed_in_person_to_their_start_page(self):
        self.login(self.praticien)
        self.assertRedirects(self.client.get("/"), "/accueil/", fetch_redirect_response=False)
