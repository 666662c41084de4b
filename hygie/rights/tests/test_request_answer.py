"""Answering a patient's request: the identity checked, the answer recorded
with its date, on time or late, never before the 48 hours of reflection."""

import csv
import io
from datetime import timedelta

from django.utils import timezone

from hygie.deadlines.models import Status
from hygie.rights.models import PatientRequest
from hygie.rights.tests.base import PatientRequestsTestCase


class AnswerTestCase(PatientRequestsTestCase):
    def test_the_identity_is_checked_then_the_answer_is_sent_on_time(self):
        self.log_a_request()
        patient_request = PatientRequest.objects.get()
        client = self.client_for(self.secretaire)
        client.post(
            self.url("identity", patient_request.pk),
            {"how": "Pièce d'identité présentée au cabinet"},
        )
        patient_request.refresh_from_db()
        self.assertEqual(patient_request.status, "identite")

        client = self.client_for(self.titulaire)
        response = client.post(
            self.url("answer", patient_request.pk),
            {
                "day": timezone.localdate().isoformat(),
                "hour": "",
                "means": "Remise en main propre au cabinet",
                "content": "Copie du dossier de 2021 à 2026, 12 pages",
            },
        )
        self.assertRedirects(response, self.url("detail", patient_request.pk))
        patient_request.refresh_from_db()
        self.assertEqual(patient_request.status, "repondue")
        self.assertTrue(patient_request.on_time())
        self.assertEqual(self.deadlines_of(patient_request).get().status, Status.DONE)
        kinds = list(patient_request.events.values_list("kind", flat=True))
        self.assertEqual(kinds, ["recue", "identite", "repondue"])

        dashboard = client.get(self.url("dashboard"))
        self.assertEqual(dashboard.context["years"][0].on_time, 1)
        self.assertContains(dashboard, "(100 %)")

        year = timezone.localtime(patient_request.received_at).year
        export = client.get(self.url("export", year))
        rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig")), delimiter=";"))
        self.assertEqual(rows[1][0], str(patient_request.pk))
        self.assertEqual(rows[1][-2], "oui")
        self.assertNotIn("Durand", export.content.decode("utf-8-sig"))

    def test_no_record_is_sent_before_the_48_hour_reflection(self):
        # CSP L1111-7: « au plus tôt après qu'un délai de réflexion de quarante-huit heures ».
        self.log_a_request(received=timezone.localtime() - timedelta(hours=2))
        patient_request = PatientRequest.objects.get()
        response = self.client_for(self.praticien).post(
            self.url("answer", patient_request.pk),
            {
                "day": timezone.localdate().isoformat(),
                "hour": timezone.localtime().strftime("%H:%M"),
                "means": "Courrier simple",
                "content": "Copie du dossier",
            },
        )
        self.assertContains(response, "délai de réflexion de 48 heures", status_code=400)
        patient_request.refresh_from_db()
        self.assertEqual(patient_request.status, "recue")

    def test_a_late_answer_counts_as_late(self):
        self.log_a_request(received=timezone.localtime() - timedelta(days=30))
        patient_request = PatientRequest.objects.get()
        self.client_for(self.titulaire).post(
            self.url("answer", patient_request.pk),
            {
                "day": timezone.localdate().isoformat(),
                "means": "Courrier simple",
                "content": "Copie du dossier",
            },
        )
        patient_request.refresh_from_db()
        self.assertFalse(patient_request.on_time())
        self.assertEqual(
            self.client_for(self.titulaire).get(self.url("dashboard")).context["years"][0].on_time,
            0,
        )
