"""A practice in La Réunion sees its incident's clocks in its own time, on its
pages, in its reminder e-mails and in its documents (RGPD art. 33(1): 72
hours from awareness; code des assurances L12-10-1)."""

import io
from datetime import datetime
from zoneinfo import ZoneInfo

from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from hygie.deadlines.reminders import send_due
from hygie.incidents.models import Incident
from hygie.tests.base import BaseTestCase

REUNION = ZoneInfo("Indian/Reunion")
# Typed into the form in La Réunion (UTC+4): 06:00 UTC, 07:00 in Paris.
DISCOVERED = datetime(2025, 12, 15, 10, 0, tzinfo=REUNION)
DUE = "jeudi 18 décembre 2025 à 10:00 (heure de La Réunion)"


def pdf_text(content: bytes) -> str:
    return " ".join(
        " ".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages).split()
    )


class ReunionIncidentTestCase(BaseTestCase):
    def setUp(self):
        self.org.time_zone = "Indian/Reunion"
        self.org.save(update_fields=["time_zone"])
        self.client = Client()
        self.client.force_login(self.titulaire)
        response = self.client.post(
            self.url("declare"),
            {"kind": "rancongiciel", "discovered_date": "2025-12-15", "discovered_time": "10:00"},
        )
        self.incident = Incident.objects.get()
        self.assertRedirects(response, self.url("detail", self.incident.pk))

    def url(self, name, *args):
        return reverse(f"incidents:{name}", args=[self.org.code, *args])

    def test_the_time_typed_is_read_in_the_practices_zone(self):
        self.assertEqual(self.incident.discovered_at, DISCOVERED)
        aware = self.incident.qualification().aware_at
        self.assertEqual(aware.utcoffset(), DISCOVERED.utcoffset())
        self.assertEqual(aware.tzinfo, REUNION)

    def test_its_page_shows_the_clock_at_reunion_time_and_says_so(self):
        page = self.client.get(self.url("detail", self.incident.pk))
        self.assertContains(page, "Dates et heures à l'heure de La Réunion.")
        self.assertContains(page, "lundi 15 décembre 2025 à 10:00 (heure de La Réunion)")
        self.assertContains(page, DUE, count=2)  # the CNIL and the complaint
        self.assertNotContains(page, "à 07:00")  # Paris time

    def test_its_reminder_email_gives_the_due_time_at_reunion_time(self):
        send_due(now=timezone.now())
        texts = [m.body for m in mail.outbox if "Notifier la violation" in m.subject]
        self.assertTrue(texts)
        for text in texts:
            self.assertIn(f"À faire avant le {DUE}", text)
        html = mail.outbox[0].alternatives[0][0]
        self.assertIn("(heure de La Réunion)", html)

    def test_its_documents_give_the_times_at_reunion_time(self):
        response = self.client.post(
            self.url("complaint_memo", self.incident.pk),
            {"facts": "Rançon affichée.", "evidence": "Photo de l'écran."},
        )
        self.assertEqual(response["Content-Type"], "application/pdf")
        text = pdf_text(response.content)
        self.assertIn(f"plainte à déposer avant {DUE}", text)
        self.assertIn("découvert le lundi 15 décembre 2025 à 10:00 (heure de La Réunion)", text)
        self.assertIn("(heure de La Réunion)", text.split("Édité par Hygie le")[1][:60])

    def test_the_same_incident_of_a_paris_practice_is_shown_in_paris_time(self):
        self.org.time_zone = "Europe/Paris"
        self.org.save(update_fields=["time_zone"])
        page = self.client.get(self.url("detail", self.incident.pk))
        self.assertContains(page, "jeudi 18 décembre 2025 à 07:00")
        self.assertNotContains(page, "heure de La Réunion")
        self.assertNotContains(page, "Dates et heures à l")
