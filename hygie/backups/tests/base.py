"""The shared personas (hygie/tests/base.py) with the backups' addresses and
a copy of the plan to build on."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from hygie.backups import actions
from hygie.backups.models import PlannedBackup
from hygie.tests.base import BaseTestCase

# An encrypted disk, unplugged and locked away at the practice, weekly.
DISK = {
    "data": ["logiciel", "documents"],
    "medium": "disque",
    "label": "Disque 1",
    "place": "cabinet",
    "every": 7,
    "automatic": False,
    "encrypted": "oui",
    "offline": "oui",
    "locked": "oui",
    "restore_every": 3,
}
# The same, as the plan's form posts it.
DISK_FORM = {
    "data": ["logiciel", "documents"],
    "medium": "disque",
    "label": "Disque 1",
    "place": "cabinet",
    "every": "7",
    "encrypted": "oui",
    "offline": "oui",
    "locked": "oui",
    "restore_every": "3",
}


class BackupsTestCase(BaseTestCase):
    def url(self, name: str, *args) -> str:
        return reverse(f"backups:{name}", args=[self.org.code, *args])

    def signed_in(self, user) -> Client:
        client = Client()
        client.force_login(user)
        return client

    def add(self, **values) -> PlannedBackup:
        return actions.add_planned(self.org, {**DISK, **values}, actor=self.titulaire)
