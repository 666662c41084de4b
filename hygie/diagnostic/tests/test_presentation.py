"""How the diagnostic presents what it took from the ANS mémento: its themes
are Hygie's own grouping, not the check-list's rules, whose text could not be
read."""

from hygie.diagnostic import actions
from hygie.diagnostic.tests.base import COMPLETE_PROFILE
from hygie.diagnostic.tests.test_views import DiagnosticTestCase, pdf_text

GROUPING = "regroupement propre à Hygie"


def flat(text: str) -> str:
    return " ".join(text.split())


class ThemesPresentation(DiagnosticTestCase):
    def test_the_themes_are_introduced_as_hygies_grouping_not_as_the_ans_rules(self):
        assessment = actions.start(self.org, actor=self.titulaire)
        actions.save_profile(assessment, COMPLETE_PROFILE, actor=self.titulaire)
        client = self.signed_in(self.titulaire)
        pages = {"thème 1": client.get(self.url("theme", assessment.pk, 1)).content.decode()}
        actions.complete(assessment, actor=self.titulaire)
        pages["résultat"] = client.get(self.url("result", assessment.pk)).content.decode()
        pages["rapport"] = pdf_text(client.get(self.url("report", assessment.pk)).content)
        for name, text in pages.items():
            with self.subTest(page=name):
                text = flat(text)
                self.assertIn(GROUPING, text)
                # Said of the source, not of how Hygie was written.
                self.assertIn("La grille détaillée de l'ANS n'est pas reprise ici", text)
                self.assertNotIn("relu", text)
                self.assertNotIn("suivent les dix règles", text)


class SupplierQuestionnaires(DiagnosticTestCase):
    """The official ANS questionnaires are linked; Hygie's own questions are
    its checklists, inspired by them, never shown under the ANS's titles."""

    def official_url(self) -> str:
        from hygie.content import library

        return library.get("sources", "ans-memento-questionnaires")["url"]

    def test_the_page_links_the_official_questionnaires_and_names_hygies_checklists(self):
        page = self.signed_in(self.titulaire).get(self.url("questionnaires"))
        self.assertContains(page, f'href="{self.official_url()}"')
        self.assertContains(page, "Les listes de vérification d'Hygie")
        self.assertContains(page, "Inspirée du questionnaire n° 1 de l'ANS")
        # The ANS's titles appear only as what inspired a checklist.
        self.assertNotContains(page, "<h3>Liste n° 1 : Points généraux")

    def test_a_printed_checklist_says_it_is_hygies_and_where_the_official_one_is(self):
        pdf = self.signed_in(self.titulaire).get(self.url("questionnaire_pdf", 2))
        text = flat(pdf_text(pdf.content))
        self.assertIn("Liste de vérification prestataire n° 2", text)
        self.assertIn("Liste rédigée par Hygie, inspirée du questionnaire n° 2 de l'ANS", text)
        self.assertIn(self.official_url(), text.replace(" ", ""))
        self.assertNotIn("Questionnaire fournisseur n° 2", text)

    def test_the_measure_asking_for_them_links_the_official_questionnaires(self):
        assessment = self.completed()
        item = assessment.org.plan_items.get(measure="prestataire-questionnaires")
        page = self.signed_in(self.titulaire).get(self.url("plan_item", item.pk))
        self.assertContains(page, f'href="{self.official_url()}"')
        self.assertContains(page, "Téléchargez les questionnaires officiels de l&#x27;ANS")
