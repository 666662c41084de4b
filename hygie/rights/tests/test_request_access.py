"""A patient's request is seen by its practice only: 404 for an outsider."""

from hygie.rights.models import PatientRequest
from hygie.rights.tests.base import PatientRequestsTestCase


class AccessTestCase(PatientRequestsTestCase):
    def test_an_outsider_gets_404_on_every_request_page(self):
        self.log_a_request()
        patient_request = PatientRequest.objects.get()
        for name in ("detail", "answer", "refuse", "extend"):
            with self.subTest(name):
                response = self.client_for(self.outsider).get(self.url(name, patient_request.pk))
                self.assertEqual(response.status_code, 404)
        self.assertEqual(self.client_for(self.outsider).get(self.url("dashboard")).status_code, 404)
