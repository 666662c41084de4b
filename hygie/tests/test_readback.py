"""The read-back checks find what no reader should see, and nothing else."""

from django.test import SimpleTestCase

from hygie.tests.readback import text_problems


class TextProblemsTestCase(SimpleTestCase):
    def test_it_finds_what_a_finished_document_never_contains(self):
        for text, problem in [
            ("Il faut le joindre.. Ensuite", "ponctuation doublée"),
            ("rendez-vous,, puis", "ponctuation doublée"),
            ("les patients. . Ensuite", "ponctuation doublée"),
            ("Prendre les rendez-vous. ; Organiser", "ponctuation doublée"),
            ("Bonjour {{ nom }}", "gabarit non rempli"),
            ("Adresse : None", "gabarit non rempli"),
            ("Signé XXX", "gabarit non rempli"),
            ("Nom : __________", "gabarit non rempli"),
            ("Les activités de […] soins", "gabarit non rempli"),
            ("Article cité de mémoire", "note interne"),
            ("et notez ici tout transfert", "note interne"),
            ("TODO relire", "note interne"),
            ("le texte de l'ANS n'a pas pu être relu", "note interne"),
            ("5 jour(s) ouvré(s)", "pluriel en « (s) »"),
            ("votre demande de accès", "« de » non élidé"),
            ("une demande de information", "« de » non élidé"),
            ("la fin de un contrat", "« de » non élidé"),
            ("certificat HDS de Hébergeur", "« de » non élidé"),
            ("règle non vérifiée ; autre règle non vérifiée", "« non vérifié » répété 2 fois"),
            (
                "Code civil [texte non vérifié] ; Mémento [texte non vérifié]",
                "« non vérifié » répété 2 fois",
            ),
        ]:
            with self.subTest(text):
                found = text_problems(text)
                self.assertTrue(found)
                self.assertTrue(all(f.startswith(problem) for f in found), found)

    def test_it_accepts_what_french_writes(self):
        for text in [
            "Tabac, alcool… et le reste...",
            "votre demande d'accès ; de rectification ; de handicap ; de hasard",
            "Demande de 12 jours, de (a) à (g), Dossier d'Hélène",
            "Une règle non vérifiée, une seule fois.",
            "Fin du certificat HDS d'Hébergeur Santé.",
        ]:
            with self.subTest(text):
                self.assertEqual(text_problems(text), [])

    def test_an_allowed_passage_is_left_out(self):
        quotation = "« organismes exerçant des activités de […] soins »"
        self.assertEqual(text_problems(f"La loi dit {quotation}.", allow=[quotation]), [])
