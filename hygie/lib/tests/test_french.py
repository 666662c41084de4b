"""French plurals: 0 and 1 in the singular, the plural from 2 (CLDR, fr)."""

from django.template import Context, Template
from django.test import SimpleTestCase

from hygie.lib import french


class PluralTests(SimpleTestCase):
    def test_zero_and_one_are_singular_two_and_more_plural(self):
        table = [
            (0, "réponse", "0 réponse"),
            (1, "personne", "1 personne"),
            (2, "personne", "2 personnes"),
            (1800, "personne", "1800 personnes"),
        ]
        for n, noun, expected in table:
            with self.subTest(n=n):
                self.assertEqual(french.count(n, noun), expected)

    def test_an_irregular_plural_is_given(self):
        self.assertEqual(french.count(5, "jour ouvré", "jours ouvrés"), "5 jours ouvrés")
        self.assertEqual(french.plural(1, "jour ouvré", "jours ouvrés"), "jour ouvré")
        self.assertEqual(french.plural(1.5, "heure"), "heure")


class PluralizeFilterTests(SimpleTestCase):
    def render(self, text: str, **context) -> str:
        return Template(text).render(Context(context))

    def test_every_template_pluralizes_the_french_way(self):
        table = [
            (0, "0 réponse"),
            (1, "1 réponse"),
            (2, "2 réponses"),
        ]
        for n, expected in table:
            with self.subTest(n=n):
                self.assertEqual(self.render("{{ n }} réponse{{ n|pluralize }}", n=n), expected)

    def test_it_takes_djangos_arguments(self):
        template = "{{ n }} traitement{{ n|pluralize }} correspond{{ n|pluralize:'ent' }}"
        self.assertEqual(self.render(template, n=0), "0 traitement correspond")
        self.assertEqual(self.render(template, n=3), "3 traitements correspondent")
        self.assertEqual(self.render("{{ n|pluralize:'al,aux' }}", n=2), "aux")
        self.assertEqual(self.render("source{{ l|pluralize }}", l=[1]), "source")
        self.assertEqual(self.render("source{{ l|pluralize }}", l=[1, 2]), "sources")
        self.assertEqual(self.render("{{ n|pluralize }}", n="abc"), "")
