"""Exactly once across a crash, and with two loops at once: real processes
running `hygie rappels` (the loop's pass) against the test database, mail
written to files by Django's file backend."""

import tempfile
from collections import Counter
from datetime import timedelta
from pathlib import Path

from django.test import TransactionTestCase
from django.utils import timezone

from hygie.newsletter import letters
from hygie.newsletter.models import Delivery
from hygie.newsletter.tests.base import letter, subscriber
from hygie.newsletter.tests.processes import SharedDatabase
from hygie.orgs.models import Kind, Organisation

D = Delivery.Status


class ExactlyOnceTestCase(TransactionTestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)
        self.shared = SharedDatabase(Path(self.tmp.name))
        region = Organisation.objects.create(name="GRADeS Exemple", kind=Kind.APPUI)
        self.addresses = [f"abonne{i:03}@exemple.example" for i in range(12)]
        for address in self.addresses:
            subscriber(region, address)
        self.issue = letter(region)
        letters.queue(self.issue, actor=None)

    def received(self) -> Counter:
        return Counter(m["To"] for m in self.shared.messages())

    def test_a_loop_that_dies_mid_batch_then_runs_again_sends_each_letter_once(self):
        self.shared.push()
        # 1. It dies right after the server accepted the 5th letter, before
        #    recording it.
        code, output = self.shared.run("rappels", HYGIE_NEWSLETTER_TEST_EXIT_AFTER="5")
        self.assertEqual(code, 70, output)
        self.assertEqual(sum(self.received().values()), 5)
        # 2. It runs again: the others leave, the one in flight is not resent.
        code, output = self.shared.run("rappels")
        self.assertEqual(code, 0, output)
        received = self.received()
        self.assertEqual(set(received), set(self.addresses))
        self.assertEqual(set(received.values()), {1}, received)
        self.shared.pull()
        statuses = Counter(Delivery.objects.values_list("status", flat=True))
        self.assertEqual(statuses, {D.SENT: 11, D.SENDING: 1})
        in_flight = Delivery.objects.get(status=D.SENDING)
        self.assertEqual(received[in_flight.subscriber.email], 1)
        # 3. Long after, its claim is seen as dead: « incertaine », still not
        #    sent again, shown as such to the animateur.
        Delivery.objects.filter(pk=in_flight.pk).update(
            claimed_at=timezone.now() - timedelta(hours=1)
        )
        self.shared.push()
        code, output = self.shared.run("rappels")
        self.assertEqual(code, 0, output)
        self.assertEqual(sum(self.received().values()), 12)
        self.shared.pull()
        in_flight.refresh_from_db()
        self.assertEqual(in_flight.status, D.UNCERTAIN)
        self.assertEqual(self.issue.progress()["uncertain"], 1)

    def test_two_loops_at_once_never_send_a_letter_twice(self):
        # Enough letters for the two passes to overlap.
        Delivery.objects.all().delete()
        self.addresses += [f"autre{i:03}@exemple.example" for i in range(150)]
        for address in self.addresses[12:]:
            subscriber(self.issue.region, address)
        Delivery.objects.bulk_create(
            Delivery(issue=self.issue, subscriber=s, message_id=f"<{s.pk}@exemple.example>")
            for s in self.issue.region.subscribers.all()
        )
        self.shared.push()
        first = self.shared.start("rappels", HYGIE_NEWSLETTER_BATCH_SIZE="400")
        second = self.shared.start("rappels", HYGIE_NEWSLETTER_BATCH_SIZE="400")
        for process in (first, second):
            output, _ = process.communicate(timeout=120)
            self.assertEqual(process.returncode, 0, output.decode())
        received = self.received()
        self.assertEqual(set(received), set(self.addresses))
        self.assertEqual(set(received.values()), {1}, received)
        self.shared.pull()
        self.assertEqual(Delivery.objects.filter(status=D.SENT).count(), 162)
