from __future__ import annotations

from django.test import Client

from hygie.surveys import actions
from hygie.surveys.models import Survey
from hygie.tests.base import BaseTestCase

# A complete, valid questionnaire for the ready-made survey (form field names).
VALID = {
    "q-profession": "infirmier",
    "q-setting": "liberal-seul",
    "q-envoi-donnees": "mssante",
    "q-mssante-patients": "oui",
    "q-mots-de-passe": ["un-par-service", "gestionnaire"],
    "q-verrouillage": "4",
    "q-sauvegardes": "hebdomadaire",
    "q-sauvegarde-testee": "non",
    "q-dpo": "non",
    "q-delai-violation": "72h",
    "q-temps-formation": "6",
    "q-remarque": "Plus de webinaires le soir.",
}


class SurveyTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.survey = actions.create_from_template(cls.region, actions.READY_MADE, cls.animateur)
        actions.set_status(cls.survey, Survey.Status.OPEN, cls.animateur)

    def url(self, survey: Survey | None = None) -> str:
        return (survey or self.survey).public_path()

    def answer(self, client: Client | None = None, data: dict | None = None, url: str = ""):
        """GET the form then POST it, as a respondent's browser does."""
        client = client or self.client
        url = url or self.url()
        client.get(url)
        return client.post(url, data if data is not None else VALID)
