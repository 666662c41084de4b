import signal
import threading
from io import StringIO

from django.core import mail
from django.core.management import call_command
from django.db import connections
from django.test import TransactionTestCase
from django.utils import timezone

from hygie.accounts.models import User
from hygie.deadlines.actions import set_deadline
from hygie.deadlines.management.commands.rappels import Command
from hygie.deadlines.models import Reminder
from hygie.deadlines.tests.helpers import in_days
from hygie.journal.seals import seal_due
from hygie.orgs.models import Kind, Membership, Organisation
from hygie.orgs.roles import Role
from hygie.tests.base import BaseTestCase


class RappelsTestCase(BaseTestCase):
    def run_command(self) -> str:
        out = StringIO()
        call_command("rappels", stdout=out)
        return out.getvalue()

    def test_it_sends_what_is_due_now(self):
        set_deadline(org=self.org, title="Déclarer l'incident", due_at=in_days(-1))
        self.assertEqual(self.run_command(), "4 e-mails de rappel envoyés.\n")
        self.assertEqual(len(mail.outbox), 4)
        self.assertTrue(all(m.subject.startswith("Échéance atteinte") for m in mail.outbox))

    def test_a_second_run_sends_nothing(self):
        set_deadline(org=self.org, title="Déclarer l'incident", due_at=in_days(-1))
        self.run_command()
        self.assertEqual(self.run_command(), "0 e-mail de rappel envoyé.\n")
        self.assertEqual(len(mail.outbox), 4)

    def test_it_sends_nothing_ahead_of_time(self):
        set_deadline(org=self.org, title="Tester la sauvegarde", due_at=in_days(30))
        self.assertEqual(self.run_command(), "0 e-mail de rappel envoyé.\n")


class SignalWhenSent(StringIO):
    """The command's output, which tells the test when the loop has sent e-mails."""

    def __init__(self):
        super().__init__()
        self.sent = threading.Event()

    def write(self, text: str) -> int:
        if "envoyé" in text:
            self.sent.set()
        return super().write(text)


class RappelsLoopTestCase(TransactionTestCase):
    """The loop runs in another thread, so its writes must be committed: no TestCase."""

    def setUp(self):
        self.org = Organisation.objects.create(name="Cabinet du Dr Martin", kind=Kind.CABINET)
        self.titulaire = User.objects.create_user(
            "claire@cabinet-martin.example",
            "Cheval-Batterie-Agrafe-2026!",
            full_name="Claire Martin",
            email_confirmed_at=timezone.now(),
        )
        Membership.objects.create(user=self.titulaire, org=self.org, role=Role.TITULAIRE)
        self.deadline = set_deadline(org=self.org, title="Déclarer l'incident", due_at=in_days(-1))
        # The journal's chains are sealed once a day by the same loop: done
        # here, so that the loop's only e-mail is the reminder.
        seal_due()
        mail.outbox.clear()

    def test_it_keeps_running_sends_what_is_due_and_stops_on_request(self):
        out = SignalWhenSent()
        command = Command(stdout=out, stderr=StringIO())

        def run():
            try:
                call_command(command, "--loop", "--intervalle", "1")
            finally:
                connections.close_all()

        thread = threading.Thread(target=run)
        thread.start()
        try:
            self.assertTrue(out.sent.wait(timeout=10), out.getvalue())
        finally:
            command.stop(signal.SIGTERM, None)
            thread.join(timeout=10)
        self.assertFalse(thread.is_alive())

        self.assertEqual([m.to for m in mail.outbox], [["claire@cabinet-martin.example"]])
        self.assertIsNotNone(Reminder.objects.get(deadline=self.deadline).sent_at)
        lines = out.getvalue().splitlines()
        self.assertEqual(lines[0], "Rappels : en service (Ctrl+C pour arrêter).")
        self.assertRegex(lines[1], r"^\d\d/\d\d/\d{4} \d\d:\d\d : 1 e-mail envoyé\.$")
        self.assertEqual(lines[-1], "Rappels : arrêt.")
