"""/urgence/, for anyone, on a phone: the steps first, the sources folded,
every number a link that dials it."""

from django.test import TestCase
from django.utils.html import escape

from hygie.content import library


class EmergencyPageTestCase(TestCase):
    def setUp(self):
        self.page = self.client.get("/urgence/")
        self.html = self.page.content.decode()

    def test_it_needs_no_login(self):
        self.assertEqual(self.page.status_code, 200)

    def test_the_steps_come_first_and_their_sources_are_folded(self):
        steps = library.items("fiche-reflexe")
        self.assertLess(
            self.html.index(escape(steps[0]["title"])), self.html.index('id="contacts"')
        )
        self.assertEqual(
            self.html.count('<details class="sources">'),
            len(steps) + len(library.items("aide-urgence")),
        )
        self.assertNotIn('<details class="sources" open', self.html)

    def test_every_number_dials(self):
        for number, href in [
            ("09 72 43 91 25", "tel:0972439125"),  # CERT Santé, regulation.md § 7
            ("0 800 100 200", "tel:0800100200"),  # a regional centre (seed-003)
            ("17", "tel:17"),  # police secours, beside 17Cyber
        ]:
            with self.subTest(number):
                self.assertContains(
                    self.page, f'<a class="tel" href="{href}">{number}</a>', html=True
                )

    def test_each_helper_cites_its_source(self):
        for helper in library.items("aide-urgence"):
            with self.subTest(helper["id"]):
                self.assertContains(self.page, escape(helper["title"]))
                self.assertTrue(helper["source"])
