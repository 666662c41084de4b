"""The public pages of the regional body's tools send the headers the rest of
the site sends, and answer malformed addresses with a 404."""

from django.conf import settings
from django.core.cache import cache
from django.test import Client, override_settings
from django.urls import reverse

from hygie.newsletter import tokens
from hygie.newsletter.tests.base import subscriber, web_token
from hygie.surveys import actions as survey_actions
from hygie.surveys.models import Survey
from hygie.tests.base import BaseTestCase

BASELINE = "front:emergency"  # an existing public page


@override_settings(SURVEY_SUBMISSIONS_PER_NETWORK=100_000)
class PublicHeadersTest(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.survey = survey_actions.create_from_template(
            cls.region, survey_actions.READY_MADE, cls.animateur
        )
        survey_actions.set_status(cls.survey, Survey.Status.OPEN, cls.animateur)
        Survey.objects.filter(pk=cls.survey.pk).update(results_published=True)

    def setUp(self):
        super().setUp()
        cache.clear()

    def pages(self) -> dict[str, tuple[str, bool]]:
        """Each public page, and whether it is personal (no-store)."""
        token, _ = tokens.new_token()
        return {
            "survey form": (self.survey.public_path(), True),
            "survey notice": (reverse("surveys:notice", args=[self.survey.public_token]), True),
            "published results": (self.survey.results_path(), True),
            "subscribe": (reverse("newsletter:subscribe", args=[self.region.code]), False),
            "unsubscribe": (reverse("newsletter:unsubscribe", args=[token]), True),
            "confirm": (reverse("newsletter:confirm", args=[token]), True),
            "web version": (reverse("newsletter:web", args=[web_token(self.region)]), True),
            "sheets": (reverse("awareness:index"), False),
            "sheet": (reverse("awareness:page", args=["cyber-reflexes"]), False),
        }

    def test_public_pages_send_the_sites_security_headers(self):
        subscriber(self.region, "lecteur@exemple.example")
        baseline = Client().get(reverse(BASELINE))
        for name, (url, personal) in self.pages().items():
            with self.subTest(page=name):
                response = Client().get(url)
                self.assertEqual(response.status_code, 200, url)
                csp = response["Content-Security-Policy"]
                self.assertEqual(csp, baseline["Content-Security-Policy"])
                self.assertEqual(csp, settings.CONTENT_SECURITY_POLICY)
                self.assertNotIn("unsafe-inline", csp)
                self.assertIn("frame-ancestors 'none'", csp)
                for header in (
                    "X-Frame-Options",
                    "X-Content-Type-Options",
                    "Referrer-Policy",
                    "Cross-Origin-Opener-Policy",
                    "Permissions-Policy",
                ):
                    self.assertEqual(response[header], baseline[header], header)
                if personal:
                    self.assertIn("no-store", response["Cache-Control"])
                else:
                    self.assertNotIn("public", response.get("Cache-Control", ""))

    def test_unknown_or_malformed_sheets_answer_404(self):
        client = Client(raise_request_exception=False)
        for url in (
            "/sensibilisation/inconnue/",
            "/sensibilisation/%00/",
            "/sensibilisation/%00/pdf/",
            "/sensibilisation/" + "x" * 5000 + "/",
            "/sensibilisation/..%2F..%2Fetc%2Fpasswd/",
        ):
            with self.subTest(url=url[:40]):
                # A NUL character is refused before any view (400).
                self.assertIn(client.get(url).status_code, (400, 404))

    def test_the_sheets_refuse_a_post_without_csrf_or_ignore_it(self):
        client = Client(enforce_csrf_checks=True, raise_request_exception=False)
        response = client.post(reverse("awareness:index"))
        self.assertIn(response.status_code, (403, 405))
