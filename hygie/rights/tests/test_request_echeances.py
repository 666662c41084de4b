"""Each limit to answer a patient's request by is an échéance: recalled before
it ends, done by the answer (CSP L1111-7, RGPD art. 12(3))."""

from datetime import timedelta

from django.utils import timezone

from hygie.deadlines.models import Status
from hygie.rights.models import PatientRequest
from hygie.rights.tests.base import PatientRequestsTestCase


class EcheancesTestCase(PatientRequestsTestCase):
    def test_the_8_days_are_recalled_4_days_and_1_day_before(self):
        self.log_a_request(received=timezone.localtime() - timedelta(hours=1))
        (deadline,) = self.deadlines_of(PatientRequest.objects.get())
        before = sorted(
            deadline.due_at - r.send_at for r in deadline.reminders.filter(kind="before")
        )
        self.assertEqual(before, [timedelta(hours=24), timedelta(hours=96)])
        self.assertTrue(deadline.reminders.filter(kind="due", send_at=deadline.due_at).exists())

    def test_other_rights_have_one_month(self):
        self.log_a_request(right="effacement", record_age="")
        patient_request = PatientRequest.objects.get()
        self.assertEqual(patient_request.record_age, "")
        (deadline,) = self.deadlines_of(patient_request)
        self.assertEqual(deadline.key, "reponse")
        self.assertContains(
            self.client_for(self.titulaire).get(self.url("detail", patient_request.pk)),
            "RGPD, art. 12(3) et 17",
        )

    def test_a_mixed_record_has_two_echeances_both_done_by_the_answer(self):
        self.log_a_request(record_age="mixte")
        patient_request = PatientRequest.objects.get()
        found = {d.key: d for d in self.deadlines_of(patient_request)}
        self.assertEqual(set(found), {"dossier", "dossier-ancien"})
        self.assertEqual(found["dossier"].rule, "csp-acces-dossier")
        self.assertEqual(found["dossier-ancien"].rule, "csp-acces-dossier-ancien")
        # CSP L1111-7: 8 days for the recent part, 2 months for the rest.
        self.assertLess(found["dossier"].due_at, found["dossier-ancien"].due_at)
        self.answer_now(patient_request, "Copie du dossier")
        self.assertEqual(
            set(self.deadlines_of(patient_request).values_list("status", flat=True)), {Status.DONE}
        )
