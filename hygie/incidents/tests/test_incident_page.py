"""An incident's page, by persona: its clocks counting down, the contacts at
hand, each reflex ticked with its time; hidden from those it does not concern."""

from django.utils import timezone

from hygie.incidents.models import Incident, TimelineEntry
from hygie.incidents.tests.base import IncidentPagesTestCase
from hygie.orgs.models import Contacts


class IncidentPageTestCase(IncidentPagesTestCase):
    def test_the_clocks_count_down_and_the_contacts_are_at_hand(self):
        Contacts.objects.create(
            org=self.org, prestataire="Info Santé 33", prestataire_tel="05 56 00 00 00"
        )
        self.declare_through_the_page(self.titulaire)
        incident = Incident.objects.get()
        page = self.client_for(self.titulaire).get(self.url("detail", incident.pk))
        due = timezone.localtime(incident.discovered_at + timezone.timedelta(hours=72))
        self.assertContains(page, f'data-countdown datetime="{due.isoformat()}"', count=2)
        self.assertContains(page, "Info Santé 33")
        self.assertContains(page, 'href="tel:0556000000"')
        self.assertContains(page, "cybermalveillance.gouv.fr")
        self.assertContains(page, "CERT Santé")
        # A cabinet's report on the signalement portal is voluntary, and said so.
        self.assertContains(page, "Facultatif pour un cabinet")

    def test_ticking_a_reflex_records_its_time(self):
        self.declare_through_the_page(self.titulaire)
        incident = Incident.objects.get()
        client = self.client_for(self.praticien)
        client.post(self.url("tick", incident.pk), {"reflexe": "laisser-allume"})
        entry = TimelineEntry.objects.get(reflex="laisser-allume")
        self.assertEqual(entry.author, self.praticien)
        self.assertContains(client.get(self.url("detail", incident.pk)), "fait")

    def test_other_people_s_incidents_are_hidden(self):
        self.declare_through_the_page(self.titulaire)
        incident = Incident.objects.get()
        self.assertEqual(
            self.client_for(self.secretaire).get(self.url("detail", incident.pk)).status_code, 404
        )
        self.assertNotContains(
            self.client_for(self.secretaire).get(self.url("list")), str(incident)
        )
        self.assertEqual(
            self.client_for(self.outsider).get(self.url("detail", incident.pk)).status_code, 404
        )
