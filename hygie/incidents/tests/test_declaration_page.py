"""Declaring an incident from its page, which every organisation page offers:
the reflexes first, the obligations for those who decide."""

from django.urls import reverse
from django.utils import timezone

from hygie.incidents.models import Incident
from hygie.incidents.tests.base import IncidentPagesTestCase


class DeclarationPageTestCase(IncidentPagesTestCase):
    def test_the_secretary_declares_and_sees_the_reflexes(self):
        response = self.declare_through_the_page(self.secretaire)
        incident = Incident.objects.get()
        self.assertRedirects(response, self.url("detail", incident.pk))
        page = self.client_for(self.secretaire).get(self.url("detail", incident.pk))
        self.assertContains(page, "Les réflexes, dans l")
        self.assertContains(page, "dmp.fr")
        # The obligations are for the titulaire, praticiens and referent.
        self.assertNotContains(page, "Obligations et délais")
        page = self.client_for(self.titulaire).get(self.url("detail", incident.pk))
        self.assertContains(page, "Notifier la violation à la CNIL")
        self.assertContains(page, "L12-10-1")

    def test_a_discovery_in_the_future_is_refused(self):
        tomorrow = timezone.localdate() + timezone.timedelta(days=1)
        response = self.declare_through_the_page(
            self.titulaire, discovered_date=tomorrow.isoformat()
        )
        self.assertContains(response, "ne peut pas être dans le futur", status_code=400)
        self.assertFalse(Incident.objects.exists())

    def test_every_organisation_page_offers_to_report_one(self):
        page = self.client_for(self.secretaire).get(reverse("orgs:home", args=[self.org.code]))
        self.assertContains(page, self.url("declare"))
