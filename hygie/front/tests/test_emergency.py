"""/urgence/, for anyone, on a phone: the steps first, the sources folded,
every number a link that dials it."""

from django.test import TestCase
from django.utils.html import escape

from hygie.content import library
from hygie.orgs.models import Contacts
from hygie.tests.base import BaseTestCase


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


class CallAtOnceTestCase(TestCase):
    """A number is within the first screen: the call buttons come right under the title."""

    def setUp(self):
        self.html = self.client.get("/urgence/").content.decode()
        start = self.html.index('id="appeler"')
        self.calls = self.html[start : self.html.index("</section>", start)]

    def test_the_call_buttons_come_before_the_steps(self):
        first_step = escape(library.items("fiche-reflexe")[0]["title"])
        self.assertLess(self.html.index('id="appeler"'), self.html.index(first_step))
        self.assertLess(self.html.index("<h1"), self.html.index('id="appeler"'))

    def test_they_call_cert_sante_and_the_police(self):
        self.assertIn('href="tel:0972439125"', self.calls)  # CERT Santé, regulation.md § 7
        self.assertIn('href="tel:17"', self.calls)  # police secours

    def test_the_regional_centre_is_the_readers_own_the_seeds_only_an_example(self):
        centre = library.get("aide-urgence", "centre-regional")
        self.assertIn("de votre région", centre["title"])
        self.assertIn("Par exemple, en Pays de la Loire", centre["detail"])
        # An example is not a number to call at once.
        self.assertNotIn("tel:0800100200", self.calls)


class PracticeContactsTestCase(BaseTestCase):
    """Signed in, the practice's own emergency contacts are at hand too."""

    def setUp(self):
        Contacts.objects.create(
            org=self.org,
            prestataire="Info Santé 33",
            prestataire_tel="05 56 00 00 00",
            cyber_regional="Cyber Assistance Auvergne-Rhône-Alpes",
            cyber_regional_tel="04 00 00 00 01",
        )
        Contacts.objects.create(
            org=self.other_org, prestataire="Réseau MSP", prestataire_tel="05 57 00 00 00"
        )

    def page(self, user=None) -> str:
        if user is not None:
            self.login(user)
        return self.client.get("/urgence/").content.decode()

    def test_a_member_sees_the_practices_contacts_and_can_call_them_at_once(self):
        self.titulaire.last_org = self.org
        self.titulaire.save()
        html = self.page(self.titulaire)
        calls = html[html.index('id="appeler"') : html.index('id="gestes"')]
        self.assertIn('href="tel:0556000000"', calls)
        self.assertIn("Info Santé 33", calls)
        self.assertIn('href="tel:0400000001"', calls)  # the practice's regional centre
        self.assertIn("Cyber Assistance Auvergne-Rhône-Alpes", html)
        self.assertNotIn("figurent sur votre fiche réflexe", html)

    def test_with_several_organisations_the_last_used_one(self):
        self.referent.last_org = self.other_org
        self.referent.save()
        html = self.page(self.referent)
        self.assertIn("tel:0557000000", html)
        self.assertNotIn("tel:0556000000", html)
        self.referent.last_org = self.org
        self.referent.save()
        html = self.page()
        self.assertIn("tel:0556000000", html)
        self.assertNotIn("tel:0557000000", html)

    def test_only_a_members_own_practice(self):
        # The outsider's last organisation is not theirs any more.
        self.outsider.last_org = self.org
        self.outsider.save()
        self.assertNotIn("tel:0556000000", self.page(self.outsider))

    def test_a_visitor_sees_no_practice(self):
        html = self.page()
        self.assertNotIn("tel:0556000000", html)
        self.assertIn("figurent sur votre fiche réflexe", html)
