"""The dashboard computed ahead after a change, one computation per region at a time,
and a leaver never counted once it has left."""

import threading
import time

from django.core.cache import cache
from django.core.cache.utils import make_template_fragment_key
from django.test import override_settings

from hygie.territory import actions, stats
from hygie.territory.tests.base import TerritoryTestCase


class PreparationTests(TerritoryTestCase):
    def setUp(self):
        super().setUp()
        self.practices = [self.practice(i) for i in range(6)]
        self.participations = [
            self.joined(org, 10 * (i + 1)) for i, org in enumerate(self.practices)
        ]

    def fragment_key(self, key):
        return make_template_fragment_key("territory_dashboard", [key])

    def test_warming_computes_the_board_and_lays_out_its_figures(self):
        key = actions.dashboard_key(self.region)
        self.assertIsNone(cache.get(key))
        actions.warm_dashboard(self.region)
        self.assertEqual(cache.get(key).summary.count, 6)
        self.assertIn("Indice global", cache.get(self.fragment_key(key)))
        # The page then serves the laid-out figures.
        self.login(self.animateur)
        self.assertContains(self.client.get(self.dashboard_url()), "Indice global")

    def test_a_leaver_stops_counting_at_once_after_a_warmed_board(self):
        actions.warm_dashboard(self.region)
        self.assertEqual(actions.dashboard(self.region).summary.indice.median, 35)
        actions.leave(self.participations[-1], actor=self.practices[-1].owner)
        summary = actions.dashboard(self.region).summary
        self.assertEqual((summary.count, summary.indice.median), (5, 30))

    @override_settings(TERRITORY_PREPARE_DASHBOARD=True)
    def test_joining_and_leaving_prepare_the_board_once_committed(self):
        with self.captureOnCommitCallbacks() as callbacks:
            actions.leave(self.participations[0], actor=self.practices[0].owner)
        self.assertEqual(len(callbacks), 1)
        with self.captureOnCommitCallbacks() as callbacks:
            actions.join(self.link, self.practices[0], actor=self.practices[0].owner)
        self.assertEqual(len(callbacks), 1)

    def test_nothing_is_prepared_when_turned_off(self):
        with self.captureOnCommitCallbacks() as callbacks:
            actions.leave(self.participations[0], actor=self.practices[0].owner)
        self.assertEqual(callbacks, [])

    def test_a_visitor_waits_for_the_computation_under_way(self):
        key = actions.dashboard_key(self.region)
        lock = f"territory:dashboard-lock:{self.region.pk}"
        cache.add(lock, "another process", 60)
        theirs = actions.Dashboard(stats.Summary(count=6, published=False), None, key=key)

        def finish() -> None:  # the other computation, done 0.3 s later
            time.sleep(0.3)
            cache.set(key, theirs)
            cache.delete(lock)

        other = threading.Thread(target=finish)
        other.start()
        found = actions.dashboard(self.region)
        other.join()
        # Its result, not one computed beside it (which would be published).
        self.assertIs(found.summary.published, False)

    def test_a_visitor_computes_after_a_computation_of_another_version(self):
        lock = f"territory:dashboard-lock:{self.region.pk}"
        cache.add(lock, "another process", 60)
        threading.Timer(0.2, cache.delete, [lock]).start()
        self.assertEqual(actions.dashboard(self.region).summary.count, 6)
        self.assertIsNone(cache.get(lock))
