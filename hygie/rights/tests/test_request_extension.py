"""Extending the answer by two months (RGPD art. 12(3)): RGPD rights only,
announced within the first month, with a letter giving the reasons."""

from datetime import timedelta

from django.utils import timezone

from hygie.law.days import add_months
from hygie.rights import actions
from hygie.rights.models import PatientRequest
from hygie.rights.tests.base import PatientRequestsTestCase
from hygie.tests.readback import pdf_text


class ExtensionTestCase(PatientRequestsTestCase):
    def test_an_rgpd_request_is_extended_within_the_first_month(self):
        self.log_a_request(right="rectification", record_age="")
        patient_request = PatientRequest.objects.get()
        first = self.deadlines_of(patient_request).get().due_at
        self.client_for(self.titulaire).post(
            self.url("extend", patient_request.pk), {"reason": "Nombreuses pièces à rechercher."}
        )
        patient_request.refresh_from_db()
        self.assertEqual(patient_request.status, "prolongee")
        later = self.deadlines_of(patient_request).get()
        self.assertGreater(later.due_at, first + timedelta(days=58))
        text = pdf_text(
            self.client_for(self.secretaire)
            .post(self.url("letter", patient_request.pk, "prolongation"))
            .content
        )
        self.assertIn("Nombreuses pièces à rechercher.", text)
        self.assertIn("12(3)", text)

    def test_the_extension_is_offered_only_while_it_is_possible(self):
        self.log_a_request(right="rectification", record_age="")
        self.log_a_request()
        rgpd, record = PatientRequest.objects.order_by("pk")
        client = self.client_for(self.titulaire)
        now = timezone.now()
        self.assertTrue(rgpd.extendable(now))
        self.assertContains(client.get(self.url("detail", rgpd.pk)), self.url("extend", rgpd.pk))
        self.assertFalse(record.extendable(now))
        self.assertNotContains(
            client.get(self.url("detail", record.pk)), self.url("extend", record.pk)
        )
        self.assertFalse(rgpd.extendable(now + timedelta(days=32)))
        actions.extend(rgpd, "Nombreuses pièces.", actor=self.titulaire)
        self.assertFalse(rgpd.extendable(now))

    def test_the_record_and_late_requests_cannot_be_extended(self):
        self.log_a_request()
        record = PatientRequest.objects.get()
        response = self.client_for(self.titulaire).post(
            self.url("extend", record.pk), {"reason": "Trop de pages."}
        )
        self.assertContains(response, "ne se prolonge pas", status_code=400)
        self.log_a_request(
            right="opposition", record_age="", received=timezone.localtime() - timedelta(days=40)
        )
        late = PatientRequest.objects.latest("pk")
        response = self.client_for(self.titulaire).post(
            self.url("extend", late.pk), {"reason": "Trop de pages."}
        )
        self.assertContains(response, "Trop tard pour prolonger", status_code=400)
        # RGPD art. 12(3): announced within the month following receipt.
        last_day = add_months(timezone.localtime(late.received_at).date(), 1)
        self.assertContains(response, f"au plus tard le {last_day:%d/%m/%Y}", status_code=400)
        self.assertIsNone(PatientRequest.objects.get(pk=late.pk).extended_at)
