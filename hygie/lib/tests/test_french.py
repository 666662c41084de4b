"""French grammar: elision of « de », enumerations, and plurals (0 and 1 in the
singular, the plural from 2, as CLDR says for French)."""

from django.template import Context, Template
from django.test import SimpleTestCase

from hygie.lib import french
from hygie.lib.french import de, enumeration


class ElisionTestCase(SimpleTestCase):
    def test_de_is_elided_before_a_vowel_or_a_mute_h_and_contracted_with_le_and_les(self):
        for phrase, text in [
            ("accès au dossier médical", "d'accès au dossier médical"),
            ("effacement de vos données", "d'effacement de vos données"),
            ("opposition", "d'opposition"),
            ("information", "d'information"),
            ("un patient", "d'un patient"),
            ("Éditeur du logiciel", "d'Éditeur du logiciel"),
            ("Hébergeur du logiciel de cabinet", "d'Hébergeur du logiciel de cabinet"),
            ("hôpital", "d'hôpital"),
            ("rectification", "de rectification"),
            ("portabilité", "de portabilité"),
            ("handicap", "de handicap"),
            ("hasard", "de hasard"),
            ("le cabinet", "du cabinet"),
            ("les données", "des données"),
            ("la dernière prise en charge", "de la dernière prise en charge"),
            ("l'accueil", "de l'accueil"),
            ("12 mois", "de 12 mois"),
            ("  accès ", "d'accès"),
        ]:
            with self.subTest(phrase=phrase):
                self.assertEqual(de(phrase), text)

    def test_templates_elide_through_the_de_filter(self):
        template = Template("{% load hygie %}votre demande {{ right|de }}")
        self.assertEqual(
            template.render(Context({"right": "accès au dossier"})),
            "votre demande d'accès au dossier",
        )
        self.assertEqual(
            template.render(Context({"right": "rectification"})),
            "votre demande de rectification",
        )


class EnumerationTestCase(SimpleTestCase):
    def test_items_are_joined_with_one_full_stop_at_the_end(self):
        for items, text in [
            (
                ["Prendre les rendez-vous.", "Organiser l'agenda."],
                "Prendre les rendez-vous ; Organiser l'agenda.",
            ),
            (["a", "b"], "a ; b."),
            (["Données de santé : antécédents…"], "Données de santé : antécédents…"),
            (["Tabac, alcool…", "autre."], "Tabac, alcool… ; autre."),
            (["  ", "Seul. "], "Seul."),
            ([], ""),
        ]:
            with self.subTest(items=items):
                self.assertEqual(enumeration(items), text)

    def test_a_list_in_a_sentence_ends_on_et(self):
        for items, text in [
            (["a", "b", "c"], "a, b et c"),
            (["a", "b"], "a et b"),
            (["a"], "a"),
            ([], ""),
        ]:
            with self.subTest(items=items):
                self.assertEqual(french.and_list(items), text)

    def test_templates_join_lists_through_the_enumeration_filter(self):
        template = Template("{% load hygie %}{{ steps|enumeration }}")
        self.assertEqual(
            template.render(Context({"steps": ["Ouvrez BitLocker.", "Activez-le."]})),
            "Ouvrez BitLocker ; Activez-le.",
        )


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


class SentenceTestCase(SimpleTestCase):
    def test_typed_text_ends_with_one_full_stop_whether_typed_or_not(self):
        for text, expected in [
            ("Récépissé rangé avec le contrat.", "Récépissé rangé avec le contrat."),
            ("au secrétariat du cabinet", "au secrétariat du cabinet."),
            ("Qui appeler ?", "Qui appeler ?"),
            ("  ", ""),
        ]:
            with self.subTest(text=text):
                self.assertEqual(french.sentence(text), expected)
                rendered = Template("{% load hygie %}{{ x|sentence }}").render(Context({"x": text}))
                self.assertEqual(rendered, expected)
