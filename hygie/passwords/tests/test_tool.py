"""The password tool's page, public and in an organisation: it renders for a
visitor and for every member, loads the engine, has a degraded mode without
JavaScript, and gives nothing typed a way out (no field with a name, no form,
no connection allowed by the page's policy)."""

from __future__ import annotations

import html
from html.parser import HTMLParser

from django.test import SimpleTestCase, TestCase

from hygie.passwords.views import town_of
from hygie.tests.base import BaseTestCase

PUBLIC = "/outils/mot-de-passe/"
FIELDS = {"input", "select", "textarea", "button"}


class Fields(HTMLParser):
    """The fields of the page's <main>, each with its attributes and whether
    it sits in a form; and the text of its <noscript>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.fields: list[dict[str, str | None]] = []
        self.in_form = 0
        self.in_main = False
        self.in_noscript = False
        self.noscript = ""

    def handle_starttag(self, tag, attrs):
        if tag == "main":
            self.in_main = True
        elif tag == "form":
            self.in_form += 1
        elif tag == "noscript":
            self.in_noscript = True
        if self.in_main and tag in FIELDS:
            self.fields.append(dict(attrs) | {"tag": tag, "in_form": str(bool(self.in_form))})

    def handle_endtag(self, tag):
        if tag == "main":
            self.in_main = False
        elif tag == "form":
            self.in_form -= 1
        elif tag == "noscript":
            self.in_noscript = False

    def handle_data(self, data):
        if self.in_noscript:
            self.noscript += data


def fields_of(response) -> Fields:
    parser = Fields()
    parser.feed(response.content.decode())
    return parser


class PublicPageTestCase(TestCase):
    def test_a_visitor_gets_the_tool(self):
        r = self.client.get(PUBLIC)
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, "<h1>Mots de passe : tester, vérifier, créer</h1>", html=True)
        self.assertContains(r, "/static/hygie/passwords/hygie-passwords.js")
        self.assertContains(r, "/static/hygie/passwords/password-tool.js")
        page = html.unescape(r.content.decode())
        self.assertIn("Ce que vous tapez reste dans votre navigateur : rien n'est envoyé", page)
        for heading in (
            "Tester un mot de passe",
            "Vérifier un renouvellement",
            "Créer une phrase de passe ou un mot de passe",
            "Comprendre les règles",
        ):
            self.assertIn(f">{heading}</h2>", page)

    def test_no_field_has_a_name_nor_sits_in_a_form(self):
        found = fields_of(self.client.get(PUBLIC)).fields
        self.assertGreaterEqual(len([f for f in found if f["tag"] == "input"]), 10)
        for field in found:
            with self.subTest(field.get("id")):
                self.assertNotIn("name", field)
                self.assertEqual(field["in_form"], "False")
                if field["tag"] == "button":
                    self.assertEqual(field["type"], "button")

    def test_typed_text_goes_to_no_spell_checker_nor_autofill(self):
        typed = [
            f
            for f in fields_of(self.client.get(PUBLIC)).fields
            if f["tag"] == "input" and f.get("type") in ("text", "password")
        ]
        self.assertEqual(len(typed), 9)
        for field in typed:
            with self.subTest(field["id"]):
                self.assertEqual(field["autocomplete"], "off")
                self.assertEqual(field["spellcheck"], "false")
                self.assertEqual(field["autocapitalize"], "off")

    def test_the_page_allows_no_connection(self):
        policy = self.client.get(PUBLIC).headers["Content-Security-Policy"]
        self.assertIn("connect-src 'none'", policy)
        self.assertNotIn("connect-src 'self'", policy)
        self.assertIn("script-src 'self';", policy)

    def test_without_javascript_the_rules_are_given_by_hand(self):
        noscript = " ".join(fields_of(self.client.get(PUBLIC)).noscript.split())
        self.assertIn("Sans JavaScript, le test ne peut pas se faire", noscript)
        self.assertIn("il faudrait l'envoyer à Hygie. Hygie s'y refuse", noscript)
        for rule in (
            "au moins 12 caractères mêlant les quatre sortes",
            "au moins 14 caractères mêlant majuscules, minuscules et chiffres",
            "au moins 7 mots",
            "pas l'ancien avec un nombre augmenté",
            "rien qui vous concerne",
            "Les fiches",
        ):
            self.assertIn(rule, noscript)
        r = self.client.get(PUBLIC)
        self.assertContains(r, 'href="#fiches"')
        # The cards, where that link leads, are in the page itself.
        self.assertContains(r, 'id="fiches"')
        self.assertContains(r, f'href="{PUBLIC}fiches/gestionnaire/"')

    def test_the_sources_of_the_rules_are_listed(self):
        page = html.unescape(self.client.get(PUBLIC).content.decode())
        self.assertIn("Délibération n° 2022-100 du 21 juillet 2022", page)
        self.assertIn("Recommandations relatives à l'authentification multifacteur", page)
        for seed in ("Protégeons nos données de santé", "Sécurité numérique en santé", "Webinaire"):
            self.assertIn(seed, page)
        # The case 2 examples come from summaries only: flagged.
        self.assertIn("texte non vérifié", page)

    def test_the_landing_page_and_the_cyber_reflexes_sheet_lead_to_it(self):
        self.assertContains(self.client.get("/"), f'href="{PUBLIC}"')
        self.assertContains(self.client.get("/sensibilisation/cyber-reflexes/"), PUBLIC)


class OrganisationPageTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.org.address = "Cabinet du Dr Martin\n12 rue des Lilas\n74000 Annecy"
        cls.org.save(update_fields=["address"])

    def url(self) -> str:
        return f"/o/{self.org.code}/mots-de-passe/"

    def test_every_member_gets_it_prefilled_with_names_and_town(self):
        for user in (self.titulaire, self.praticien, self.secretaire, self.referent):
            with self.subTest(user.full_name):
                self.login(user)
                r = self.client.get(self.url())
                self.assertEqual(r.status_code, 200)
                first, last = user.full_name.split(" ", 1)
                self.assertContains(r, f'id="pw-firstname" value="{first}"')
                self.assertContains(r, f'id="pw-surname" value="{last}"')
                self.assertContains(r, 'id="pw-town" value="Annecy"')
                self.assertContains(r, 'id="pw-org" value="Cabinet du Dr Martin"')
                self.assertContains(r, '<details class="pw-personal" open>')
                self.assertIn("connect-src 'none'", r.headers["Content-Security-Policy"])
                for field in fields_of(r).fields:
                    self.assertNotIn("name", field)
                    self.assertEqual(field["in_form"], "False")

    def test_the_public_page_prefills_nothing(self):
        self.login(self.titulaire)
        r = self.client.get(PUBLIC)
        self.assertContains(r, 'id="pw-firstname" value=""')
        self.assertContains(r, '<details class="pw-personal">')


class TownTestCase(SimpleTestCase):
    def test_the_town_comes_after_the_postal_code(self):
        for address, town in [
            ("12 rue des Lilas\n74000 Annecy", "Annecy"),
            ("3 place du Marché, 97200 Fort-de-France", "Fort-de-France"),
            ("BP 12\n20000 Ajaccio Cedex 1", "Ajaccio"),
            ("Route de Bastia\n2B200 Corte", "Corte"),
            ("Lieu-dit les Prés\n01000 Bourg-en-Bresse\nFrance", "Bourg-en-Bresse"),
            ("", ""),
            ("Sans code postal", ""),
        ]:
            with self.subTest(address):
                self.assertEqual(town_of(address), town)
