"""What is meant for one person is never kept by a browser or a proxy.

On a shared reception computer, a cached page or download would stay on
disk after the person signs out: the journal's IP addresses, the diagnostic's
list of weaknesses. Static files and the public pages keep their caching.
"""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from hygie.tests.test_urls import URLWalk


def directives(response) -> set[str]:
    return {d.strip() for d in response.get("Cache-Control", "").split(",") if d.strip()}


class CacheControlTestCase(URLWalk):
    def setUp(self):
        super().setUp()
        self.client = self.clients["titulaire"]

    def assertNotStored(self, response):
        self.assertIn("no-store", directives(response), response.get("Content-Type"))

    def test_a_signed_in_page_is_not_stored(self):
        response = self.client.get(reverse("orgs:home", args=[self.org.code]))
        self.assertEqual(response.status_code, 200)
        self.assertNotStored(response)

    def test_the_journal_export_is_not_stored(self):
        response = self.client.get(reverse("journal:export", args=[self.org.code, "csv"]))
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response["Content-Type"].startswith("text/csv"))
        self.assertNotStored(response)

    def test_the_diagnostic_report_is_not_stored(self):
        url = reverse("diagnostic:report", args=[self.org.code, self.completed.pk])
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertNotStored(response)

    def test_an_error_page_to_a_signed_in_person_is_not_stored(self):
        response = self.client.get(reverse("orgs:home", args=["inconnu"]))
        self.assertEqual(response.status_code, 404)
        self.assertNotStored(response)

    def test_the_calendar_feed_is_not_stored_although_no_one_signs_in(self):
        response = Client().get(reverse("deadlines:calendar", args=[self.titulaire.calendar_token]))
        self.assertEqual(response.status_code, 200)
        self.assertNotStored(response)
        self.assertNotIn("max-age=300", directives(response))

    def test_an_answer_to_a_form_is_not_stored(self):
        response = Client().post(reverse("accounts:login"), {"email": "x@exemple.fr"})
        self.assertNotStored(response)

    def test_a_phone_in_a_quiz_game_is_not_stored(self):
        phone = Client()
        phone.cookies["hygie_quiz_123456"] = "jeton"
        self.assertNotStored(phone.get(reverse("play:join")))

    def test_a_static_file_keeps_its_caching_even_for_a_signed_in_person(self):
        response = self.client.get("/static/hygie/hygie.css")
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("no-store", directives(response))
        self.assertIn("public", directives(response))

    def test_the_public_pages_keep_their_caching(self):
        visitor = Client()
        for name in ("front:landing", "rights:calculator", "diagnostic:discovery", "play:join"):
            with self.subTest(name=name):
                response = visitor.get(reverse(name))
                self.assertEqual(response.status_code, 200)
                self.assertNotIn("no-store", directives(response))
