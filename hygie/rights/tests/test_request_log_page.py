"""The secretary logs a patient's request from its page: its clock starts at
once, bad input is refused in French, and the journal never names the requester."""

from datetime import timedelta

from django.utils import timezone

from hygie.deadlines.models import Deadline
from hygie.journal.models import Entry
from hygie.rights.models import PatientRequest
from hygie.rights.tests.base import PatientRequestsTestCase


class LogPageTestCase(PatientRequestsTestCase):
    def test_the_secretary_logs_a_request_and_its_clock_starts(self):
        response = self.log_a_request()
        patient_request = PatientRequest.objects.get()
        self.assertRedirects(response, self.url("detail", patient_request.pk))
        self.assertEqual(patient_request.logged_by, self.secretaire)
        # CSP L1111-7: 8 days from receipt; the échéance is the last working day before.
        (deadline,) = self.deadlines_of(patient_request)
        self.assertEqual(deadline.key, "dossier")
        self.assertEqual(deadline.due_at, patient_request.limit().send_by())
        self.assertEqual(deadline.permission, "rights.view")
        page = self.client_for(self.secretaire).get(self.url("detail", patient_request.pk))
        self.assertContains(page, "délai de réflexion de 48 heures")
        self.assertContains(page, "CSP, art. L1111-7")
        self.assertContains(page, "data-countdown")
        # The secretary follows it, but the decision is a practitioner's.
        self.assertNotContains(page, self.url("answer", patient_request.pk))
        self.assertEqual(
            self.client_for(self.secretaire)
            .get(self.url("answer", patient_request.pk))
            .status_code,
            403,
        )

    def test_bad_input_is_refused_in_french_and_nothing_is_kept(self):
        tomorrow = timezone.localtime() + timedelta(days=1)
        cases = [
            ({"received": tomorrow}, "ne peut pas être dans le futur"),
            ({"record_age": ""}, "le délai en dépend"),
            ({"requester_kind": "ayant_droit"}, "Indiquez le nom du patient"),
            ({"requester_name": ""}, "obligatoire"),
            ({"right": "inconnu"}, "Sélectionnez un choix valide"),
            ({"requester_name": "x" * 201}, "200 caractères"),
        ]
        for data, message in cases:
            with self.subTest(message):
                response = self.log_a_request(**data)
                self.assertContains(response, message, status_code=400)
        self.assertFalse(PatientRequest.objects.exists())
        self.assertFalse(Deadline.objects.exists())

    def test_the_journal_never_names_the_requester(self):
        self.log_a_request()
        details = " ".join(str(e.details) for e in Entry.objects.filter(org_id=self.org.pk))
        self.assertIn("Demande reçue", details)
        self.assertNotIn("Durand", details)
