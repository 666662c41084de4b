"""Each copy of the plan becomes two échéances (its next backup, its next
restore test), moved on when a backup or a restore test is logged, reminded
by e-mail to the members who log backups, and cancelled when it leaves the plan."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.core import mail
from django.utils import timezone

from hygie.backups import actions
from hygie.backups.models import PlannedBackup
from hygie.backups.tests.base import BackupsTestCase
from hygie.deadlines.models import Deadline, ReminderKind, Status
from hygie.deadlines.reminders import send_due
from hygie.journal.models import Entry
from hygie.law.days import add_months
from hygie.orgs.actions import SETTINGS_FIELDS, update_settings

PARIS = ZoneInfo("Europe/Paris")


def at_18(day) -> datetime:
    return datetime.combine(day, time(18, 0), tzinfo=PARIS)


def echeance(planned: PlannedBackup, key: str) -> Deadline:
    return Deadline.objects.get(subject_id=str(planned.pk), key=key)


class DeadlinesTestCase(BackupsTestCase):
    def setUp(self):
        self.today = timezone.localdate(timezone.now(), PARIS)
        self.disk = self.add()

    def test_a_new_copy_is_due_a_period_after_it_entered_the_plan(self):
        backup = echeance(self.disk, "sauvegarde")
        self.assertEqual(backup.due_at, at_18(self.today + timedelta(days=7)))
        self.assertEqual(
            backup.title, "Faire la sauvegarde : Logiciel métier, documents → Disque 1"
        )
        self.assertEqual(backup.permission, "backups.log")
        restore = echeance(self.disk, "restauration")
        # A quarterly restore test, proposed by default.
        self.assertEqual(restore.due_at, at_18(add_months(self.today, 3)))
        self.assertEqual(
            restore.title, "Tester la restauration : Logiciel métier, documents → Disque 1"
        )

    def test_a_backup_logged_moves_its_echeance_on_by_its_frequency(self):
        day = self.today - timedelta(days=2)
        actions.log_backup(self.disk, done_on=day, actor=self.secretaire)
        backup = echeance(self.disk, "sauvegarde")
        self.assertEqual(
            (backup.status, backup.due_at), (Status.OPEN, at_18(day + timedelta(days=7)))
        )
        self.assertTrue(
            Entry.objects.filter(action="deadline.changed", object_id=str(backup.pk)).exists()
        )
        # The restore test does not move for a backup.
        self.assertEqual(
            echeance(self.disk, "restauration").due_at, at_18(add_months(self.today, 3))
        )

    def test_an_overdue_backup_is_no_longer_overdue_once_logged(self):
        actions.log_backup(
            self.disk, done_on=self.today - timedelta(days=20), actor=self.secretaire
        )
        self.assertTrue(echeance(self.disk, "sauvegarde").is_overdue)
        actions.log_backup(self.disk, done_on=self.today, actor=self.secretaire)
        self.assertFalse(echeance(self.disk, "sauvegarde").is_overdue)

    def test_a_scheduled_backup_is_checked_weekly(self):
        daily = self.add(every=1, automatic=True, label="NAS")
        backup = echeance(daily, "sauvegarde")
        self.assertEqual(backup.due_at, at_18(self.today + timedelta(days=7)))
        self.assertTrue(backup.title.startswith("Vérifier que la sauvegarde a eu lieu : "))

    def test_a_restore_test_that_worked_moves_the_next_one_by_its_period(self):
        day = self.today - timedelta(days=10)
        actions.log_restore_test(
            self.disk,
            {"done_on": day, "restored": "Un dossier test", "outcome": "ok", "minutes": 20},
            actor=self.titulaire,
        )
        self.assertEqual(echeance(self.disk, "restauration").due_at, at_18(add_months(day, 3)))

    def test_a_restore_test_that_failed_is_to_be_done_again_within_a_week(self):
        day = self.today - timedelta(days=1)
        actions.log_restore_test(
            self.disk,
            {"done_on": day, "restored": "La base", "outcome": "echec", "minutes": 60},
            actor=self.titulaire,
        )
        restore = echeance(self.disk, "restauration")
        self.assertEqual(restore.due_at, at_18(day + timedelta(days=7)))
        self.assertTrue(restore.title.startswith("Refaire le test de restauration : "))

    def test_an_old_restore_test_makes_the_next_one_overdue(self):
        actions.log_restore_test(
            self.disk,
            {
                "done_on": add_months(self.today, -4),
                "restored": "Un dossier",
                "outcome": "ok",
                "minutes": 5,
            },
            actor=self.titulaire,
        )
        self.assertTrue(echeance(self.disk, "restauration").is_overdue)

    def test_a_copy_retired_from_the_plan_has_its_echeances_cancelled(self):
        actions.retire(self.disk, actor=self.titulaire)
        self.assertEqual(
            set(
                Deadline.objects.filter(subject_id=str(self.disk.pk)).values_list(
                    "status", flat=True
                )
            ),
            {Status.CANCELLED},
        )

    def test_a_backup_removed_from_the_log_moves_the_echeance_back(self):
        run = actions.log_backup(self.disk, done_on=self.today, actor=self.secretaire)
        actions.delete_backup(run, actor=self.secretaire)
        self.assertEqual(
            echeance(self.disk, "sauvegarde").due_at, at_18(self.today + timedelta(days=7))
        )
        self.assertTrue(Entry.objects.filter(action="backups.done_deleted").exists())

    def test_a_new_time_zone_moves_the_echeances_to_18_00_there(self):
        values = {name: getattr(self.org, name) for name in SETTINGS_FIELDS}
        update_settings(
            self.org,
            {**values, "time_zone": "America/Martinique"},
            actor=self.titulaire,
            request=None,
        )
        martinique = ZoneInfo("America/Martinique")
        start = timezone.localdate(self.disk.created, martinique)
        self.assertEqual(
            echeance(self.disk, "sauvegarde").due_at,
            datetime.combine(start + timedelta(days=7), time(18, 0), tzinfo=martinique),
        )


class RemindersTestCase(BackupsTestCase):
    def test_a_weekly_backup_is_recalled_the_day_before_and_when_due(self):
        disk = self.add()
        backup = echeance(disk, "sauvegarde")
        self.assertEqual(
            sorted(backup.reminders.values_list("kind", "send_at")),
            [
                (ReminderKind.BEFORE, backup.due_at - timedelta(hours=24)),
                (ReminderKind.DUE, backup.due_at),
            ],
        )

    def test_a_daily_backup_is_recalled_only_when_due(self):
        disk = self.add(every=1)
        backup = echeance(disk, "sauvegarde")
        self.assertEqual(list(backup.reminders.values_list("kind", flat=True)), [ReminderKind.DUE])

    def test_a_restore_test_is_recalled_a_week_and_a_day_before(self):
        restore = echeance(self.add(), "restauration")
        self.assertEqual(
            sorted(restore.reminders.values_list("send_at", flat=True)),
            [
                restore.due_at - timedelta(days=7),
                restore.due_at - timedelta(days=1),
                restore.due_at,
            ],
        )

    def test_an_overdue_restore_test_is_e_mailed_to_whoever_logs_backups(self):
        disk = self.add()
        actions.log_restore_test(
            disk,
            {
                "done_on": add_months(timezone.localdate(), -5),
                "restored": "Un dossier",
                "outcome": "ok",
                "minutes": 5,
            },
            actor=self.titulaire,
        )
        self.assertEqual(send_due(), 4)
        self.assertEqual(
            sorted(m.to[0] for m in mail.outbox),
            [
                "claire@cabinet-martin.example",
                "paul@cabinet-martin.example",
                "remi@prestataire.example",
                "sophie@cabinet-martin.example",
            ],
        )
        self.assertIn(
            "Tester la restauration : Logiciel métier, documents → Disque 1", mail.outbox[0].subject
        )

    def test_logging_the_backup_replaces_the_reminders_not_yet_sent(self):
        disk = self.add()
        actions.log_backup(
            disk, done_on=timezone.localdate() - timedelta(days=3), actor=self.secretaire
        )
        backup = echeance(disk, "sauvegarde")
        self.assertEqual(backup.due_at, at_18(timezone.localdate() + timedelta(days=4)))
        self.assertEqual(
            sorted(backup.reminders.values_list("send_at", flat=True)),
            [backup.due_at - timedelta(hours=24), backup.due_at],
        )
