from hygie.tests.base import BaseTestCase


class HomeTestCase(BaseTestCase):
    def test_it_shows_the_home_page_to_a_member(self):
        self.login(self.titulaire)
        r = self.client.get(f"/o/{self.org.code}/")
        self.assertContains(r, "Cabinet du Dr Martin")
        self.assertContains(r, "cyber-réflexe du jour")

    def test_it_answers_404_to_an_outsider(self):
        self.login(self.outsider)
        r = self.client.get(f"/o/{self.org.code}/")
        self.assertEqual(r.status_code, 404)
