"""A backup that is altered, truncated, opened with the wrong passphrase or
key, or made by a newer Hygie is refused in French, and the target is left
as it was; so is a target that already holds an instance."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import tempfile
from pathlib import Path
from unittest import mock, skipUnless

from django.db import connection
from django.test import TransactionTestCase, override_settings

from hygie.backups.instance import archive
from hygie.backups.instance import restore as restoring
from hygie.backups.instance.create import create
from hygie.backups.instance.crypto import BackupError, Secret
from hygie.backups.instance.restore import Target, restore, verify
from hygie.backups.tests.test_instance_roundtrip import SQLITE_TARGET, Keys, temporary_folder
from hygie.front.demo import create_demo

PASSPHRASE = "cheval agrafe batterie correcte"


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` and its bytes."""
    if not folder.exists():
        return {}
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@skipUnless(connection.vendor == "sqlite", "SQLite only")
class RefusalTestCase(TransactionTestCase):
    """One demo instance and its backups for the whole class; each test
    restores into a target that already holds an empty instance's files."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.folder = Path(tempfile.mkdtemp(prefix="hygie-test-sauvegarde-"))
        cls.overridden = override_settings(DATA_DIR=cls.folder / "data")
        cls.overridden.enable()
        create_demo()
        cls.keys = Keys()
        cls.backup = create(cls.folder / "out", cls.keys.encrypt)
        cls.by_phrase = create(cls.folder / "phrase", Secret(passphrase=PASSPHRASE))

    @classmethod
    def tearDownClass(cls):
        cls.overridden.disable()
        shutil.rmtree(cls.folder, ignore_errors=True)
        super().tearDownClass()

    def setUp(self):
        self.work = temporary_folder(self)
        self.target = Target(self.work / "cible", SQLITE_TARGET)
        # An empty instance: its generated keys, and a database with no one in it.
        self.target.data_dir.mkdir()
        (self.target.data_dir / "secret_key").write_text("cle-de-l-instance-vide\n")
        (self.target.data_dir / "journal_key").write_text("cle-du-journal-vide\n")
        with sqlite3.connect(self.target.sqlite_path) as db:
            db.execute("CREATE TABLE accounts_user (id integer primary key, email text)")
        self.before = snapshot(self.target.data_dir)

    def refused(self, path: Path, secret: Secret, message: str, **options) -> None:
        with self.assertRaisesMessage(BackupError, message):
            restore(path, secret, self.target, **options)
        self.assertEqual(snapshot(self.target.data_dir), self.before)

    def copy(self, source: Path, name: str) -> Path:
        path = self.work / name
        shutil.copyfile(source, path)
        return path

    def test_one_flipped_byte_is_refused(self):
        altered = self.copy(self.backup, "altered.hygie-backup")
        data = bytearray(altered.read_bytes())
        data[len(data) // 2] ^= 0x01
        altered.write_bytes(bytes(data))
        self.refused(altered, self.keys.decrypt, "est altéré ou incomplet")
        with self.assertRaisesMessage(BackupError, "est altéré ou incomplet"):
            verify(altered, self.keys.decrypt, work_in=self.work)

    def test_a_truncated_file_is_refused(self):
        cut = self.copy(self.backup, "cut.hygie-backup")
        cut.write_bytes(self.backup.read_bytes()[:-100])
        self.refused(cut, self.keys.decrypt, "est altéré ou incomplet")

    def test_a_file_that_is_not_a_backup_is_refused(self):
        other = self.work / "notes.hygie-backup"
        other.write_text("pas une sauvegarde")
        self.refused(other, self.keys.decrypt, "n'est pas une sauvegarde Hygie chiffrée")

    def test_a_wrong_passphrase_is_refused(self):
        self.refused(
            self.by_phrase, Secret(passphrase="une autre phrase"), "Phrase de passe erronée"
        )

    def test_a_passphrase_backup_asks_for_its_passphrase(self):
        self.refused(self.by_phrase, self.keys.decrypt, "chiffrée avec une phrase de passe")

    def test_a_wrong_key_is_refused(self):
        self.refused(self.backup, Keys().decrypt, "n'est pas chiffrée pour cette clé privée")
        self.refused(self.backup, Secret(passphrase=PASSPHRASE), "donnez la clé privée")

    def rebuilt(self, change) -> Path:
        """The backup with its manifest or members changed by `change`, then
        packed and encrypted again as a backup would be."""
        work = self.work / "rebuild"
        work.mkdir()
        opened = archive.open_backup(self.backup, self.keys.decrypt, work)
        change(opened.manifest, opened.members)
        tar = work / "again.tar.gz"
        archive.write_tar(work, opened.manifest, opened.members, tar)
        return archive.encrypt_to(tar, self.work, "rebuilt.hygie-backup", self.keys.encrypt)

    def test_a_backup_from_a_newer_hygie_is_refused(self):
        def newer(manifest, members):
            manifest["hygie_version"] = "99.0.0"

        self.refused(self.rebuilt(newer), self.keys.decrypt, "version plus récente d'Hygie (99.0.0")

    def test_a_backup_with_migrations_unknown_here_is_refused(self):
        def newer(manifest, members):
            manifest["migrations"].append("journal.9999_a_venir")

        self.refused(
            self.rebuilt(newer),
            self.keys.decrypt,
            "migrations inconnues ici : journal.9999_a_venir",
        )

    def test_a_member_that_differs_from_its_checksum_is_refused(self):
        def changed(manifest, members):
            members["cles/journal_key"].write_text("une autre clé\n")

        self.refused(self.rebuilt(changed), self.keys.decrypt, "somme de contrôle du manifeste")

    def test_counts_that_differ_from_the_manifest_are_refused(self):
        def counted(manifest, members):
            manifest["tables"]["journal_entry"] += 1

        self.refused(self.rebuilt(counted), self.keys.decrypt, "journal_entry")

    def test_journal_heads_that_differ_from_the_manifest_are_refused(self):
        def moved(manifest, members):
            head = next(iter(manifest["journal_heads"].values()))
            head["seq"] += 1

        self.refused(self.rebuilt(moved), self.keys.decrypt, "têtes des chaînes du journal")

    def test_a_restore_interrupted_during_its_checks_replaces_nothing(self):
        # Ctrl-C while the copy is checked, the longest step: the target is as
        # it was, and no clear copy stays in its data folder.
        with (
            mock.patch(
                "hygie.backups.instance.restore._check_models", side_effect=KeyboardInterrupt
            ),
            self.assertRaises(KeyboardInterrupt),
        ):
            restore(self.backup, self.keys.decrypt, self.target)
        self.assertEqual(snapshot(self.target.data_dir), self.before)

    def test_ctrl_c_during_the_swap_waits_for_the_keys(self):
        # A real SIGINT the moment the database is being put in place: the swap
        # ends with the backup's keys (never the restored base with the old
        # keys), the report says so, and Ctrl-C is Ctrl-C again afterwards.
        swap = restoring._swap_sqlite

        def interrupted(*args):
            os.kill(os.getpid(), signal.SIGINT)
            swap(*args)

        before = signal.getsignal(signal.SIGINT)
        with mock.patch.object(restoring, "_swap_sqlite", interrupted):
            report = restore(self.backup, self.keys.decrypt, self.target)
        self.assertIn("Interruption reçue pendant le remplacement", "\n".join(report.lines))
        self.assertNotIn(
            b"cle-du-journal-vide", (self.target.data_dir / "journal_key").read_bytes()
        )
        with sqlite3.connect(self.target.sqlite_path) as db:
            self.assertEqual(db.execute("SELECT count(*) FROM accounts_user").fetchone(), (3,))
        self.assertIs(signal.getsignal(signal.SIGINT), before)

    def test_a_lived_in_instance_is_replaced_only_when_asked(self):
        with sqlite3.connect(self.target.sqlite_path) as db:
            db.execute("INSERT INTO accounts_user (email) VALUES ('deja@la.example')")
        self.before = snapshot(self.target.data_dir)
        self.refused(self.backup, self.keys.decrypt, "ajoutez --ecraser")
        report = restore(self.backup, self.keys.decrypt, self.target, overwrite=True)
        aside = [p for p in self.target.data_dir.iterdir() if "avant-restauration" in p.name]
        self.assertEqual(len(aside), 1)
        self.assertTrue(any(str(aside[0]) in line for line in report.lines))
        with sqlite3.connect(aside[0]) as db:
            self.assertEqual(
                db.execute("SELECT email FROM accounts_user").fetchall(), [("deja@la.example",)]
            )

    def test_an_empty_instance_takes_the_backup_and_its_keys(self):
        restore(self.backup, self.keys.decrypt, self.target)
        self.assertNotIn(
            b"cle-du-journal-vide", (self.target.data_dir / "journal_key").read_bytes()
        )
        with sqlite3.connect(self.target.sqlite_path) as db:
            self.assertEqual(db.execute("SELECT count(*) FROM accounts_user").fetchone(), (3,))
        self.assertFalse([p for p in self.target.data_dir.iterdir() if "avant" in p.name])

    def test_a_sqlite_backup_is_not_restored_into_postgresql(self):
        target = Target(self.work / "pg", {"ENGINE": "django.db.backends.postgresql", "NAME": "x"})
        with self.assertRaisesMessage(BackupError, "n'est pas prise en charge"):
            restore(self.backup, self.keys.decrypt, target)
