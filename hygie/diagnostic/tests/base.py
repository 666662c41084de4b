"""Helpers for the diagnostic's tests, and DiagnosticTestCase: the shared
personas (hygie/tests/base.py) with the diagnostic's addresses and a
completed diagnostic."""

import io

from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from hygie.diagnostic import actions, measures
from hygie.diagnostic.scoring import applicable
from hygie.tests.base import BaseTestCase

# A solo GP, files on the practice's computer, Wi-Fi, a smartphone.
COMPLETE_PROFILE = {
    "profession": "medecin_generaliste",
    "effectif": "seul",
    "secretariat": "oui",
    "stockage": "local",
    "hebergement": "poste",
    "wifi": "oui",
    "teleconsultation": "non",
    "mobiles": "oui",
}


def answer_all(assessment, choose, actor=None):
    """Answer every applicable measure with choose(measure) -> option key."""
    for measure in applicable(measures.catalogue(), assessment.profile):
        actions.save_answer(assessment, measure, choose(measure), actor=actor)


def best(measure):
    return max((o for o in measure.options if o.value is not None), key=lambda o: o.value).key


def worst(measure):
    return measure.options[[o.value for o in measure.options].index(0)].key


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


class DiagnosticTestCase(BaseTestCase):
    def url(self, name, *args):
        return reverse(f"diagnostic:{name}", args=[self.org.code, *args])

    def signed_in(self, user):
        client = Client()
        client.force_login(user)
        return client

    def completed(self, choose=worst):
        assessment = actions.start(self.org, actor=self.titulaire)
        actions.save_profile(assessment, COMPLETE_PROFILE, actor=self.titulaire)
        answer_all(assessment, choose, actor=self.titulaire)
        actions.complete(assessment, actor=self.titulaire)
        return assessment
