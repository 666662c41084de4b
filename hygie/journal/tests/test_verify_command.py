from io import StringIO

from django.core.management import CommandError, call_command

from hygie.journal.actions import chain_key, record
from hygie.journal.tests.helpers import raw_sql
from hygie.tests.base import BaseTestCase


class VerifyCommandTestCase(BaseTestCase):
    def setUp(self):
        for _ in range(3):
            record(action="org.settings_changed", org=self.org, actor=self.titulaire)

    def verifier(self) -> str:
        out = StringIO()
        call_command("journal", "verifier", stdout=out)
        return out.getvalue()

    def test_it_reports_an_intact_journal(self):
        output = self.verifier()
        self.assertIn("Journal intègre", output)
        self.assertIn("2 chaînes, 4 entrées vérifiées", output)

    def test_it_runs_as_from_a_terminal_with_django_s_system_checks(self):
        # `hygie journal verifier` runs Django's system checks first: the
        # command must not take the name of the method that runs them.
        out = StringIO()
        call_command("journal", "verifier", stdout=out, skip_checks=False)
        self.assertIn("Journal intègre", out.getvalue())

    def test_it_names_the_chain_and_first_broken_entry(self):
        chain = chain_key(self.org.pk)
        raw_sql("UPDATE {entry} SET actor_label = 'x' WHERE chain = %s AND seq = 2", [chain])
        raw_sql("DELETE FROM {entry} WHERE chain = %s AND seq = 3", [chain])
        with self.assertRaisesMessage(CommandError, f"Chaîne « {chain} », entrée n° 2") as caught:
            self.verifier()
        self.assertIn("modifié", str(caught.exception))
        self.assertNotIn("n° 3", str(caught.exception))

    def test_it_lists_every_chain_broken(self):
        record(action="org.settings_changed", org=self.other_org, actor=self.outsider)
        raw_sql("DELETE FROM {entry} WHERE seq = 1 AND chain LIKE %s", ["org:%"])
        with self.assertRaises(CommandError) as caught:
            self.verifier()
        message = str(caught.exception)
        self.assertIn("2 chaînes touchées", message)
        self.assertIn(chain_key(self.org.pk), message)
        self.assertIn(chain_key(self.other_org.pk), message)

    def test_it_requires_the_verifier_subcommand(self):
        with self.assertRaises(CommandError):
            call_command("journal")
