"""A request's history: its steps are never changed, a correction is a note
added to them."""

from hygie.journal.models import Entry
from hygie.rights.models import PatientRequest, RequestEvent
from hygie.rights.tests.base import PatientRequestsTestCase


class HistoryTestCase(PatientRequestsTestCase):
    def test_a_step_is_never_changed(self):
        self.log_a_request()
        event = RequestEvent.objects.get()
        event.text = "Reçue un autre jour."
        with self.assertRaises(PermissionError):
            event.save()
        self.assertNotEqual(RequestEvent.objects.get().text, "Reçue un autre jour.")

    def test_a_correction_is_a_note_added_to_the_history(self):
        self.log_a_request()
        patient_request = PatientRequest.objects.get()
        url = self.url("note", patient_request.pk)
        self.assertEqual(
            self.client_for(self.outsider).post(url, {"text": "Intrus"}).status_code, 404
        )
        refused = self.client_for(self.secretaire).post(url, {"text": "  "}, follow=True)
        self.assertContains(refused, "Écrivez la note")
        self.client_for(self.secretaire).post(url, {"text": "Reçue le 3, pas le 4."})
        notes = RequestEvent.objects.filter(patient_request=patient_request, kind="note")
        self.assertEqual([n.text for n in notes], ["Reçue le 3, pas le 4."])
        self.assertEqual(notes[0].author, self.secretaire)
        self.assertTrue(Entry.objects.filter(action="rights.note", org_id=self.org.pk).exists())
        page = self.client_for(self.secretaire).get(self.url("detail", patient_request.pk))
        self.assertContains(page, "Reçue le 3, pas le 4.")
