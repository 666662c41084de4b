"""A processor and its contract: an HDS host's certificate end is an échéance,
recalled a month and a week before, and followed no longer once it is not HDS."""

from datetime import timedelta

from django.utils import timezone

from hygie.deadlines.models import Deadline
from hygie.register.models import Processor
from hygie.register.tests.base import RegisterTestCase


class ProcessorsTestCase(RegisterTestCase):
    def test_an_hds_host_with_its_clauses_and_certificate_deadline(self):
        (record,) = self.build("dossier-patient")
        client = self.client_for(self.titulaire)
        until = (timezone.localdate() + timedelta(days=200)).isoformat()
        form = {
            "name": "Hébergeur Santé",
            "service": "Hébergement du logiciel de cabinet",
            "hds": "oui",
            "hds_until": until,
            "location": "eee",
            "processings": [record.pk],
            "clauses": ["instructions", "confidentialite", "securite"],
        }
        # HDS without its end date is refused.
        response = client.post(self.url("processor_new"), {**form, "hds_until": ""})
        self.assertContains(response, "fin de validité", status_code=400)
        self.assertRedirects(client.post(self.url("processor_new"), form), self.url("home"))
        processor = Processor.objects.get()
        self.assertEqual(sum(processor.clauses.values()), 3)
        deadline = Deadline.objects.get(key="hds")
        self.assertEqual(deadline.due_at.date().isoformat(), until)
        # Recalled a month and a week before it ends: time to renew a contract.
        before = sorted(
            deadline.due_at - r.send_at for r in deadline.reminders.filter(kind="before")
        )
        self.assertEqual(before, [timedelta(days=7), timedelta(days=30)])
        self.assertEqual(deadline.permission, "register.view")
        home = client.get(self.url("home"))
        self.assertContains(home, "contrat sans toutes les clauses")
        french = (timezone.localdate() + timedelta(days=200)).strftime("%d/%m/%Y")
        self.assertContains(home, f"jusqu'au {french}")
        self.assertNotContains(home, f"jusqu'au {until}")
        # Its end is no longer followed once it is no longer HDS.
        client.post(
            self.url("processor_edit", processor.pk), {**form, "hds": "non", "hds_until": ""}
        )
        self.assertEqual(Deadline.objects.get(key="hds").status, "cancelled")
