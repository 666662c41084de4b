"""The découverte's result can be kept: printed, or downloaded as a PDF,
although nothing is stored."""

import io

from django.urls import reverse
from pypdf import PdfReader

from hygie.diagnostic import discovery
from hygie.diagnostic.measures import NSP
from hygie.diagnostic.tests.base import worst
from hygie.tests.base import BaseTestCase


def pdf_text(content: bytes) -> str:
    return " ".join(
        " ".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages).split()
    )


class DiscoveryResultTestCase(BaseTestCase):
    def setUp(self):
        self.measures = discovery.catalogue().measures
        # Everything missing but the first, which the visitor does not know.
        self.answers = {f"m-{m.key}": worst(m) for m in self.measures}
        self.answers[f"m-{self.measures[0].key}"] = NSP

    def test_the_result_offers_to_print_and_to_download(self):
        r = self.client.post(reverse("diagnostic:discovery"), self.answers)
        self.assertContains(r, "data-print")
        self.assertContains(r, f'action="{reverse("diagnostic:discovery_pdf")}"')
        # The answers go with the download: nothing was kept on the server.
        for name, value in self.answers.items():
            self.assertContains(
                r, f'<input type="hidden" name="{name}" value="{value}">', html=True
            )

    def test_the_pdf_holds_the_indice_the_first_actions_and_the_answers(self):
        r = self.client.post(reverse("diagnostic:discovery_pdf"), self.answers)
        self.assertEqual(r["Content-Type"], "application/pdf")
        self.assertIn("attachment", r["Content-Disposition"])
        text = pdf_text(r.content)
        self.assertIn("Diagnostic découverte", text)
        self.assertIn("Indice sur l'essentiel", text)
        self.assertIn("1 « Je ne sais pas » compte pour 0.", text)
        top = discovery.evaluate({k[2:]: v for k, v in self.answers.items()}).gaps[
            : discovery.TOP_ACTIONS
        ]
        self.assertIn(top[0].measure.action[:40], text)
        self.assertIn("Vos réponses", text)
        self.assertIn("Sources", text)
        self.assertIn("Rien de ce qui a été répondu n'a été enregistré", text)

    def test_a_tampered_download_is_answered_in_french(self):
        r = self.client.post(reverse("diagnostic:discovery_pdf"), {"m-inconnue": "x"})
        self.assertEqual(r.status_code, 400)
        self.assertContains(r, "sans réponse", status_code=400)

    def test_the_pdf_is_asked_by_post_only(self):
        self.assertEqual(self.client.get(reverse("diagnostic:discovery_pdf")).status_code, 405)
