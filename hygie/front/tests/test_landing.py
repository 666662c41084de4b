import html
import re

from hygie.front.capabilities import coming
from hygie.front.tests.coming import with_future_capability
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

    @with_future_capability()
    def test_it_promises_nothing_still_to_come_and_names_it_as_coming(self):
        text = html.unescape(self.client.get("/").content.decode())
        later = re.search(r"Bientôt : ([^<]*)\.</p>", text)
        self.assertIsNotNone(later)
        self.assertIn("formations de l'équipe", later.group(1))
        self.assertNotIn("sauvegardes", later.group(1))
        elsewhere = text.replace(later.group(0), "").lower()
        for capability in coming():
            with self.subTest(capability.key):
                self.assertIn(capability.title.lower(), later.group(1))
                self.assertNotIn(capability.key, elsewhere)
                self.assertNotIn(capability.title.lower(), elsewhere)

    def test_it_announces_nothing_when_every_capability_has_its_page(self):
        self.assertEqual(coming(), [])
        self.assertNotContains(self.client.get("/"), "Bientôt")
