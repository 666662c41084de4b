"""/outils/mot-de-passe/fiches/<fiche>/: public pages, printable, each with its
steps, its sources and the way back to the tool; an unknown card is a 404."""

from django.test import TestCase
from django.urls import reverse
from django.utils.html import escape

from hygie.content import library
from hygie.front.templatetags.hygie import telephones
from hygie.passwords import cards
from hygie.tests.base import BaseTestCase


class CardPageTestCase(TestCase):
    def setUp(self):
        library.clear_cache()
        self.addCleanup(library.clear_cache)

    def get(self, slug: str):
        response = self.client.get(reverse("passwords:card", args=[slug]))
        self.assertEqual(response.status_code, 200, slug)
        return response

    def test_every_card_shows_its_title_why_and_steps_without_login(self):
        for card in cards.all_cards():
            with self.subTest(card["slug"]):
                page = self.get(card["slug"])
                self.assertContains(page, f'<h1 id="titre">{escape(card["title"])}</h1>', html=True)
                self.assertContains(page, escape(card["summary"]))
                self.assertContains(page, escape(card["why"]))
                for part in ("steps", "steps_windows", "steps_macos"):
                    for step in card.get(part, []):
                        self.assertContains(page, telephones(step))

    def test_the_platform_steps_have_their_own_headings_only_where_they_differ(self):
        page = self.get("verrouiller-session")
        self.assertContains(page, '<h2 id="windows">Sous Windows</h2>', html=True)
        self.assertContains(page, '<h2 id="mac">Sur Mac</h2>', html=True)
        page = self.get("phrase-de-passe")
        self.assertNotContains(page, 'id="windows"')
        self.assertNotContains(page, 'id="mac"')

    def test_every_card_lists_its_sources_with_the_part_cited(self):
        for card in cards.all_cards():
            with self.subTest(card["slug"]):
                page = self.get(card["slug"])
                for cited in library.cite(card["source"]):
                    self.assertContains(page, escape(cited["title"]))
                    self.assertContains(page, escape(cited["detail"]))
                    if cited["url"]:
                        self.assertContains(page, f'href="{cited["url"]}"')

    def test_an_unverified_source_is_flagged(self):
        page = self.get("gestionnaire")  # cites the ANS mémento, not re-read
        self.assertContains(page, "texte non vérifié")
        self.assertContains(page, escape(library.get("sources", "ans-memento-liberal")["check"]))

    def test_a_card_leads_to_the_tool_and_names_the_measures_it_helps_with(self):
        page = self.get("wifi-cabinet")
        self.assertContains(page, 'href="http://testserver/outils/mot-de-passe/"')
        measure = library.get("diagnostic-measures", "wifi-securise")
        self.assertContains(page, escape(measure["action"]))

    def test_a_card_is_printable(self):
        page = self.get("keepassxc")
        self.assertContains(page, "/static/hygie/awareness.css")
        self.assertContains(page, 'class="narrow stack awareness"')
        self.assertContains(page, "data-print")
        # Its own address, written on the paper copy.
        self.assertContains(
            page,
            'Fiche en ligne : <a href="http://testserver/outils/mot-de-passe/fiches/keepassxc/">',
        )

    def test_cards_lead_to_the_previous_and_the_next(self):
        page = self.get("keepassxc")
        self.assertContains(page, "Fiche pratique 2 sur 10")
        self.assertContains(page, 'href="/outils/mot-de-passe/fiches/gestionnaire/"')
        self.assertContains(page, 'href="/outils/mot-de-passe/fiches/bitwarden/"')
        first = self.get("gestionnaire")
        self.assertNotContains(first, "←")

    def test_the_phone_number_is_a_link(self):
        self.assertContains(self.get("renouveler"), 'href="tel:3608"')

    def test_a_browser_may_keep_a_card_a_while(self):
        page = self.get("navigateur")
        self.assertIn("private", page["Cache-Control"])
        self.assertIn("max-age=600", page["Cache-Control"])

    def test_an_unknown_card_is_a_french_404(self):
        for slug in ("inconnue", "gestionnaire-de-mots-de-passe"):
            with self.subTest(slug):
                response = self.client.get(f"/outils/mot-de-passe/fiches/{slug}/")
                self.assertEqual(response.status_code, 404)


class CardListTestCase(TestCase):
    def setUp(self):
        library.clear_cache()
        self.addCleanup(library.clear_cache)

    def test_the_list_links_every_card_with_its_summary(self):
        from django.template.loader import render_to_string

        html = render_to_string("passwords/_cards.html", {"cards": cards.all_cards()})
        for card in cards.all_cards():
            with self.subTest(card["slug"]):
                self.assertIn(f'href="/outils/mot-de-passe/fiches/{card["slug"]}/"', html)
                self.assertIn(escape(card["title"]), html)
                self.assertIn(escape(card["summary"]), html)


class SignedInCardTestCase(BaseTestCase):
    def test_a_member_reads_the_same_card(self):
        self.login(self.secretaire)
        response = self.client.get(reverse("passwords:card", args=["codes-par-defaut"]))
        self.assertContains(response, "Changer les codes PIN et mots de passe par défaut")
