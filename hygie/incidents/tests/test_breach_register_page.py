"""The breach register's page (RGPD art. 33(5)): every breach, notified or
not, exported, and the retention the titulaire states."""

from hygie.incidents.models import Incident
from hygie.incidents.tests.base import IncidentPagesTestCase


class BreachRegisterPageTestCase(IncidentPagesTestCase):
    def test_every_breach_is_listed_notified_or_not_and_exported(self):
        self.declare_through_the_page(self.titulaire)  # ransomware: personal data likely
        self.declare_through_the_page(self.titulaire, kind="indisponibilite")  # no personal data
        breach, outage = Incident.objects.order_by("pk")
        client = self.client_for(self.titulaire)
        client.post(
            self.url("qualify", breach.pk),
            {"personal_data": "on", "risk": "aucun", "data_categories": "Agenda", "persons": "40"},
        )
        page = client.get(self.url("register"))
        self.assertContains(page, "Agenda")
        self.assertContains(page, "Non requise")  # not notified (no risk), still registered
        self.assertNotContains(page, self.url("detail", outage.pk))
        csv = client.get(self.url("register_export", "csv")).content.decode("utf-8-sig")
        self.assertIn("Agenda", csv)
        self.assertEqual(len([line for line in csv.splitlines() if line.strip()]), 2)
        pdf = client.get(self.url("register_export", "pdf"))
        self.assertEqual(pdf["Content-Type"], "application/pdf")

    def test_the_titulaire_states_the_retention_and_its_ground(self):
        client = self.client_for(self.titulaire)
        response = client.post(
            self.url("register"),
            {"retention": "5 ans après la clôture", "ground": "Preuve en cas de contrôle."},
        )
        self.assertRedirects(response, self.url("register"))
        self.assertContains(client.get(self.url("register")), "5 ans après la clôture")
        self.assertEqual(
            self.client_for(self.praticien)
            .post(self.url("register"), {"retention": "1 an", "ground": "x"})
            .status_code,
            403,
        )
        self.assertContains(
            client.post(self.url("register"), {"retention": "", "ground": ""}),
            "obligatoire",
            status_code=400,
        )
