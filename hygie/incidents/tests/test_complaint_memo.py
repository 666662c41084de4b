"""The memo for filing a complaint (code des assurances L12-10-1): prefilled
from the incident, edited, printed with the timeline, noted in it."""

from hygie.incidents.models import Incident
from hygie.incidents.tests.base import IncidentPagesTestCase
from hygie.tests.readback import pdf_text


class ComplaintMemoTestCase(IncidentPagesTestCase):
    def test_the_memo_is_prefilled_printed_with_the_timeline_and_noted(self):
        self.declare_through_the_page(self.titulaire)
        incident = Incident.objects.get()
        client = self.client_for(self.titulaire)
        page = client.get(self.url("complaint_memo", incident.pk))
        self.assertContains(page, "L12-10-1")
        self.assertContains(page, "Écran bloqué")
        response = client.post(
            self.url("complaint_memo", incident.pk),
            {
                "facts": "Rançon affichée à 8 h.",
                "evidence": "Poste laissé allumé, photo de l'écran.",
            },
        )
        self.assertEqual(response["Content-Type"], "application/pdf")
        text = pdf_text(response.content)
        self.assertIn("Rançon affichée à 8 h.", text)
        self.assertIn("pre-plainte-en-ligne.gouv.fr", text)
        self.assertIn("mandat daté et signé", text)
        self.assertIn("Déclaration", text)  # the timeline
        self.assertTrue(
            incident.timeline.filter(kind="document", text__contains="plainte").exists()
        )
