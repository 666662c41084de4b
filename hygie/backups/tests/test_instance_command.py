"""`hygie sauvegarde`: what scripts and the person running it see."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from unittest import mock, skipUnless

from django.core.management import CommandError, call_command
from django.db import connection
from django.test import TransactionTestCase, override_settings

from hygie.backups.instance import schedule
from hygie.backups.tests.test_instance_roundtrip import Keys
from hygie.front.demo import create_demo

PASSPHRASE = "cheval agrafe batterie correcte"


@skipUnless(connection.vendor == "sqlite", "SQLite only")
class CommandTestCase(TransactionTestCase):
    def setUp(self):
        self.folder = Path(tempfile.mkdtemp(prefix="hygie-test-sauvegarde-"))
        self.addCleanup(shutil.rmtree, self.folder, True)
        self.overridden = override_settings(DATA_DIR=self.folder / "data", BACKUP_DIR="")
        self.overridden.enable()
        self.addCleanup(self.overridden.disable)
        self.logins = create_demo()
        self.keys = Keys()
        self.identity = self.folder / "cle.txt"
        self.identity.write_text(f"# clé de test\n{self.keys.identity}\n")

    def run_command(self, *args, env: dict | None = None) -> tuple[str, str]:
        out, err = io.StringIO(), io.StringIO()
        with mock.patch.dict(os.environ, env or {}):
            call_command("sauvegarde", *args, stdout=out, stderr=err)
        return out.getvalue(), err.getvalue()

    def make(self) -> Path:
        public = str(self.keys.identity.to_public())
        out, err = self.run_command(
            "creer", "--vers", str(self.folder / "out"), "--destinataire", public
        )
        self.assertIn("Copie de la base SQLite", err)
        self.assertIn("Sauvegarde écrite", err)
        return Path(out.strip().splitlines()[-1])

    def test_creer_prints_the_file_on_its_last_line(self):
        path = self.make()
        self.assertTrue(path.is_file())
        self.assertEqual(path.parent, self.folder / "out")

    def test_a_passphrase_from_a_file_or_the_environment(self):
        phrase = self.folder / "phrase.txt"
        phrase.write_text(PASSPHRASE + "\n")
        out, _ = self.run_command(
            "creer", "--vers", str(self.folder / "out"), "--phrase-fichier", str(phrase)
        )
        path = out.strip().splitlines()[-1]
        out, _ = self.run_command("verifier", path, env={"HYGIE_BACKUP_PASSPHRASE": PASSPHRASE})
        self.assertIn("Sauvegarde vérifiée", out)

    def test_a_short_or_missing_passphrase_is_refused(self):
        with self.assertRaisesMessage(CommandError, "trop courte"):
            self.run_command(
                "creer",
                "--vers",
                str(self.folder / "out"),
                env={"HYGIE_BACKUP_PASSPHRASE": "court"},
            )
        with (
            mock.patch.dict(os.environ),
            self.assertRaisesMessage(CommandError, "Aucun moyen de chiffrer"),
        ):
            os.environ.pop("HYGIE_BACKUP_PASSPHRASE", None)
            self.run_command("creer", "--vers", str(self.folder / "out"))
        self.assertFalse(
            list((self.folder / "out").glob("*")) if (self.folder / "out").exists() else []
        )

    def test_restaurer_checks_a_login_given_by_the_environment(self):
        path = self.make()
        owner = self.logins[0]
        target = self.folder / "nouvelle"
        out, _ = self.run_command(
            "restaurer",
            str(path),
            "--identite",
            str(self.identity),
            "--dossier",
            str(target),
            "--verifier-connexion",
            owner.email,
            env={"HYGIE_BACKUP_CHECK_PASSWORD": owner.password},
        )
        self.assertIn(f"Connexion de {owner.email} : vérifiée.", out)
        self.assertIn("Restauration terminée et vérifiée.", out)
        self.assertTrue((target / "hygie.sqlite3").is_file())
        with self.assertRaisesMessage(CommandError, "ajoutez --ecraser"):
            self.run_command(
                "restaurer", str(path), "--identite", str(self.identity), "--dossier", str(target)
            )

    def test_the_login_password_never_comes_from_the_command_line(self):
        path = self.make()
        with (
            mock.patch.dict(os.environ),
            self.assertRaisesMessage(CommandError, "HYGIE_BACKUP_CHECK_PASSWORD"),
        ):
            os.environ.pop("HYGIE_BACKUP_CHECK_PASSWORD", None)
            self.run_command(
                "verifier",
                str(path),
                "--identite",
                str(self.identity),
                "--verifier-connexion",
                "x@y.example",
            )

    def test_a_backup_already_running_is_not_doubled(self):
        with schedule.held_lock(), self.assertRaisesMessage(CommandError, "déjà en cours"):
            self.make()

    def test_a_refusal_exits_with_an_error_and_a_french_message(self):
        path = self.make()
        env = {k: v for k, v in os.environ.items() if not k.startswith("HYGIE_")}
        env |= {
            "HYGIE_DATA_DIR": str(self.folder / "ailleurs"),
            "HYGIE_BACKUP_PASSPHRASE": PASSPHRASE,
        }
        done = subprocess.run(
            [sys.executable, "-m", "hygie.cli", "sauvegarde", "verifier", str(path)],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        self.assertNotEqual(done.returncode, 0)
        self.assertIn(
            "CommandError: Cette sauvegarde est chiffrée pour une clé publique age", done.stderr
        )
        self.assertNotIn("Traceback", done.stderr)


def can_mount() -> bool:
    return os.geteuid() == 0 and shutil.which("mount") is not None


@skipUnless(connection.vendor == "sqlite", "SQLite only")
@skipUnless(can_mount(), "a full disk is made with a small tmpfs, which only root may mount")
class FullDiskTestCase(TransactionTestCase):
    """A disk that fills up: a real one, a small tmpfs mounted for the test."""

    def setUp(self):
        self.folder = Path(tempfile.mkdtemp(prefix="hygie-test-sauvegarde-"))
        self.addCleanup(shutil.rmtree, self.folder, True)
        self.overridden = override_settings(DATA_DIR=self.folder / "data")
        self.overridden.enable()
        self.addCleanup(self.overridden.disable)
        create_demo()
        self.keys = Keys()

    def small_disk(self, name: str, size: str) -> Path:
        where = self.folder / name
        where.mkdir()
        done = subprocess.run(
            [shutil.which("mount"), "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
            capture_output=True,
            check=False,
        )
        if done.returncode != 0:
            self.skipTest(f"tmpfs cannot be mounted here ({done.stderr.decode().strip()})")
        self.addCleanup(subprocess.run, [shutil.which("umount"), str(where)], check=False)
        return where

    def test_a_full_disk_for_the_copy_leaves_nothing(self):
        data = self.small_disk("data-pleine", "1m")
        with (
            override_settings(DATA_DIR=data),
            self.assertRaisesMessage(CommandError, "Plus de place"),
        ):
            self.run_creer(self.folder / "out")
        # The lock alone stays, empty: no clear copy, no partial backup.
        self.assertEqual([p.name for p in data.iterdir()], ["sauvegarde.verrou"])
        self.assertEqual(list((self.folder / "out").iterdir()), [])

    def test_a_full_disk_for_the_backup_leaves_no_partial_file(self):
        out = self.small_disk("out-plein", "64k")
        with self.assertRaisesMessage(CommandError, "Plus de place"):
            self.run_creer(out)
        self.assertEqual(list(out.iterdir()), [])
        self.assertFalse(list((self.folder / "data").glob(".sauvegarde-*")))

    def test_a_full_disk_while_restoring_leaves_the_target_as_it_was(self):
        from hygie.backups.instance.create import create
        from hygie.backups.instance.crypto import BackupError
        from hygie.backups.instance.restore import Target, restore
        from hygie.backups.tests.test_instance_refusals import snapshot
        from hygie.backups.tests.test_instance_roundtrip import SQLITE_TARGET

        backup = create(self.folder / "out", self.keys.encrypt)
        target = Target(self.small_disk("cible", "1m"), SQLITE_TARGET)
        (target.data_dir / "journal_key").write_text("cle\n")
        before = snapshot(target.data_dir)
        with self.assertRaisesMessage(BackupError, "Plus de place"):
            restore(backup, self.keys.decrypt, target)
        self.assertEqual(snapshot(target.data_dir), before)

    def run_creer(self, out: Path) -> None:
        public = str(self.keys.identity.to_public())
        call_command(
            "sauvegarde",
            "creer",
            "--vers",
            str(out),
            "--destinataire",
            public,
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )
