"""The diagnostic's measures on passwords lead to their cards and to the
tool (plugged in by hygie.passwords through lib/plugins.py)."""

from django.core.cache import cache
from django.urls import reverse

from hygie.diagnostic import discovery, measures
from hygie.diagnostic.models import PlanItem
from hygie.diagnostic.tests.base import DiagnosticTestCase, best, worst
from hygie.passwords import cards

TOOL = 'href="/outils/mot-de-passe/"'


def card_href(slug: str) -> str:
    return f'href="/outils/mot-de-passe/fiches/{slug}/"'


class MeasureCardsTestCase(DiagnosticTestCase):
    def setUp(self):
        # The result's list of actions is cached per diagnostic.
        cache.clear()
        self.addCleanup(cache.clear)

    def test_each_measure_named_by_a_card_links_its_cards_then_the_tool(self):
        catalogue = measures.catalogue()
        for key in {k for c in cards.all_cards() for k in c["measures"]}:
            with self.subTest(key):
                links = catalogue.by_key[key].links
                expected = [
                    reverse("passwords:card", args=[c["slug"]])
                    for c in cards.all_cards()
                    if key in c["measures"]
                ]
                self.assertEqual([link.url for link in links], [*expected, "/outils/mot-de-passe/"])

    def test_the_manager_measure_links_the_install_cards(self):
        urls = [link.url for link in measures.catalogue().by_key["mdp-gestionnaire"].links]
        for slug in ("gestionnaire", "keepassxc", "bitwarden", "navigateur"):
            self.assertIn(reverse("passwords:card", args=[slug]), urls)

    def test_a_measure_no_card_names_links_nothing_of_the_tool(self):
        self.assertEqual(cards.measure_links("sauvegarde-reguliere"), [])

    def test_the_result_and_the_plan_item_link_the_card(self):
        assessment = self.completed(lambda m: worst(m) if m.key == "wifi-securise" else best(m))
        client = self.signed_in(self.titulaire)
        result = client.get(self.url("result", assessment.pk))
        self.assertContains(result, card_href("wifi-cabinet"))
        self.assertContains(result, TOOL)
        item = PlanItem.objects.get(org=self.org, measure="wifi-securise")
        page = client.get(self.url("plan_item", item.pk))
        self.assertContains(page, card_href("wifi-cabinet"))
        self.assertContains(page, "La clé Wi-Fi du cabinet")
        self.assertContains(page, TOOL)

    def test_the_discovery_result_links_the_session_card(self):
        answers = {
            f"m-{m.key}": worst(m) if m.key == "verrouillage-session" else best(m)
            for m in discovery.catalogue().measures
        }
        response = self.client.post(reverse("diagnostic:discovery"), answers)
        self.assertContains(response, card_href("verrouiller-session"))
        self.assertContains(response, TOOL)
