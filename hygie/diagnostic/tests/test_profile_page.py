"""The practice's profile, asked first: a wrong answer is said and the right
ones kept, and the questions wait for it."""

from hygie.diagnostic.models import Assessment
from hygie.diagnostic.tests.base import COMPLETE_PROFILE, DiagnosticTestCase


class ProfilePageTestCase(DiagnosticTestCase):
    def test_bad_profile_keeps_answers_and_says_why(self):
        client = self.signed_in(self.titulaire)
        client.post(self.url("start"))
        assessment = Assessment.objects.get(org=self.org)
        response = client.post(
            self.url("profile", assessment.pk),
            {**COMPLETE_PROFILE, "wifi": "peut-etre", "mobiles": ""},
        )
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Choisissez une réponse.", status_code=400)
        self.assertContains(response, "Sélectionnez un choix valide", status_code=400)
        # What was right is kept.
        self.assertEqual(response.context["form"]["stockage"].value(), "local")
        assessment.refresh_from_db()
        self.assertNotIn("wifi", assessment.profile)

    def test_questions_wait_for_the_profile(self):
        client = self.signed_in(self.titulaire)
        client.post(self.url("start"))
        assessment = Assessment.objects.get(org=self.org)
        self.assertRedirects(
            client.get(self.url("theme", assessment.pk, 1)), self.url("profile", assessment.pk)
        )
