"""The découverte's page: open to anyone, storing nothing, its missing answers
named and those given kept."""

from django.test import Client
from django.urls import reverse

from hygie.diagnostic.models import Answer, Assessment
from hygie.diagnostic.tests.base import DiagnosticTestCase, best, worst
from hygie.journal.models import Entry


class DiscoveryPageTestCase(DiagnosticTestCase):
    def test_open_to_anyone_and_stores_nothing(self):
        client = Client()
        url = reverse("diagnostic:discovery")
        page = client.get(url)
        self.assertEqual(page.status_code, 200)
        items = page.context["items"]
        self.assertTrue(10 <= len(items) <= 14)
        counts = (Assessment.objects.count(), Answer.objects.count(), Entry.objects.count())
        response = client.post(url, {f"m-{m.key}": worst(m) for m, _ in items})
        self.assertContains(response, "Votre résultat")
        self.assertContains(response, "Créer un compte")
        self.assertEqual(response.context["result"].indice, 0)
        self.assertEqual(
            (Assessment.objects.count(), Answer.objects.count(), Entry.objects.count()), counts
        )
        self.assertNotIn("hygie_session", response.cookies)

    def test_missing_answers_are_named_and_kept(self):
        client = Client()
        url = reverse("diagnostic:discovery")
        items = client.get(url).context["items"]
        first = items[0][0]
        response = client.post(url, {f"m-{first.key}": best(first)})
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "sans réponse", status_code=400)
        self.assertContains(response, f'value="{best(first)}" checked', status_code=400)
        response = client.post(url, {f"m-{first.key}": "zzz"})
        self.assertContains(response, "rechargez la page", status_code=400)
