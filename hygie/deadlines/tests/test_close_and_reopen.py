from django.utils import timezone

from hygie.deadlines import actions
from hygie.deadlines.models import Deadline, Status
from hygie.deadlines.reminders import claim_next
from hygie.deadlines.tests.helpers import deadline, invitation
from hygie.journal.models import Entry
from hygie.tests.base import BaseTestCase


class CloseAndReopenTestCase(BaseTestCase):
    def setUp(self):
        self.d = deadline(self.org)
        # The 7-day reminder has gone already.
        self.sent = self.d.reminders.order_by("send_at").first()
        self.sent.sent_at = timezone.now()
        self.sent.save()

    def test_complete_closes_it_drops_the_unsent_reminders_and_journals_it(self):
        actions.complete(self.d, actor=self.praticien)
        self.d.refresh_from_db()
        self.assertEqual((self.d.status, self.d.closed_by), (Status.DONE, self.praticien))
        self.assertIsNotNone(self.d.closed_at)
        self.assertEqual(list(self.d.reminders.all()), [self.sent])
        entry = Entry.objects.get(action="deadline.done", object_id=str(self.d.pk))
        self.assertEqual((entry.org_id, entry.actor_id), (self.org.pk, self.praticien.pk))

    def test_cancel_records_the_reason(self):
        actions.cancel(self.d, reason="Plus d'objet", actor=self.titulaire)
        self.d.refresh_from_db()
        self.assertEqual(self.d.status, Status.CANCELLED)
        self.assertEqual(list(self.d.reminders.all()), [self.sent])
        entry = Entry.objects.get(action="deadline.cancelled", object_id=str(self.d.pk))
        self.assertEqual(entry.details, {"motif": "Plus d'objet"})

    def test_closing_keeps_a_reminder_being_sent(self):
        being_sent = claim_next(self.d.due_at)
        actions.complete(self.d)
        self.assertTrue(self.d.reminders.filter(pk=being_sent.pk).exists())

    def test_reopen_opens_it_again_with_new_reminders_and_journals_it(self):
        actions.complete(self.d)
        actions.reopen(self.d, actor=self.titulaire)
        self.d.refresh_from_db()
        self.assertEqual(self.d.status, Status.OPEN)
        self.assertIsNone(self.d.closed_at)
        self.assertIsNone(self.d.closed_by)
        unsent = self.d.reminders.filter(sent_at=None)
        self.assertEqual(
            sorted(unsent.values_list("kind", flat=True)), ["before", "before", "before", "due"]
        )
        self.assertTrue(
            Entry.objects.filter(action="deadline.reopened", object_id=str(self.d.pk)).exists()
        )

    def test_cancel_for_cancels_the_open_deadlines_of_its_subject_only(self):
        subject, other = invitation(self.org), invitation(self.org, "autre@cabinet-martin.example")
        cnil = deadline(self.org, "CNIL", subject=subject, key="cnil")
        plainte = deadline(self.org, "Plainte", subject=subject, key="plainte")
        actions.complete(plainte)
        elsewhere = deadline(self.org, "Autre", subject=other)

        actions.cancel_for(subject, reason="Incident clos", actor=self.titulaire)

        statuses = dict(Deadline.objects.values_list("pk", "status"))
        self.assertEqual(statuses[cnil.pk], Status.CANCELLED)
        self.assertEqual(statuses[plainte.pk], Status.DONE)
        self.assertEqual(statuses[elsewhere.pk], Status.OPEN)
        self.assertEqual(statuses[self.d.pk], Status.OPEN)
        self.assertFalse(cnil.reminders.exists())
        entry = Entry.objects.get(action="deadline.cancelled", object_id=str(cnil.pk))
        self.assertEqual(
            (entry.actor_id, entry.details), (self.titulaire.pk, {"motif": "Incident clos"})
        )
