"""How the diagnostic presents what it took from the ANS mémento: its themes
are Hygie's own grouping, not the check-list's rules, whose text could not be
read."""

from hygie.diagnostic import actions
from hygie.diagnostic.tests.base import COMPLETE_PROFILE, DiagnosticTestCase, pdf_text

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
    """The plan item asking for the supplier questionnaires links the official
    ANS ones (the questionnaires' own pages are the register's:
    hygie/register/tests/test_questionnaire_pages.py)."""

    def official_url(self) -> str:
        from hygie.content import library

        return library.get("sources", "ans-memento-questionnaires")["url"]

    def test_the_measure_asking_for_them_links_the_official_questionnaires(self):
        assessment = self.completed()
        plan_item = assessment.org.plan_items.get(measure="prestataire-questionnaires")
        page = self.signed_in(self.titulaire).get(self.url("plan_item", plan_item.pk))
        self.assertContains(page, f'href="{self.official_url()}"')
        self.assertContains(page, "Téléchargez les questionnaires officiels de l&#x27;ANS")
