"""Refusing a patient's request: a ground that applies to its right, and the
letter that states it."""

from django.utils import timezone

from hygie.rights.models import PatientRequest
from hygie.rights.tests.base import PatientRequestsTestCase
from hygie.tests.readback import pdf_text


class RefusalTestCase(PatientRequestsTestCase):
    def test_a_refusal_states_its_ground_and_its_letter_cites_it(self):
        self.log_a_request(right="effacement", record_age="")
        patient_request = PatientRequest.objects.get()
        client = self.client_for(self.titulaire)
        # A ground of another right is refused.
        response = client.post(
            self.url("refuse", patient_request.pk),
            {"day": timezone.localdate().isoformat(), "ground": "tiers", "detail": ""},
        )
        self.assertEqual(response.status_code, 400)
        client.post(
            self.url("refuse", patient_request.pk),
            {
                "day": timezone.localdate().isoformat(),
                "ground": "conservation",
                "detail": "Le dossier est conservé vingt ans.",
            },
        )
        patient_request.refresh_from_db()
        self.assertEqual(patient_request.status, "refusee")
        letter = client.post(self.url("letter", patient_request.pk, "refus"))
        text = pdf_text(letter.content)
        self.assertIn("RGPD, art. 17(3)(b)", text)
        self.assertIn("réclamation auprès de la Commission nationale", text)
        self.assertIn("12(4)", text)
        self.assertTrue(
            patient_request.events.filter(kind="courrier", text="Refus motivé").exists()
        )
