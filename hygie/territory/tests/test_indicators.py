"""A practice's snapshot, computed from what Hygie holds, and refreshed when stale."""

from datetime import timedelta

from django.utils import timezone

from hygie.diagnostic import actions as diagnostic_actions
from hygie.diagnostic.tests.base import COMPLETE_PROFILE, answer_all, best
from hygie.incidents import actions as incident_actions
from hygie.quiz.models import ThemeStat
from hygie.register import actions as register_actions
from hygie.rights import actions as rights_actions
from hygie.territory import actions, indicators
from hygie.territory.models import Snapshot
from hygie.territory.tests.base import TerritoryTestCase


class ComputeTests(TerritoryTestCase):
    def test_it_reads_each_capability(self):
        assessment = diagnostic_actions.start(self.org, actor=self.titulaire)
        diagnostic_actions.save_profile(assessment, COMPLETE_PROFILE, actor=self.titulaire)
        answer_all(assessment, best, actor=self.titulaire)
        diagnostic_actions.complete(assessment, actor=self.titulaire)
        today = timezone.localdate()
        ThemeStat.objects.create(org=self.org, day=today, theme="rgpd", answers=10, correct=7)
        ThemeStat.objects.create(
            org=self.org, day=today - timedelta(days=400), theme="rgpd", answers=5, correct=0
        )
        incident_actions.declare(
            self.org, kind="rancongiciel", discovered_at=timezone.now(), actor=self.titulaire
        )
        now = timezone.now()
        request = rights_actions.log(
            self.org,
            {
                "received_at": now - timedelta(days=10),
                "channel": "guichet",
                "right": "rectification",
                "requester_kind": "patient",
                "requester_name": "Marc Exemple",
            },
            actor=self.titulaire,
        )
        rights_actions.answer(
            request,
            at=now - timedelta(days=5),
            means="Main propre",
            content="Fait",
            actor=self.titulaire,
        )
        register_actions.start(self.org, ["dossier-patient"], actor=self.titulaire)

        values = indicators.compute(self.org)
        self.assertEqual(values["indice"], 100)
        self.assertTrue(values["key_measures"])
        self.assertTrue(all(values["key_measures"].values()))
        self.assertEqual(values["quiz"], {"rgpd": [10, 7]})
        self.assertEqual(values["incidents"], {"rancongiciel": {indicators.month_key(today): 1}})
        self.assertEqual((values["requests_answered"], values["requests_on_time"]), (1, 1))
        self.assertIsNotNone(values["register_completeness"])
        # Nothing of a person, a patient or an incident's details.
        self.assertNotIn("Marc", repr(values))

    def test_a_practice_without_data_shares_empty_figures(self):
        values = indicators.compute(self.org)
        self.assertIsNone(values["indice"])
        self.assertEqual(values["key_measures"], {})
        self.assertIsNone(values["register_completeness"])


class RefreshTests(TerritoryTestCase):
    def setUp(self):
        super().setUp()
        self.org.owner = self.titulaire
        self.joined(self.org, 10)

    def test_a_fresh_snapshot_is_kept_and_a_stale_one_recomputed(self):
        self.assertEqual(actions.refresh_if_stale(self.org).indice, 10)
        Snapshot.objects.update(computed_at=timezone.now() - timedelta(hours=2))
        self.assertIsNone(actions.refresh_if_stale(self.org).indice)

    def test_the_background_loop_refreshes_the_stale_members(self):
        Snapshot.objects.update(computed_at=timezone.now() - timedelta(hours=2))
        self.assertEqual(actions.refresh_stale(timezone.now()), 1)
        self.assertEqual(actions.refresh_stale(timezone.now()), 0)
        self.assertIsNone(Snapshot.objects.get().indice)

    def test_it_refreshes_a_batch_at_a_time_the_oldest_first(self):
        others = [self.practice(i) for i in range(3)]
        for org in others:
            self.joined(org, 50)
        now = timezone.now()
        for hours, org in zip((5, 2, 9, 3), [self.org, *others], strict=True):
            Snapshot.objects.filter(practice=org).update(computed_at=now - timedelta(hours=hours))
        self.assertEqual(actions.refresh_stale(now, batch=2), 2)
        refreshed = set(Snapshot.objects.filter(computed_at=now).values_list("practice", flat=True))
        self.assertEqual(refreshed, {others[1].pk, self.org.pk})  # 9 and 5 hours old
        self.assertEqual(actions.refresh_stale(now, batch=2), 2)
        self.assertEqual(actions.refresh_stale(now, batch=2), 0)

    def test_a_refresh_that_changes_no_figure_keeps_the_dashboard(self):
        actions.refresh(self.org)  # the figures Hygie holds: no diagnostic, indice None
        key = actions.dashboard_key(self.region)
        Snapshot.objects.update(computed_at=timezone.now() - timedelta(hours=2))
        self.assertEqual(actions.refresh_stale(timezone.now()), 1)
        self.assertEqual(actions.dashboard_key(self.region), key)
        Snapshot.objects.update(indice=40, computed_at=timezone.now() - timedelta(hours=2))
        self.assertEqual(actions.refresh_stale(timezone.now()), 1)
        self.assertNotEqual(actions.dashboard_key(self.region), key)
