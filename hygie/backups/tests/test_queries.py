"""The backups' pages and exports read the plan and the log in a number of
queries that does not grow with the copies or the entries of the log."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hygie.backups import actions
from hygie.backups.tests.base import BackupsTestCase
from hygie.register.models import Hds, Processor


class QueriesTestCase(BackupsTestCase):
    def setUp(self):
        self.client = self.signed_in(self.titulaire)
        self.host = Processor.objects.create(
            org=self.org, name="Éditeur", service="Sauvegarde", hds=Hds.YES
        )

    def add_copy(self, label: str) -> None:
        """A copy with a backup, a restore test and a destruction logged."""
        today = timezone.localdate()
        disk = self.add(label=label, responsible=self.secretaire)
        hosted = self.add(
            label=f"{label} en ligne", medium="editeur", place="prestataire", processor=self.host
        )
        for planned in (disk, hosted):
            actions.log_backup(planned, done_on=today, actor=self.secretaire)
            actions.log_restore_test(
                planned,
                {"done_on": today, "restored": "Un dossier", "outcome": "ok", "minutes": 5},
                actor=self.titulaire,
            )
        actions.log_destruction(
            self.org,
            {
                "done_on": today,
                "kind": "support",
                "what": f"Ancien {label}",
                "method": "physique",
                "planned": disk,
            },
            actor=self.titulaire,
        )

    def count(self, url: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        return len(captured)

    def test_they_do_not_grow_with_the_plan_and_the_log(self):
        pages = {
            "accueil": self.url("home"),
            "journal": self.url("log"),
            "plan.csv": self.url("export", "plan", "csv"),
            "journal.csv": self.url("export", "journal", "csv"),
            "pdf": self.url("export", "sauvegardes", "pdf"),
        }
        self.add_copy("Disque 1")
        for url in pages.values():  # caches filled: content types, the library
            self.count(url)
        one = {name: self.count(url) for name, url in pages.items()}
        self.add_copy("Disque 2")
        self.add_copy("Disque 3")
        three = {name: self.count(url) for name, url in pages.items()}
        self.assertEqual(three, one)
