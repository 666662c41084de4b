from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hygie.newsletter import letters, sending, subscribers
from hygie.newsletter.models import Delivery, Issue, Subscriber
from hygie.newsletter.tests.base import NewsletterTestCase, letter, subscriber

S = Subscriber.Status


class SendingTestCase(NewsletterTestCase):
    def test_only_confirmed_subscribers_receive_the_letter(self):
        subscriber(self.region, "oui@exemple.example")
        subscriber(self.region, "attente@exemple.example", S.PENDING)
        subscriber(self.region, "echec@exemple.example", S.BOUNCED)
        issue = letter(self.region, self.animateur)
        self.assertEqual(letters.queue(issue, actor=self.animateur), 1)
        self.assertEqual(sending.send_batch(timezone.now()), 1)
        self.assertEqual([m.to for m in mail.outbox], [["oui@exemple.example"]])
        issue.refresh_from_db()
        self.assertEqual(issue.status, Issue.Status.SENT)

    def test_a_batch_reads_a_letters_blocks_once_for_all_its_recipients(self):
        for name in ("un", "deux", "trois"):
            subscriber(self.region, f"{name}@exemple.example")
        letters.queue(letter(self.region, self.animateur), actor=self.animateur)
        with CaptureQueriesContext(connection) as queries:
            self.assertEqual(sending.send_batch(timezone.now()), 3)
        block_reads = [
            q for q in queries if "newsletter_block" in q["sql"] and q["sql"].startswith("SELECT")
        ]
        self.assertEqual(len(block_reads), 1)
        self.assertTrue(all("Venez nombreux." in m.body for m in mail.outbox))

    def test_a_pass_of_the_background_loop_sends_the_queued_letters(self):
        # `hygie rappels`, `hygie rappels --loop` and the loop inside a
        # one-process `hygie serve` all make this pass.
        from hygie.deadlines.management.commands.rappels import one_pass

        subscriber(self.region, "oui@exemple.example")
        issue = letter(self.region, self.animateur)
        letters.queue(issue, actor=self.animateur)
        one_pass()
        self.assertEqual([m.to for m in mail.outbox], [["oui@exemple.example"]])

    def test_each_letter_carries_the_one_click_unsubscribe_headers(self):
        subscriber(self.region, "oui@exemple.example")
        issue = letter(self.region, self.animateur)
        letters.queue(issue, actor=self.animateur)
        sending.send_batch(timezone.now())
        (message,) = mail.outbox
        delivery = Delivery.objects.get()
        self.assertEqual(message.extra_headers["Message-ID"], delivery.message_id)
        self.assertEqual(
            message.extra_headers["List-Unsubscribe-Post"], "List-Unsubscribe=One-Click"
        )
        header = message.extra_headers["List-Unsubscribe"]
        self.assertRegex(header, r"^<http://[^>]+/lettre/desabonnement/[\w-]{20,}/>$")
        # In the footer of both parts too; the token itself is not stored.
        url = header[1:-1]
        self.assertIn(url, message.body)
        self.assertIn(url, message.alternatives[0][0])
        token = url.rstrip("/").rsplit("/", 1)[1]
        self.assertNotIn(token, str(Delivery.objects.values().get()))
        self.assertIn("GRADeS Exemple", message.from_email)

    def test_batches_send_the_given_number_per_pass(self):
        for i in range(5):
            subscriber(self.region, f"p{i}@exemple.example")
        issue = letter(self.region, self.animateur)
        letters.queue(issue, actor=self.animateur)
        self.assertEqual(sending.send_batch(timezone.now(), 2), 2)
        self.assertEqual(issue.progress()["remaining"], 3)
        self.assertEqual(sending.send_batch(timezone.now(), 2), 2)
        self.assertEqual(sending.send_batch(timezone.now(), 2), 1)
        self.assertEqual(sending.send_batch(timezone.now(), 2), 0)
        self.assertEqual(len(mail.outbox), 5)
        self.assertEqual(len({m.to[0] for m in mail.outbox}), 5)

    def test_a_letter_is_queued_once(self):
        subscriber(self.region, "oui@exemple.example")
        issue = letter(self.region, self.animateur)
        letters.queue(issue, actor=self.animateur)
        with self.assertRaises(letters.NotADraft):
            letters.queue(issue, actor=self.animateur)
        self.assertEqual(Delivery.objects.count(), 1)

    def test_an_address_unsubscribed_after_queueing_receives_nothing(self):
        gone = subscriber(self.region, "parti@exemple.example")
        issue = letter(self.region, self.animateur)
        letters.queue(issue, actor=self.animateur)
        gone.status = S.UNSUBSCRIBED
        gone.save()
        sending.send_batch(timezone.now())
        self.assertEqual(mail.outbox, [])
        self.assertEqual(Delivery.objects.get().status, Delivery.Status.SKIPPED)

    def test_a_claim_left_by_a_dead_process_becomes_uncertain_and_is_not_resent(self):
        subscriber(self.region, "oui@exemple.example")
        issue = letter(self.region, self.animateur)
        letters.queue(issue, actor=self.animateur)
        long_ago = timezone.now() - sending.CLAIM_TIMEOUT * 2
        Delivery.objects.update(status=Delivery.Status.SENDING, claimed_at=long_ago)
        self.assertEqual(sending.send_batch(timezone.now()), 0)
        self.assertEqual(mail.outbox, [])
        self.assertEqual(Delivery.objects.get().status, Delivery.Status.UNCERTAIN)
        # The animateur sends it again: with the same Message-ID.
        self.assertEqual(letters.resend_uncertain(issue, actor=self.animateur), 1)
        sending.send_batch(timezone.now())
        (message,) = mail.outbox
        self.assertEqual(message.extra_headers["Message-ID"], Delivery.objects.get().message_id)

    def test_the_first_attempts_unsubscribe_link_still_works_after_a_resend(self):
        sub = subscriber(self.region, "oui@exemple.example")
        issue = letter(self.region, self.animateur)
        letters.queue(issue, actor=self.animateur)
        sending.send_batch(timezone.now())
        Delivery.objects.update(status=Delivery.Status.UNCERTAIN)
        letters.resend_uncertain(issue, actor=self.animateur)
        sending.send_batch(timezone.now())
        first, second = (m.extra_headers["List-Unsubscribe"][1:-1] for m in mail.outbox)
        self.assertNotEqual(first, second)
        delivery = Delivery.objects.get()
        for url in (first, second):
            self.assertEqual(subscribers.delivery_for_token(url.split("/")[-2]), delivery)
        self.assertEqual(subscribers.unsubscribe(first.split("/")[-2]), sub)
        sub.refresh_from_db()
        self.assertEqual(sub.status, S.UNSUBSCRIBED)

    def test_a_recent_claim_is_left_to_its_process(self):
        subscriber(self.region, "oui@exemple.example")
        issue = letter(self.region, self.animateur)
        letters.queue(issue, actor=self.animateur)
        Delivery.objects.update(status=Delivery.Status.SENDING, claimed_at=timezone.now())
        sending.send_batch(timezone.now())
        self.assertEqual(mail.outbox, [])
        self.assertEqual(Delivery.objects.get().status, Delivery.Status.SENDING)

    def test_a_delivery_claimed_by_one_process_is_not_claimed_by_another(self):
        subscriber(self.region, "oui@exemple.example")
        letters.queue(letter(self.region, self.animateur), actor=self.animateur)
        delivery = Delivery.objects.get()
        self.assertIsNotNone(sending.claim(delivery.pk))
        self.assertIsNone(sending.claim(delivery.pk))


class DemoTestCase(NewsletterTestCase):
    def test_the_demo_region_has_a_draft_with_every_kind_of_block_and_subscribers(self):
        from hygie.newsletter.demo import create_region_demo
        from hygie.newsletter.models import Block

        create_region_demo(self.region, self.animateur, self.org)
        issue = Issue.objects.get(region=self.region)
        self.assertTrue(issue.is_draft)
        self.assertEqual(
            sorted(issue.blocks.values_list("kind", flat=True)), sorted(Block.Kind.values)
        )
        confirmed = Subscriber.objects.filter(region=self.region, status=S.CONFIRMED)
        self.assertGreaterEqual(confirmed.count(), 3)
        self.assertTrue(all(s.email.endswith(".example") for s in confirmed))
        # It renders, and sends.
        self.assertEqual(letters.queue(issue, actor=self.animateur), confirmed.count())
        self.assertEqual(sending.send_batch(timezone.now()), confirmed.count())
