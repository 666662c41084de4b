import tempfile
from io import StringIO
from pathlib import Path

from django.core.management import CommandError, call_command
from django.utils import timezone

from hygie.newsletter import bounces, letters, sending
from hygie.newsletter.models import Delivery, Subscriber
from hygie.newsletter.tests.base import NewsletterTestCase, letter, subscriber

S = Subscriber.Status


def dsn(recipient: str, status: str, message_id: str) -> bytes:
    """A delivery status notification as Postfix writes one (RFC 3464)."""
    return f"""From: MAILER-DAEMON@mx.exemple.example
To: ne-pas-repondre@hygie.invalid
Subject: Undelivered Mail Returned to Sender
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="B"

--B
Content-Type: text/plain

Your message could not be delivered.

--B
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.exemple.example

Final-Recipient: rfc822; {recipient}
Action: {"failed" if status.startswith("5") else "delayed"}
Status: {status}
Diagnostic-Code: smtp; 550 5.1.1 user unknown

--B
Content-Type: text/rfc822-headers

From: GRADeS Exemple <ne-pas-repondre@hygie.invalid>
To: {recipient}
Message-ID: {message_id}
Subject: Lettre de mars

--B--
""".encode()


PLAIN = b"""From: postmaster@exemple.example
Subject: Delivery Status Notification (Failure)
X-Failed-Recipients: lecteur@exemple.example
Content-Type: text/plain

The following address failed: lecteur@exemple.example
Remote server said: 550 5.1.1 The email account does not exist.
"""


class BouncesTestCase(NewsletterTestCase):
    def setUp(self):
        super().setUp()
        self.sub = subscriber(self.region, "lecteur@exemple.example")
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)

    def sent_letter(self) -> Delivery:
        issue = letter(self.region, self.animateur, subject=f"Lettre {Delivery.objects.count()}")
        letters.queue(issue, actor=self.animateur)
        sending.send_batch(timezone.now())
        return Delivery.objects.get(issue=issue)

    def read(self, *contents: bytes) -> str:
        paths = []
        for i, content in enumerate(contents):
            path = Path(self.tmp.name) / f"avis-{len(list(Path(self.tmp.name).iterdir()))}-{i}.eml"
            path.write_bytes(content)
            paths.append(str(path))
        out = StringIO()
        call_command("lettre", "rebonds", *paths, stdout=out)
        return out.getvalue()

    def test_a_permanent_failure_marks_the_subscriber_bounced_by_its_message_id(self):
        delivery = self.sent_letter()
        # The recipient's address differs: the Message-ID finds the delivery.
        output = self.read(dsn("alias@exemple.example", "5.1.1", delivery.message_id))
        self.assertIn("1 adresse mise en échec", output)
        self.sub.refresh_from_db()
        self.assertEqual(self.sub.status, S.BOUNCED)
        # And it receives no more letters.
        self.assertEqual(letters.queue(letter(self.region, subject="Suite"), actor=None), 0)

    def test_three_temporary_failures_mark_it_bounced(self):
        for expected in (S.CONFIRMED, S.CONFIRMED, S.BOUNCED):
            delivery = self.sent_letter()
            self.read(dsn("lecteur@exemple.example", "4.2.2", delivery.message_id))
            self.sub.refresh_from_db()
            self.assertEqual(self.sub.status, expected)

    def test_the_same_notification_read_twice_counts_once(self):
        delivery = self.sent_letter()
        report = dsn("lecteur@exemple.example", "4.2.2", delivery.message_id)
        self.read(report, report, report)
        self.sub.refresh_from_db()
        self.assertEqual((self.sub.status, self.sub.temporary_failures), (S.CONFIRMED, 1))

    def test_a_common_non_standard_bounce_is_found_by_its_recipient(self):
        self.read(PLAIN)
        self.sub.refresh_from_db()
        self.assertEqual(self.sub.status, S.BOUNCED)

    def test_a_malformed_file_writes_nothing(self):
        delivery = self.sent_letter()
        good = dsn("lecteur@exemple.example", "5.1.1", delivery.message_id)
        for bad in (
            b"",
            b"bonjour, ceci n'est pas un avis",
            b"Subject: Bonjour\n\nTout va bien.\n",
        ):
            with self.subTest(bad=bad), self.assertRaisesRegex(CommandError, "Rien n'a été"):
                self.read(good, bad)
            self.sub.refresh_from_db()
            self.assertEqual(self.sub.status, S.CONFIRMED)

    def test_it_reads_the_status_of_each_recipient(self):
        table = [("5.1.1", True, False), ("4.4.7", False, True), ("2.0.0", False, False)]
        for status, permanent, temporary in table:
            (bounce,) = bounces.parse(dsn("x@exemple.example", status, "<a@b>"))
            self.assertEqual((bounce.permanent, bounce.temporary), (permanent, temporary))
            self.assertEqual(bounce.message_id, "<a@b>")
