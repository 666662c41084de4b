"""/sensibilisation/: public pages, each with its statements' sources and the
resources to go further; an unknown sheet is a French 404."""

from django.test import TestCase
from django.urls import reverse
from django.utils.html import escape

from hygie.awareness import sheets
from hygie.content import library
from hygie.tests.base import BaseTestCase

SUBJECTS = [
    "cyber-reflexes",
    "incident",
    "mssante",
    "cles-usb",
    "mises-a-jour",
    "sauvegardes",
    "deplacements-wifi",
    "ia-photos-patients",
]


class IndexTestCase(TestCase):
    def setUp(self):
        library.clear_cache()
        self.addCleanup(library.clear_cache)
        self.page = self.client.get("/sensibilisation/")

    def test_it_lists_every_subject_without_login(self):
        self.assertEqual(self.page.status_code, 200)
        for slug in SUBJECTS:
            with self.subTest(slug):
                self.assertContains(self.page, f'href="/sensibilisation/{slug}/"')
                self.assertContains(self.page, f'href="/sensibilisation/{slug}/pdf/"')

    def test_it_offers_the_whole_set_as_one_pdf(self):
        self.assertContains(self.page, "Télécharger toutes les fiches (PDF)")
        self.assertContains(self.page, f'href="{reverse("awareness:set_pdf")}"')

    def test_the_subjects_are_those_of_the_library_in_order(self):
        self.assertEqual([p["id"] for p in sheets.pages()], SUBJECTS)


class SheetPageTestCase(TestCase):
    def setUp(self):
        library.clear_cache()
        self.addCleanup(library.clear_cache)

    def get(self, slug: str):
        response = self.client.get(f"/sensibilisation/{slug}/")
        self.assertEqual(response.status_code, 200, slug)
        return response

    def test_every_page_shows_its_statements_with_their_sources(self):
        for item in sheets.pages():
            with self.subTest(item["id"]):
                page = self.get(item["id"])
                self.assertContains(page, f'<h1 id="titre">{escape(item["title"])}</h1>', html=True)
                built = sheets.sheet(item)
                for part in ("why", "do", "dont"):
                    for statement in built[part]:
                        self.assertContains(page, escape(statement["text"]))
                        self.assertTrue(statement["notes"])
                        for n in statement["notes"]:
                            self.assertContains(page, f'href="#{item["id"]}-source-{n}"')
                for source in built["sources"]:
                    self.assertContains(page, f'id="{item["id"]}-source-{source["number"]}"')
                    self.assertContains(page, escape(source["title"]))

    def test_every_page_lists_its_resources_with_their_address(self):
        for item in sheets.pages():
            with self.subTest(item["id"]):
                page = self.get(item["id"])
                for resource in item["resources"]:
                    cited = library.get("sources", resource["ref"])
                    self.assertContains(page, escape(cited["title"]))
                    self.assertContains(page, escape(resource["detail"]))
                    if cited.get("url"):
                        self.assertContains(page, f'href="{cited["url"]}"')

    def test_a_source_to_check_says_what_to_check(self):
        page = self.get("ia-photos-patients")
        guide = library.get("sources", "pdl-ia-generative")
        self.assertIs(guide["verified"], False)
        self.assertContains(page, escape(guide["check"]))
        self.assertContains(page, "texte non vérifié")

    def test_the_reflexes_page_shows_the_six_reflexes_of_the_library(self):
        page = self.get("cyber-reflexes")
        reflexes = library.items("reflexes")
        self.assertEqual(len(reflexes), 6)
        for reflex in reflexes:
            self.assertContains(page, escape(reflex["title"]))
            for practice in reflex["practices"]:
                self.assertContains(page, escape(practice))

    def test_the_incident_page_summarises_the_emergency_page_and_links_to_it(self):
        page = self.get("incident")
        for step in library.items("fiche-reflexe"):
            self.assertContains(page, escape(step["title"]))
            # Only the titles: the detail stays on /urgence/.
            self.assertNotContains(page, escape(step["detail"]))
        self.assertContains(page, 'href="http://testserver/urgence/"')

    def test_the_resources_the_seeds_list_are_offered(self):
        offered = {r["ref"] for item in sheets.pages() for r in item["resources"]}
        for ref in [
            "anssi-site",
            "cybermalveillance-kit",
            "cnil-cnom-guide",
            "sesan-guide-bonnes-pratiques",
            "ans-memento-liberal",
            "signal-33700",
            "signal-spam",
        ]:
            with self.subTest(ref):
                self.assertIn(ref, offered)

    def test_a_page_can_be_printed_and_downloaded(self):
        page = self.get("sauvegardes")
        self.assertContains(page, "/static/hygie/awareness.css")
        self.assertContains(page, "data-print")
        self.assertContains(page, 'href="/sensibilisation/sauvegardes/pdf/"')
        # The online address, printed at the foot of the sheet.
        self.assertContains(page, "http://testserver/sensibilisation/sauvegardes/")

    def test_it_is_landmarked_and_its_headings_are_in_order(self):
        page = self.get("cles-usb").content.decode()
        self.assertIn('<main id="contenu"', page)
        self.assertIn('<article class="narrow stack awareness" aria-labelledby="titre">', page)
        self.assertEqual(page.count("<h1"), 1)
        self.assertNotIn("<h3", page.split("<h2", 1)[0])

    def test_browsers_may_keep_a_page_for_a_visitor(self):
        page = self.get("mises-a-jour")
        directives = {d.strip() for d in page["Cache-Control"].split(",")}
        self.assertEqual(directives, {"private", "max-age=600"})

    def test_an_unknown_sheet_is_a_french_404(self):
        for url in ("/sensibilisation/inconnue/", "/sensibilisation/inconnue/pdf/"):
            with self.subTest(url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 404)
                self.assertContains(response, "Page introuvable", status_code=404)
                self.assertContains(response, '<html lang="fr">', status_code=404)


class SignedInTestCase(BaseTestCase):
    def test_a_member_gets_a_link_to_the_mssante_tool_of_their_practice(self):
        self.login(self.secretaire)
        page = self.client.get("/sensibilisation/mssante/")
        self.assertContains(page, f'href="http://testserver/o/{self.org.code}/identite/mssante/"')
        self.assertIn("no-store", page["Cache-Control"])

    def test_a_visitor_is_told_where_the_mssante_tool_is(self):
        page = self.client.get("/sensibilisation/mssante/")
        self.assertNotContains(page, "/identite/mssante/")
        self.assertContains(page, "dans votre espace Hygie, rubrique Identitovigilance")


class LinkedFromTestCase(TestCase):
    def test_the_landing_page_links_to_the_sheets(self):
        self.assertContains(self.client.get("/"), 'href="/sensibilisation/"')

    def test_the_emergency_page_links_to_the_incident_sheet(self):
        page = self.client.get("/urgence/")
        self.assertContains(page, 'href="/sensibilisation/incident/"')
        self.assertContains(page, 'href="/sensibilisation/"')
