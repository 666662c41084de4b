"""A backup of the demo instance restored into a fresh place loses nothing:
every row of every table, the journal's chains, a demo login. On SQLite and
(with HYGIE_DATABASE_URL) on PostgreSQL."""

from __future__ import annotations

import shutil
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from unittest import skipUnless

import pyrage
from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.db import connection, connections
from django.test import TransactionTestCase, override_settings

from hygie.accounts.models import User
from hygie.backups.instance import database
from hygie.backups.instance.create import create
from hygie.backups.instance.crypto import BackupError, Secret
from hygie.backups.instance.restore import Login, Target, restore, verify
from hygie.front.demo import create_demo
from hygie.journal.verify import verify as verify_journal

SQLITE_TARGET = {"ENGINE": "django.db.backends.sqlite3", "NAME": ""}


def normalised(value):
    """One form per value whichever driver read it (bytes, times in UTC)."""
    if isinstance(value, memoryview):
        return bytes(value)
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(UTC)
    return value


def table_rows(cursor, tables, quote=lambda name: f'"{name}"') -> dict[str, list]:
    """Every row of every table, in an order that does not depend on storage."""
    found = {}
    for name in tables:
        cursor.execute(f"SELECT * FROM {quote(name)}")  # noqa: S608 (names from the catalogue)
        rows = [tuple(normalised(v) for v in row) for row in cursor.fetchall()]
        found[name] = sorted(rows, key=repr)
    return found


def source_rows() -> dict[str, list]:
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        return table_rows(cursor, tables)


def temporary_folder(case) -> Path:
    folder = Path(tempfile.mkdtemp(prefix="hygie-test-sauvegarde-"))
    case.addCleanup(shutil.rmtree, folder, True)
    return folder


class Keys:
    """An age key pair made for the test (the passphrase's scrypt is slow on
    purpose: most tests encrypt for a public key)."""

    def __init__(self) -> None:
        self.identity = pyrage.x25519.Identity.generate()
        self.encrypt = Secret(recipients=[self.identity.to_public()])
        self.decrypt = Secret(identities=[self.identity])


@skipUnless(connection.vendor == "sqlite", "SQLite only")
class SQLiteRoundTripTestCase(TransactionTestCase):
    """The copy is taken through its own read transaction, as in the
    background loop: a transactional test, not one inside a transaction."""

    def setUp(self):
        self.folder = temporary_folder(self)
        self.settings = override_settings(DATA_DIR=self.folder / "data")
        self.settings.enable()
        self.addCleanup(self.settings.disable)
        self.logins = create_demo()
        self.keys = Keys()

    def test_a_restored_copy_holds_every_row_the_journal_and_a_login(self):
        before = source_rows()
        self.assertGreater(len(before["journal_entry"]), 10)
        backup = create(self.folder / "out", self.keys.encrypt)
        self.assertRegex(backup.name, r"^hygie-\d{8}-\d{6}\.hygie-backup$")
        self.assertFalse(backup.read_bytes().count(b"claire.martin"))

        target = Target(self.folder / "fresh", SQLITE_TARGET)
        owner = self.logins[0]
        report = restore(
            backup, self.keys.decrypt, target, login=Login(owner.email, owner.password)
        )
        self.assertIn(f"Connexion de {owner.email} : vérifiée.", report.lines)

        restored = target.data_dir / "hygie.sqlite3"
        with database.django_alias(SQLITE_TARGET, str(restored)) as alias:
            with connections[alias].cursor() as cursor:
                after = table_rows(cursor, list(before))
            journal = verify_journal(using=alias, journal_key=settings.JOURNAL_KEY)
            hashed = User.objects.using(alias).get(email=owner.email).password
        self.assertEqual(before, after)
        self.assertTrue(journal.ok)
        self.assertEqual(journal.entries, len(before["journal_entry"]))
        self.assertTrue(check_password(owner.password, hashed))
        self.assertFalse(check_password("pas le bon", hashed))
        self.assertEqual(
            (target.data_dir / "journal_key").read_text().strip(), settings.JOURNAL_KEY
        )
        self.assertEqual((target.data_dir / "secret_key").read_text().strip(), settings.SECRET_KEY)
        # Nothing clear is left behind: no workspace in either data folder.
        self.assertEqual(
            sorted(p.name for p in target.data_dir.iterdir()),
            ["hygie.sqlite3", "journal_key", "secret_key"],
        )
        self.assertFalse(list((self.folder / "data").glob(".sauvegarde-*")))

    def test_verify_checks_without_restoring(self):
        backup = create(self.folder / "out", self.keys.encrypt)
        report = verify(backup, self.keys.decrypt, work_in=self.folder / "data")
        self.assertIn("Base SQLite : structure intègre (PRAGMA integrity_check).", report.lines)
        self.assertTrue(any(line.startswith("Journal d'audit intègre") for line in report.lines))

    def test_a_wrong_login_is_refused(self):
        backup = create(self.folder / "out", self.keys.encrypt)
        target = Target(self.folder / "fresh", SQLITE_TARGET)
        with self.assertRaisesMessage(BackupError, "n'ouvre pas le compte"):
            restore(
                backup,
                self.keys.decrypt,
                target,
                login=Login(self.logins[0].email, "Pas-Le-Bon-Mot-2026"),
            )
        self.assertFalse((target.data_dir / "hygie.sqlite3").exists())


@skipUnless(connection.vendor == "postgresql", "PostgreSQL only (HYGIE_DATABASE_URL)")
class PostgresRoundTripTestCase(TransactionTestCase):
    """pg_dump reads committed rows only: a transactional test, whose target
    databases are made and dropped here."""

    def setUp(self):
        self.folder = temporary_folder(self)
        self.settings = override_settings(DATA_DIR=self.folder / "data")
        self.settings.enable()
        self.addCleanup(self.settings.disable)
        self.target_name = f"{connection.settings_dict['NAME']}_cible"[:50]
        self.addCleanup(self.drop_scratch)
        self.logins = create_demo()
        self.keys = Keys()
        self.target = Target(
            self.folder / "fresh", dict(connection.settings_dict, NAME=self.target_name)
        )

    def drop_scratch(self):
        with database.pg_connect(connection.settings_dict, "postgres") as conn:
            names = [
                row[0]
                for row in conn.execute(
                    "SELECT datname FROM pg_database WHERE datname LIKE %s",
                    [f"{self.target_name}%"],
                )
            ]
        for name in names:
            database.pg_drop(connection.settings_dict, name)

    def target_rows(self, tables) -> dict[str, list]:
        # Through Django's driver settings, as the source rows are (JSON as text).
        with (
            database.django_alias(self.target.database, self.target_name) as alias,
            connections[alias].cursor() as cursor,
        ):
            return table_rows(cursor, tables)

    def test_a_restored_copy_holds_every_row_the_journal_and_a_login(self):
        before = source_rows()
        backup = create(self.folder / "out", self.keys.encrypt)
        verify(backup, self.keys.decrypt, work_in=self.folder / "data")
        owner = self.logins[0]
        restore(backup, self.keys.decrypt, self.target, login=Login(owner.email, owner.password))
        self.assertEqual(before, self.target_rows(list(before)))
        with database.django_alias(self.target.database, self.target_name) as alias:
            journal = verify_journal(using=alias, journal_key=settings.JOURNAL_KEY)
            hashed = User.objects.using(alias).get(email=owner.email).password
        self.assertTrue(journal.ok)
        self.assertEqual(journal.entries, len(before["journal_entry"]))
        self.assertTrue(check_password(owner.password, hashed))

    def test_a_lived_in_database_is_replaced_only_when_asked_and_never_by_a_bad_file(self):
        backup = create(self.folder / "out", self.keys.encrypt)
        restore(backup, self.keys.decrypt, self.target)
        before = self.target_rows(["accounts_user", "journal_entry"])
        with self.assertRaisesMessage(BackupError, "contient déjà des comptes"):
            restore(backup, self.keys.decrypt, self.target)

        altered = backup.with_name("altered.hygie-backup")
        data = bytearray(backup.read_bytes())
        data[len(data) // 2] ^= 0x01
        altered.write_bytes(bytes(data))
        with self.assertRaisesMessage(BackupError, "altéré ou incomplet"):
            restore(altered, self.keys.decrypt, self.target, overwrite=True)
        self.assertEqual(before, self.target_rows(["accounts_user", "journal_entry"]))
        staging = f"{self.target_name}_restauration"
        self.assertFalse(database.pg_exists(self.target.database, staging))

        report = restore(backup, self.keys.decrypt, self.target, overwrite=True)
        kept = [line for line in report.lines if line.startswith("L'ancienne base est gardée")]
        self.assertEqual(len(kept), 1)
        self.assertEqual(before, self.target_rows(["accounts_user", "journal_entry"]))

    def test_a_postgresql_backup_is_not_restored_into_sqlite(self):
        backup = create(self.folder / "out", self.keys.encrypt)
        sqlite = Target(self.folder / "sqlite", SQLITE_TARGET)
        with self.assertRaisesMessage(BackupError, "vient d'une instance PostgreSQL"):
            restore(backup, self.keys.decrypt, sqlite)
        self.assertFalse((sqlite.data_dir / "hygie.sqlite3").exists())
