"""A deadline closed by its workflow says when it was actually done — the CNIL
notified at 09:30, a patient answered last month — not when that was
recorded; the list shows both when they differ."""

from __future__ import annotations

import tempfile
from datetime import timedelta
from pathlib import Path

from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from hygie.accounts.models import User
from hygie.deadlines.models import Deadline, Status
from hygie.front.demo import PEOPLE, create_demo
from hygie.incidents import actions as incidents
from hygie.journal.models import Entry
from hygie.law.tests.zones import PARIS
from hygie.lib.dates import long_datetime, named_datetime, short_datetime
from hygie.orgs.models import Organisation
from hygie.rights.models import PatientRequest
from hygie.tests.base import BaseTestCase


class DoneWhenTestCase(BaseTestCase):
    def setUp(self):
        self.now = timezone.now().replace(microsecond=0)
        self.incident = incidents.declare(
            self.org, kind="rancongiciel", discovered_at=self.now - timedelta(hours=30)
        )
        self.cnil = Deadline.objects.get(key="cnil")
        self.notified = self.now - timedelta(hours=20)

    def notify(self, at):
        incidents.fulfil(
            self.incident, "cnil", done_at=at, reference="CNIL-1", evidence="Accusé de réception."
        )

    def test_the_cnil_clock_is_done_when_the_cnil_was_notified(self):
        self.notify(self.notified)
        self.cnil.refresh_from_db()
        self.assertEqual(self.cnil.status, Status.DONE)
        self.assertEqual(self.cnil.done_at, self.notified)
        self.assertGreater(self.cnil.closed_at, self.notified)
        entry = Entry.objects.get(action="deadline.done", object_id=str(self.cnil.pk))
        self.assertEqual(entry.details, {"fait le": named_datetime(self.notified)})

    def test_a_correction_of_when_it_was_done_follows(self):
        self.notify(self.notified)
        self.notify(self.notified + timedelta(minutes=15))
        self.cnil.refresh_from_db()
        self.assertEqual(self.cnil.done_at, self.notified + timedelta(minutes=15))

    def test_the_closed_list_says_when_it_was_done_then_when_it_was_recorded(self):
        self.notify(self.notified)
        self.cnil.refresh_from_db()
        self.login(self.titulaire)
        page = self.client.get(reverse("deadlines:list", args=[self.org.code]) + "?etat=closes")
        self.assertContains(page, '<span class="badge badge--closed">Fait</span>', html=True)
        self.assertContains(
            page,
            f'<span class="deadline__due">le {_long(self.notified)}</span>',
            html=True,
        )
        self.assertContains(
            page,
            f"(enregistré le {short_datetime(self.cnil.closed_at)})",
        )

    def test_a_deadline_closed_by_hand_says_only_when(self):
        deadline = Deadline.objects.create(
            org=self.org, title="Tester la sauvegarde", due_at=self.now + timedelta(days=3)
        )
        self.login(self.titulaire)
        self.client.post(reverse("deadlines:done", args=[self.org.code]), {"pk": str(deadline.pk)})
        deadline.refresh_from_db()
        self.assertIsNone(deadline.done_at)
        page = self.client.get(reverse("deadlines:list", args=[self.org.code]) + "?etat=closes")
        self.assertContains(page, f"le {_long(deadline.closed_at)}")
        self.assertNotContains(page, "enregistré le")


def _long(moment) -> str:
    return long_datetime(moment, PARIS)


class DemoAnswerTestCase(TestCase):
    def setUp(self) -> None:
        data_dir = tempfile.TemporaryDirectory()
        self.addCleanup(data_dir.cleanup)
        self.enterContext(override_settings(DATA_DIR=Path(data_dir.name)))
        create_demo()
        self.org = Organisation.objects.get(is_demo=True, name="Cabinet du Dr Martin")
        self.client.force_login(User.objects.get(email=PEOPLE[0][1]))

    def test_the_demos_answered_request_shows_the_day_it_was_answered(self):
        answered = PatientRequest.objects.get(org=self.org, status="repondue")
        page = self.client.get(reverse("deadlines:list", args=[self.org.code]) + "?etat=closes")
        self.assertContains(page, f"le {_long(answered.answered_at)}")
        self.assertContains(page, "enregistré le")
