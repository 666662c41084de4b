"""The demo practice's backups: a plan of three copies, backups logged, and a
restore test overdue that the home page shows in red."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.test import TestCase, override_settings
from django.urls import reverse

from hygie.accounts.models import User
from hygie.backups.models import BackupRun, Destruction, PlannedBackup
from hygie.deadlines.models import Deadline, Status
from hygie.front.demo import PEOPLE, create_demo
from hygie.orgs.models import Organisation


class DemoTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        # The demo writes its logins in the data folder: a scratch one.
        data_dir = tempfile.TemporaryDirectory()
        cls.addClassCleanup(data_dir.cleanup)
        with override_settings(DATA_DIR=Path(data_dir.name)):
            create_demo()
        cls.org = Organisation.objects.get(is_demo=True, name="Cabinet du Dr Martin")

    def test_the_demo_has_a_plan_and_a_log(self):
        self.assertEqual(PlannedBackup.objects.filter(org=self.org).count(), 3)
        self.assertEqual(BackupRun.objects.filter(org=self.org).count(), 5)
        self.assertTrue(Destruction.objects.filter(org=self.org).exists())
        vendor = PlannedBackup.objects.get(org=self.org, medium="editeur")
        self.assertEqual(vendor.processor.hds, "oui")

    def test_one_restore_test_is_overdue_and_red_on_the_home_page(self):
        overdue = [
            d
            for d in Deadline.objects.filter(org=self.org, key="restauration", status=Status.OPEN)
            if d.is_overdue
        ]
        self.assertEqual(
            [d.title for d in overdue],
            ["Tester la restauration : Logiciel métier, documents → Disque A"],
        )
        self.client.force_login(User.objects.get(email=PEOPLE[1][1]))
        page = self.client.get(reverse("orgs:home", args=[self.org.code]))
        self.assertContains(page, "Tester la restauration : Logiciel métier, documents → Disque A")
        self.assertContains(page, '<span class="badge badge--overdue">En retard</span>', html=False)
