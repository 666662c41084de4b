"""The scheduled backup: retention (table-driven), once a day from its hour,
never two at once, and a failure shown on the admin's page and e-mailed to
the admins once per day."""

from __future__ import annotations

import shutil
import tempfile
from datetime import datetime, timedelta
from pathlib import Path
from unittest import skipUnless
from zoneinfo import ZoneInfo

from django.core import mail
from django.db import connection
from django.test import SimpleTestCase, TransactionTestCase, override_settings

from hygie.accounts.models import User
from hygie.backups.instance import schedule
from hygie.backups.instance.schedule import backups_in, due, prune, tick, to_keep
from hygie.backups.tests.test_instance_roundtrip import Keys
from hygie.lib import plugins

PARIS = ZoneInfo("Europe/Paris")


def at(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%d %H:%M")


class RetentionTestCase(SimpleTestCase):
    # (backups made, daily, weekly, kept)
    CASES = [
        ([], 7, 4, []),
        (["2026-12-07 02:00"], 0, 0, ["2026-12-07 02:00"]),
        # Two the same day: the later one is that day's.
        (
            ["2026-12-06 02:00", "2026-12-07 02:00", "2026-12-07 14:00"],
            2,
            0,
            ["2026-12-06 02:00", "2026-12-07 14:00"],
        ),
        # Ten days, three daily: the last three days.
        (
            [f"2026-12-{d:02d} 02:00" for d in range(1, 11)],
            3,
            0,
            ["2026-12-08 02:00", "2026-12-09 02:00", "2026-12-10 02:00"],
        ),
        # Ten days (1 December 2026 is a Tuesday), two daily, two weekly: the
        # last of week 49 (Sunday the 6th) and of week 50 (the 10th).
        (
            [f"2026-12-{d:02d} 02:00" for d in range(1, 11)],
            2,
            2,
            ["2026-12-06 02:00", "2026-12-09 02:00", "2026-12-10 02:00"],
        ),
        # Days with no backup do not count: the last 2 days that have one.
        (
            ["2026-11-20 02:00", "2026-12-01 02:00", "2026-12-07 02:00"],
            2,
            0,
            ["2026-12-01 02:00", "2026-12-07 02:00"],
        ),
        # Weekly reaches further back than daily.
        (
            ["2026-11-16 02:00", "2026-11-23 02:00", "2026-11-30 02:00", "2026-12-07 02:00"],
            1,
            3,
            ["2026-11-23 02:00", "2026-11-30 02:00", "2026-12-07 02:00"],
        ),
    ]

    def test_the_table(self):
        for made, daily, weekly, kept in self.CASES:
            with self.subTest(made=made, daily=daily, weekly=weekly):
                found = to_keep([at(s) for s in made], daily=daily, weekly=weekly)
                self.assertEqual(sorted(found), [at(s) for s in kept])

    def test_prune_deletes_only_backups_retention_drops(self):
        folder = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, folder)
        for day in range(1, 11):
            (folder / f"hygie-202612{day:02d}-020000.hygie-backup").write_bytes(b"x")
        (folder / "notes.txt").write_text("à garder")
        (folder / "hygie-20261201-020000.hygie-backup.copie").write_text("à garder")
        removed = prune(folder, daily=2, weekly=2)
        self.assertEqual(len(removed), 7)
        left = sorted(p.name for p in folder.iterdir())
        self.assertEqual(
            left,
            [
                "hygie-20261201-020000.hygie-backup.copie",
                "hygie-20261206-020000.hygie-backup",
                "hygie-20261209-020000.hygie-backup",
                "hygie-20261210-020000.hygie-backup",
                "notes.txt",
            ],
        )
        self.assertEqual(len(backups_in(folder)), 3)


@override_settings(BACKUP_HOUR=2)
class DueTestCase(SimpleTestCase):
    # (now in Paris, last success, last attempt, due)
    CASES = [
        ("2026-12-07 01:59", None, None, False),
        ("2026-12-07 02:00", None, None, True),
        ("2026-12-07 09:00", "2026-12-06 02:00", "2026-12-06 02:00", True),
        ("2026-12-07 09:00", "2026-12-07 02:00", "2026-12-07 02:00", False),
        # A failure at 8:30: the next try waits an hour.
        ("2026-12-07 09:00", "2026-12-06 02:00", "2026-12-07 08:30", False),
        ("2026-12-07 09:31", "2026-12-06 02:00", "2026-12-07 08:30", True),
    ]

    def test_the_table(self):
        for now, success, attempt, expected in self.CASES:
            with self.subTest(now=now, success=success, attempt=attempt):
                state = {
                    "last_success": at(success).replace(tzinfo=PARIS).isoformat()
                    if success
                    else None,
                    "last_attempt": at(attempt).replace(tzinfo=PARIS).isoformat()
                    if attempt
                    else None,
                }
                self.assertEqual(due(at(now).replace(tzinfo=PARIS), state), expected)


@skipUnless(
    connection.vendor == "sqlite", "SQLite: the PostgreSQL copy is tested by the round trip"
)
class TickTestCase(TransactionTestCase):
    def setUp(self):
        self.folder = Path(tempfile.mkdtemp(prefix="hygie-test-sauvegarde-"))
        self.addCleanup(shutil.rmtree, self.folder, True)
        self.keys = Keys()
        recipient = str(self.keys.identity.to_public())
        self.overridden = override_settings(
            DATA_DIR=self.folder / "data",
            BACKUP_DIR=str(self.folder / "sauvegardes"),
            BACKUP_RECIPIENTS=[recipient],
            BACKUP_HOUR=2,
            BACKUP_DAILY=2,
            BACKUP_WEEKLY=1,
            ADMINS=[],
        )
        self.overridden.enable()
        self.addCleanup(self.overridden.disable)
        self.admin = User.objects.create_superuser("support@hygie.example", "Support-Hygie-2026!")
        self.now = datetime(2026, 12, 7, 3, 0, tzinfo=PARIS)

    def test_the_loop_runs_the_tick(self):
        self.assertIn(tick, plugins.ticks())

    def test_off_without_a_folder_or_a_key(self):
        with override_settings(BACKUP_DIR=""):
            self.assertIsNone(tick(self.now))
        with override_settings(BACKUP_RECIPIENTS=[]):
            self.assertIsNone(tick(self.now))
        self.assertFalse((self.folder / "sauvegardes").exists())

    def test_one_backup_a_day_and_the_old_ones_pruned(self):
        written = [tick(self.now + timedelta(days=d)) for d in range(4)]
        self.assertTrue(all(written))
        self.assertIsNone(tick(self.now + timedelta(days=3, hours=5)))
        names = sorted(p.name for p in (self.folder / "sauvegardes").iterdir())
        # Monday 7 to Thursday 10 December: the last two days (the week's last is one).
        self.assertEqual(names, [written[2].name, written[3].name])
        self.assertEqual(schedule.read_state()["last_file"], str(written[3]))
        self.assertEqual(schedule.alerts(), [])

    def test_never_two_at_once(self):
        with schedule.held_lock() as held:
            self.assertTrue(held)
            self.assertIsNone(tick(self.now))
        self.assertIsNotNone(tick(self.now))

    def test_a_failure_alerts_the_admins_once_a_day(self):
        # The backups' folder is a file: the backup cannot be written.
        (self.folder / "sauvegardes").write_text("pas un dossier")
        with self.assertLogs("hygie.backups", "ERROR") as logged:
            self.assertIsNone(tick(self.now))
            self.assertEqual(len(mail.outbox), 1)
            self.assertEqual(mail.outbox[0].to, ["support@hygie.example"])
            self.assertIn("a échoué", mail.outbox[0].subject)
            self.assertIn("n'est pas un dossier", mail.outbox[0].body)
            # Retried an hour later, still failing: no second e-mail that day.
            self.assertIsNone(tick(self.now + timedelta(hours=1, minutes=1)))
            self.assertEqual(len(mail.outbox), 1)
            self.assertIn("07/12/2026 à 04:01", schedule.alerts()[0])
            # The next day: one more.
            self.assertIsNone(tick(self.now + timedelta(days=1)))
            self.assertEqual(len(mail.outbox), 2)
            with override_settings(ADMINS=[("Exploitation", "exploitation@grades.example")]):
                tick(self.now + timedelta(days=2))
            self.assertEqual(mail.outbox[2].to, ["exploitation@grades.example"])
        self.assertEqual(len(logged.records), 4)

        # Shown on the admin's index page until a backup succeeds.
        from django_otp import DEVICE_ID_SESSION_KEY
        from django_otp.plugins.otp_totp.models import TOTPDevice

        device = TOTPDevice.objects.create(user=self.admin, name="Téléphone", confirmed=True)
        self.client.force_login(self.admin)
        session = self.client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
        page = self.client.get("/admin/")
        self.assertContains(page, "La sauvegarde automatique de l&#x27;instance a échoué")
        self.assertContains(page, "Aucune n&#x27;a encore réussi")

        (self.folder / "sauvegardes").unlink()
        self.assertIsNotNone(tick(self.now + timedelta(days=3)))
        self.assertNotContains(self.client.get("/admin/"), "a échoué")
