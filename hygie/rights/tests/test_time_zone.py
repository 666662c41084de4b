"""A practice in Martinique counts its patients' requests in its own days:
its 23:59, its public holidays (CSP L1111-7 and R1111-1; the abolition of
slavery on 22 May there, décret n° 83-1003)."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.test import Client
from django.urls import reverse

from hygie.deadlines.models import Deadline
from hygie.rights.models import PatientRequest
from hygie.tests.base import BaseTestCase

MARTINIQUE = ZoneInfo("America/Martinique")


class MartiniqueRequestTestCase(BaseTestCase):
    def setUp(self):
        self.org.time_zone = "America/Martinique"
        self.org.save(update_fields=["time_zone"])
        self.client = Client()
        self.client.force_login(self.secretaire)
        # Typed at the desk in Martinique: 14 May 2026 at 09:00 there.
        self.client.post(
            reverse("rights:new", args=[self.org.code]),
            {
                "day": "2026-05-14",
                "hour": "09:00",
                "channel": "guichet",
                "right": "dossier",
                "record_age": "recent",
                "requester_kind": "patient",
                "requester_name": "Jeanne Durand",
            },
        )
        self.patient_request = PatientRequest.objects.get()

    def test_the_time_typed_is_martiniques(self):
        self.assertEqual(
            self.patient_request.received_at, datetime(2026, 5, 14, 9, 0, tzinfo=MARTINIQUE)
        )
        self.assertIn("le 14/05/2026 à 09:00.", self.patient_request.events.get().text)

    def test_8_days_end_at_2359_in_martinique_and_its_holiday_moves_the_echeance(self):
        limit = self.patient_request.limit()
        self.assertEqual(limit.at, datetime(2026, 5, 22, 23, 59, tzinfo=MARTINIQUE))
        # 22 May is Martinique's abolition day: the échéance is the working day before.
        deadline = Deadline.objects.get(key="dossier")
        self.assertEqual(deadline.due_at, datetime(2026, 5, 21, 23, 59, tzinfo=MARTINIQUE))

    def test_its_page_shows_martiniques_time_and_says_so(self):
        page = self.client.get(
            reverse("rights:detail", args=[self.org.code, self.patient_request.pk])
        )
        self.assertContains(page, "Dates et heures à l'heure de la Martinique.")
        self.assertContains(page, "vendredi 22 mai 2026 à 23:59 (heure de la Martinique)")
        self.assertContains(page, "envoyez au plus tard le 21/05/2026")
