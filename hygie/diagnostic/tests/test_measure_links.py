"""A measure shows the pages other capabilities register to help apply it
(lib/plugins.py, `measure_links`): on the result, on its plan item and on the
découverte's result; a measure nobody helps with shows none."""

from django.core.cache import cache
from django.urls import reverse

from hygie.diagnostic import discovery, measures
from hygie.diagnostic.models import PlanItem
from hygie.diagnostic.tests.base import DiagnosticTestCase, best, worst
from hygie.lib import plugins

HELPED = "carte-cps"  # a key measure of the découverte, weight 3
UNHELPED = "mises-a-jour"
GUIDE = plugins.Link("Le guide de la carte CPS", "/guides/carte-cps/")


def links_for(key: str) -> list[plugins.Link]:
    return [GUIDE] if key == HELPED else []


def only_helped_missing(measure) -> str:
    return worst(measure) if measure.key == HELPED else best(measure)


class MeasureLinksTestCase(DiagnosticTestCase):
    def setUp(self):
        plugins.register("guides", measure_links=links_for)
        self.addCleanup(plugins.unregister, "guides")
        # The result's list of actions is cached per diagnostic.
        cache.clear()
        self.addCleanup(cache.clear)

    def test_a_measure_lists_the_links_registered_for_it(self):
        self.assertIn(GUIDE, measures.catalogue().by_key[HELPED].links)
        self.assertNotIn(GUIDE, measures.catalogue().by_key[UNHELPED].links)

    def test_the_result_shows_them_beside_the_action(self):
        assessment = self.completed(only_helped_missing)
        response = self.signed_in(self.titulaire).get(self.url("result", assessment.pk))
        self.assertContains(response, "Pour vous aider")
        self.assertContains(response, f'<a href="{GUIDE.url}">{GUIDE.label}</a>', html=True)

    def test_the_plan_item_shows_them(self):
        self.completed(only_helped_missing)
        item = PlanItem.objects.get(org=self.org, measure=HELPED)
        response = self.signed_in(self.titulaire).get(self.url("plan_item", item.pk))
        self.assertContains(response, f'<a href="{GUIDE.url}">{GUIDE.label}</a>', html=True)

    def test_a_measure_without_links_shows_no_help_line(self):
        self.assertEqual(plugins.measure_links(UNHELPED), [])
        self.completed(lambda m: worst(m) if m.key in (HELPED, UNHELPED) else best(m))
        item = PlanItem.objects.get(org=self.org, measure=UNHELPED)
        response = self.signed_in(self.titulaire).get(self.url("plan_item", item.pk))
        self.assertContains(response, "Comment faire")
        self.assertNotContains(response, "Pour vous aider")

    def test_the_discovery_result_shows_them(self):
        answers = {f"m-{m.key}": only_helped_missing(m) for m in discovery.catalogue().measures}
        response = self.client.post(reverse("diagnostic:discovery"), answers)
        self.assertContains(response, f'<a href="{GUIDE.url}">{GUIDE.label}</a>', html=True)
