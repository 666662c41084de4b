"""Qualifying an incident from its page: the obligations follow what is said
of it, and only those who decide may say it."""

from hygie.incidents.models import Incident
from hygie.incidents.tests.base import IncidentPagesTestCase


class QualificationPageTestCase(IncidentPagesTestCase):
    def test_qualifying_a_high_risk_calls_for_informing_the_persons(self):
        self.declare_through_the_page(self.titulaire)
        incident = Incident.objects.get()
        client = self.client_for(self.referent)
        response = client.post(
            self.url("qualify", incident.pk),
            {
                "personal_data": "on",
                "risk": "eleve",
                "malicious": "on",
                "data_categories": "Dossiers",
            },
        )
        self.assertRedirects(response, self.url("detail", incident.pk))
        self.assertContains(
            client.get(self.url("detail", incident.pk)), "Informer les personnes concernées"
        )
        self.assertEqual(
            self.client_for(self.secretaire).get(self.url("qualify", incident.pk)).status_code, 403
        )
