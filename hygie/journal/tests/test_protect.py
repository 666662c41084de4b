"""`hygie journal proteger`: on PostgreSQL, the application's role may no
longer change or delete the journal, only append to it."""

import io
from unittest import skipUnless

from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from hygie.journal import seals
from hygie.journal.actions import chain_key, record
from hygie.journal.models import Entry
from hygie.journal.verify import verify
from hygie.tests.base import BaseTestCase

ROLE = "hygie_test_application"
TABLES = "journal_entry, journal_chain, journal_seal"


@skipUnless(connection.vendor == "postgresql", "PostgreSQL only")
class ProtectTestCase(BaseTestCase):
    def setUp(self):
        self.chain = chain_key(self.org.pk)
        for _ in range(5):
            record(action="org.settings_changed", org=self.org, actor=self.titulaire)
        seals.seal(self.chain, seals.EXPORT)
        # An ordinary role, as an application's should be (the test database's
        # own is a superuser, whom no right limits); undone with the test.
        with connection.cursor() as cursor:
            cursor.execute(f"CREATE ROLE {ROLE} NOLOGIN")
            cursor.execute(f"GRANT USAGE ON SCHEMA public TO {ROLE}")
            cursor.execute(f"GRANT ALL ON {TABLES} TO {ROLE}")
            cursor.execute(f"GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO {ROLE}")

    def proteger(self, role: str = ROLE) -> str:
        out = io.StringIO()
        call_command("journal", "proteger", "--role", role, stdout=out)
        return out.getvalue()

    def test_the_role_may_append_but_not_change_or_delete(self):
        self.assertIn(f"Le rôle « {ROLE} » ne peut plus modifier ni effacer", self.proteger())
        with connection.cursor() as cursor:
            cursor.execute(f"SET ROLE {ROLE}")
            try:
                for statement in [
                    "DELETE FROM journal_entry WHERE seq > 3",
                    "UPDATE journal_entry SET object_label = 'anodin'",
                    "TRUNCATE journal_entry",
                    "DELETE FROM journal_seal",
                    "UPDATE journal_seal SET seq = 3",
                    "DELETE FROM journal_chain",
                ]:
                    with (
                        self.subTest(statement),
                        self.assertRaises(DatabaseError),
                        transaction.atomic(),
                    ):
                        cursor.execute(statement)
                # Appending moves the chain's head: that right stays.
                record(action="org.settings_changed", org=self.org, actor=self.titulaire)
            finally:
                cursor.execute("RESET ROLE")
        self.assertEqual(Entry.objects.filter(chain=self.chain).count(), 6)
        self.assertTrue(verify([self.chain]).ok)

    def test_it_refuses_a_superuser_and_an_unknown_role(self):
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_user")
            superuser = cursor.fetchone()[0]
        with self.assertRaisesMessage(CommandError, "est superutilisateur"):
            self.proteger(superuser)
        with self.assertRaisesMessage(CommandError, "n'existe pas"):
            self.proteger("personne_de_connu")
