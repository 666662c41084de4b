from datetime import UTC, datetime, timedelta

from django.core import mail
from django.test import override_settings

from hygie.deadlines import actions
from hygie.deadlines.actions import set_deadline
from hygie.deadlines.reminders import CLAIM_TIMEOUT, claim_next, send_due
from hygie.tests.base import BaseTestCase

# Sunday 14 July 2030, 10:00 in Paris (summer time, UTC+2).
DUE_AT = datetime(2030, 7, 14, 8, 0, tzinfo=UTC)
WEEK_BEFORE = DUE_AT - timedelta(days=7)
EVERYONE = {
    "claire@cabinet-martin.example",
    "paul@cabinet-martin.example",
    "sophie@cabinet-martin.example",
    "remi@prestataire.example",
}


def recipients() -> set[str]:
    return {address for m in mail.outbox for address in m.to}


class SendDueTestCase(BaseTestCase):
    def setUp(self):
        self.d = set_deadline(
            org=self.org,
            title="Tester la restauration de la sauvegarde",
            due_at=DUE_AT,
            notes="Sur le NAS",
        )

    def test_it_sends_a_due_reminder_once_to_each_member_allowed_to_see_it(self):
        self.assertEqual(send_due(now=WEEK_BEFORE), 4)
        self.assertEqual(sorted(m.to[0] for m in mail.outbox), sorted(EVERYONE))
        self.assertTrue(all(len(m.to) == 1 for m in mail.outbox))
        reminder = self.d.reminders.get(sent_at__isnull=False)
        self.assertEqual((reminder.send_at, reminder.recipients), (WEEK_BEFORE, 4))

    def test_a_second_run_sends_nothing(self):
        send_due(now=WEEK_BEFORE)
        mail.outbox.clear()
        self.assertEqual(send_due(now=WEEK_BEFORE + timedelta(hours=1)), 0)
        self.assertEqual(mail.outbox, [])

    def test_it_sends_nothing_before_the_first_reminder(self):
        self.assertEqual(send_due(now=WEEK_BEFORE - timedelta(seconds=1)), 0)
        self.assertEqual(mail.outbox, [])

    def test_the_reminder_is_in_french_with_the_title_the_paris_time_and_the_link(self):
        send_due(now=WEEK_BEFORE)
        message = next(m for m in mail.outbox if m.to == ["claire@cabinet-martin.example"])
        self.assertEqual(
            message.subject,
            "Rappel : Tester la restauration de la sauvegarde (Cabinet du Dr Martin)",
        )
        link = f"http://127.0.0.1:8000/o/{self.org.code}/echeances/#echeance-{self.d.pk}"
        html = message.alternatives[0][0]
        for body in (message.body, html):
            with self.subTest(body=body[:20]):
                self.assertIn("Bonjour Claire Martin", body)
                self.assertIn("Rappel d'une échéance à venir pour Cabinet du Dr Martin", body)
                self.assertIn("À faire avant le dimanche 14 juillet 2030 à 10:00", body)
                self.assertIn("Sur le NAS", body)
                self.assertIn(link, body)

    def test_the_reminder_gives_the_time_of_the_organisations_own_zone(self):
        self.org.time_zone = "Indian/Reunion"
        self.org.save(update_fields=["time_zone"])
        send_due(now=WEEK_BEFORE)
        message = mail.outbox[0]
        for body in (message.body, message.alternatives[0][0]):
            with self.subTest(body=body[:20]):
                # 08:00 UTC is 12:00 in La Réunion, named as such.
                self.assertIn(
                    "À faire avant le dimanche 14 juillet 2030 à 12:00 (heure de La Réunion)",
                    body,
                )

    def test_the_due_reminder_says_the_deadline_is_reached(self):
        send_due(now=DUE_AT)
        subjects = {m.subject for m in mail.outbox}
        self.assertIn(
            "Échéance atteinte : Tester la restauration de la sauvegarde (Cabinet du Dr Martin)",
            subjects,
        )
        self.assertIn(
            "Rappel : Tester la restauration de la sauvegarde (Cabinet du Dr Martin)", subjects
        )
        self.assertIn("L'échéance suivante est atteinte", mail.outbox[-1].body)
        # The 7-day, 1-day, 3-hour and due reminders, each to four people.
        self.assertEqual(len(mail.outbox), 16)
        self.assertFalse(self.d.reminders.filter(sent_at=None).exists())

    def test_it_leaves_out_people_who_should_not_get_it(self):
        self.praticien.reminders_by_email = False
        self.praticien.save()
        self.secretaire.email_confirmed_at = None
        self.secretaire.save()
        self.referent.is_active = False
        self.referent.save()
        send_due(now=WEEK_BEFORE)
        self.assertEqual(recipients(), {"claire@cabinet-martin.example"})

    def test_it_sends_only_to_the_roles_allowed_by_the_deadline_permission(self):
        actions.cancel(self.d)
        set_deadline(
            org=self.org, title="Relire le journal", due_at=DUE_AT, permission="journal.view"
        )
        send_due(now=WEEK_BEFORE)
        self.assertEqual(
            recipients(), {"claire@cabinet-martin.example", "remi@prestataire.example"}
        )

    def test_outsiders_never_get_it(self):
        send_due(now=DUE_AT)
        self.assertNotIn("olivier@msp-tilleuls.example", recipients())
        self.assertNotIn("anne@grades.example", recipients())

    def test_reminders_of_done_or_cancelled_deadlines_are_never_sent(self):
        other = set_deadline(org=self.org, title="Changer les mots de passe", due_at=DUE_AT)
        actions.complete(self.d)
        actions.cancel(other)
        # Even a reminder claimed by a process that died, then released.
        for d in (self.d, other):
            d.reminders.create(kind="due", send_at=DUE_AT, claimed_at=DUE_AT - timedelta(hours=1))
        self.assertEqual(send_due(now=DUE_AT + timedelta(days=1)), 0)
        self.assertEqual(mail.outbox, [])

    def test_a_stale_claim_is_retried(self):
        reminder = claim_next(WEEK_BEFORE)
        stale = WEEK_BEFORE + CLAIM_TIMEOUT + timedelta(seconds=1)
        self.assertEqual(send_due(now=stale), 4)
        reminder.refresh_from_db()
        self.assertIsNotNone(reminder.sent_at)

    def test_a_recent_claim_is_left_to_the_process_that_holds_it(self):
        reminder = claim_next(WEEK_BEFORE)
        self.assertEqual(send_due(now=WEEK_BEFORE + CLAIM_TIMEOUT), 0)
        reminder.refresh_from_db()
        self.assertIsNone(reminder.sent_at)

    def test_two_runs_at_once_cannot_both_send_the_same_reminder(self):
        # The first run has claimed the reminder and is sending it…
        first = claim_next(WEEK_BEFORE)
        self.assertIsNotNone(first)
        # …so the second run finds nothing to claim and sends nothing.
        self.assertIsNone(claim_next(WEEK_BEFORE))
        self.assertEqual(send_due(now=WEEK_BEFORE), 0)
        self.assertEqual(mail.outbox, [])


class UnreachableMailServerTestCase(BaseTestCase):
    def setUp(self):
        self.d = set_deadline(org=self.org, title="Tester la sauvegarde", due_at=DUE_AT)

    # A real SMTP backend pointed at a closed port: the connection is refused.
    @override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=1,
        EMAIL_TIMEOUT=2,
    )
    def test_a_refused_connection_keeps_the_reminder_for_later_without_stopping(self):
        with self.assertLogs("hygie.reminders", level="ERROR"):
            self.assertEqual(send_due(now=WEEK_BEFORE), 0)
        reminder = self.d.reminders.get(send_at=WEEK_BEFORE)
        self.assertIsNone(reminder.sent_at)
        self.assertIsNotNone(reminder.claimed_at)

    def test_the_reminder_is_sent_once_the_server_answers_again(self):
        with (
            override_settings(
                EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
                EMAIL_HOST="127.0.0.1",
                EMAIL_PORT=1,
                EMAIL_TIMEOUT=2,
            ),
            self.assertLogs("hygie.reminders", level="ERROR"),
        ):
            send_due(now=WEEK_BEFORE)
        self.assertEqual(send_due(now=WEEK_BEFORE + CLAIM_TIMEOUT + timedelta(seconds=1)), 4)
