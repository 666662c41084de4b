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
                self.assertIn("n'a pas pu être relue", text)
                self.assertNotIn("suivent les dix règles", text)
