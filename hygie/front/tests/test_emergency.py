"""The public emergency page: the first reflexes, for anyone, without an account."""

from django.test import Client, TestCase
from django.urls import reverse

from hygie.content import library


class EmergencyPageTestCase(TestCase):
    def test_anyone_gets_the_first_reflexes_in_order_with_their_sources(self):
        response = Client().get(reverse("front:emergency"))
        self.assertEqual(response.status_code, 200)
        steps = library.items("fiche-reflexe")
        self.assertGreaterEqual(len(steps), 7)
        page = response.content.decode()
        positions = [page.index(s["title"].replace("'", "&#x27;")) for s in steps]
        self.assertEqual(positions, sorted(positions))
        self.assertContains(response, "Source")
        self.assertContains(response, "data-print")
        self.assertContains(response, "cybermalveillance.gouv.fr")

    def test_linked_from_the_landing_page(self):
        response = Client().get(reverse("front:landing"))
        self.assertContains(response, reverse("front:emergency"))
        self.assertContains(response, reverse("diagnostic:discovery"))
