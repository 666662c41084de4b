"""A capability plugs in by registering what it brings (lib/plugins.py): its
home-page tile, its housekeeping, its demo data and its journal actions reach
the home page, the reminders loop, the demo and the journal without a line
changed in the foundation."""

from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from hygie.deadlines.management.commands.rappels import housekeeping
from hygie.front.demo import create_demo
from hygie.front.tests.coming import FUTURE, with_future_capability
from hygie.identity.actions import housekeeping as identity_housekeeping
from hygie.journal.actions import record
from hygie.journal.labels import FOUNDATION_ACTIONS
from hygie.journal.models import Entry
from hygie.lib import plugins
from hygie.newsletter.subscribers import forget_unconfirmed
from hygie.phishing.actions import purge as purge_message_reports
from hygie.quiz.engine import purge as purge_quiz_players
from hygie.rights.actions import purge as purge_requests
from hygie.surveys.actions import purge_invitations
from hygie.tests.base import BaseTestCase

# A capability to come, as it will register: its tile links to a page.
TRAINING = replace(FUTURE, permission="deadlines.view", url_name="deadlines:list")


class RegisteredCapabilitiesTestCase(BaseTestCase):
    def test_the_capabilities_register_in_the_order_of_the_installed_apps(self):
        self.assertEqual(
            [p.app for p in plugins.registered()],
            [
                "diagnostic",
                "incidents",
                "rights",
                "rgpd_register",
                "quiz",
                "phishing",
                "identity",
                "passwords",
                "backups",
                "surveys",
                "territory",
                "newsletter",
                "front",
            ],
        )
        self.assertEqual(
            plugins.housekeeping(),
            [
                purge_requests,
                purge_quiz_players,
                purge_message_reports,
                identity_housekeeping,
                purge_invitations,
                forget_unconfirmed,
            ],
        )
        self.assertEqual(
            [t.key for t in plugins.tiles()],
            [
                "diagnostic",
                "incidents",
                "droits",
                "registre",
                "cyberquiz",
                "messages",
                "identitovigilance",
                "mots-de-passe",
                "sauvegardes",
                "sensibilisation",
            ],
        )

    def test_no_capability_renames_an_action_of_the_foundation(self):
        self.assertEqual(set(FOUNDATION_ACTIONS) & set(plugins.journal_labels()), set())

    def test_two_capabilities_cannot_declare_the_same_journal_action(self):
        with self.assertRaisesMessage(ImproperlyConfigured, "incident.declared"):
            plugins.register("training", journal_labels={"incident.declared": "Autre"})
        self.assertNotIn("training", [p.app for p in plugins.registered()])


class NewCapabilityTestCase(BaseTestCase):
    """A capability to come, registered as its AppConfig.ready() would."""

    def setUp(self):
        self.ran: list = []
        coming = with_future_capability()
        coming.start()
        self.addCleanup(coming.stop)
        plugins.register(
            "training",
            tile=TRAINING,
            housekeeping=lambda now: self.ran.append(("housekeeping", now)),
            demo=lambda org, owner, secretary: self.ran.append(("demo", org.name, secretary)),
            journal_labels={"training.done": "Formation suivie"},
        )
        self.addCleanup(plugins.unregister, "training")

    def test_its_tile_replaces_the_coming_one_on_the_home_page(self):
        self.login(self.titulaire)
        r = self.client.get(f"/o/{self.org.code}/")
        shown = [c for c in r.context["capabilities"] if c.key == "formations"]
        self.assertEqual(shown, [TRAINING])
        self.assertContains(r, "<h3>Formations de l&#x27;équipe</h3>", count=1)
        self.assertNotContains(r, "Formations de l&#x27;équipe <span")

    def test_the_reminders_loop_runs_its_housekeeping(self):
        housekeeping()
        self.assertEqual([what for what, _ in self.ran], ["housekeeping"])

    def test_the_journal_records_and_names_its_actions(self):
        record(action="training.done", org=self.org, actor=self.titulaire)
        entry = Entry.objects.get(action="training.done")
        self.assertEqual(entry.action_label, "Formation suivie")

    def test_the_demo_creates_its_data(self):
        with tempfile.TemporaryDirectory() as data_dir, override_settings(DATA_DIR=Path(data_dir)):
            create_demo()
        self.assertEqual(self.ran[0][:2], ("demo", "Cabinet du Dr Martin"))
        self.assertEqual(self.ran[0][2].full_name, "Sophie Bernard")
