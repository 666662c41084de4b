"""The diagnostic d'hygiène numérique, clicked through in Chromium.

Claire Martin takes her practice's diagnostic from the home page's tile to the
PDF report, her answers saved one by one as she clicks; a visitor without an
account takes the découverte diagnostic, which stores nothing.

Every page along the way must raise no JavaScript error and no
Content-Security-Policy violation.
"""

from __future__ import annotations

import io
from pathlib import Path

from playwright.sync_api import Locator, Page, expect
from pypdf import PdfReader

from hygie.diagnostic import discovery, measures
from hygie.diagnostic.models import Answer, Assessment
from hygie.diagnostic.profile import QUESTIONS
from hygie.diagnostic.scoring import applicable, evaluate
from hygie.orgs.actions import create_org
from hygie.orgs.models import Kind
from hygie.tests.base import PASSWORD, make_user
from hygie.tests.browser import BrowserTestCase

# A small group practice with a server, Wi-Fi, teleconsultation and mobiles:
# most measures apply.
PROFILE = {
    "profession": "Médecin généraliste",
    "effectif": "De 2 à 5",
    "secretariat": "Oui",
    "stockage": "Les deux",
    "hebergement": "Installé sur un serveur du cabinet",
    "wifi": "Oui",
    "teleconsultation": "Oui",
    "mobiles": "Oui",
}


def varied(measure: measures.Measure, turn: int) -> measures.Option:
    """An answer that changes from one question to the next, « Je ne sais pas » at times."""
    if turn % 5 == 2:
        return measure.option(measures.NSP)
    if turn % 11 == 7 and measure.option(measures.NA):
        return measure.option(measures.NA)
    real = [o for o in measure.options if o.key not in (measures.NSP, measures.NA)]
    return real[turn % len(real)]


def progress_text(done: int, total: int) -> str:
    plural = "s" if done > 1 else ""
    return f"{done} réponse{plural} sur {total} ({100 * done // total} %)"


def one_line(text: str) -> str:
    return " ".join(text.split())


class DiagnosticBrowserTestCase(BrowserTestCase):
    def heading(self, page: Page, text: str) -> None:
        expect(page.get_by_role("heading", level=1)).to_have_text(text)


class TakingTheDiagnosticTests(DiagnosticBrowserTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.user = make_user("Claire Martin", "claire@cabinet-martin.example")
        self.org = create_org(
            name="Cabinet du Dr Martin", kind=Kind.CABINET_GROUPE, creator=self.user
        )
        self.catalogue = measures.catalogue()
        self.chosen: dict[str, str] = {}

    def answer_theme(self, page: Page, on_page: list[measures.Measure], unknown: bool) -> None:
        """Click a label per question; each answer is saved as it is clicked."""
        for measure in on_page:
            option = measure.option(measures.NSP) if unknown else varied(measure, len(self.chosen))
            index = measure.options.index(option)
            page.locator(f"#mesure-{measure.key} label.option").nth(index).click()
            # Wait for this answer's save before the next: the live server's
            # threads share one SQLite connection.
            expect(page.locator(f"#etat-{measure.key}")).to_have_text(
                f"Enregistré : {option.label}"
            )
            self.chosen[measure.key] = option.key

    def radio(self, page: Page, measure: measures.Measure) -> Locator:
        index = measure.options.index(measure.option(self.chosen[measure.key]))
        return page.locator(f"#mesure-{measure.key} input[type=radio]").nth(index)

    def test_a_practice_takes_the_diagnostic_and_downloads_its_report(self) -> None:
        page = self.new_page()

        # Sign in, then from the organisation's home page to the diagnostic.
        page.goto(self.live_server_url + "/connexion/")
        page.get_by_label("Adresse e-mail", exact=True).fill("claire@cabinet-martin.example")
        page.get_by_label("Mot de passe", exact=True).fill(PASSWORD)
        page.get_by_role("button", name="Se connecter").click()
        self.heading(page, "Cabinet du Dr Martin")
        page.get_by_role("link", name="Diagnostic d'hygiène numérique").click()
        self.heading(page, "Diagnostic d'hygiène numérique")
        page.get_by_role("button", name="Commencer le diagnostic").click()

        # The practice's profile.
        self.heading(page, "Votre cabinet en huit questions")
        for question in QUESTIONS:
            answer = PROFILE[question.key]
            if question.key == "profession":
                page.get_by_label(question.label).select_option(label=answer)
            else:
                page.get_by_role("group", name=question.label).get_by_label(
                    answer, exact=True
                ).check()
        page.get_by_role("button", name="Continuer vers les questions").click()
        themes = self.catalogue.themes
        self.heading(page, f"1. {themes[0].title}")
        assessment = Assessment.objects.get(org=self.org)
        self.assertEqual(assessment.profile["stockage"], "mixte")
        asked = applicable(self.catalogue, assessment.profile)
        total = len(asked)

        # The ten themes, each question answered by clicking its label.
        for number, theme in enumerate(themes, start=1):
            self.heading(page, f"{number}. {theme.title}")
            mine = [m for m in asked if m.theme == theme.key]
            expect(page.locator("fieldset.measure")).to_have_count(len(mine))
            if number == 2:
                # Saved as clicked, without reloading the page.
                page.evaluate("window.stillHere = true")
            # Nothing known of the last theme: its indice is 0.
            self.answer_theme(page, mine, unknown=number == len(themes))
            expect(page.locator("#progression-label")).to_have_text(
                progress_text(len(self.chosen), total)
            )
            if number == 2:
                self.assertTrue(page.evaluate("window.stillHere === true"))
                # Leave by a link, not the form, and come back: still answered.
                page.get_by_role("link", name=themes[0].title, exact=True).click()
                self.heading(page, f"1. {themes[0].title}")
                page.get_by_role("link", name=theme.title, exact=True).click()
                self.heading(page, f"2. {theme.title}")
                for measure in mine:
                    expect(self.radio(page, measure)).to_be_checked()
                expect(page.locator("#progression-label")).to_have_text(
                    progress_text(len(self.chosen), total)
                )
            if number < len(themes):
                page.get_by_role("button", name="Enregistrer et continuer →").click()
            else:
                page.get_by_role("button", name="Enregistrer et voir le résultat").click()

        self.assertEqual(len(self.chosen), total)
        self.assertIn(measures.NSP, self.chosen.values())
        self.heading(page, "Terminer le diagnostic")
        expect(page.get_by_text("Vous avez répondu à toutes les questions.")).to_be_visible()
        page.get_by_role("button", name="Terminer et voir le résultat").click()

        # The result: the indice and the six priority actions.
        self.heading(page, "Résultat du diagnostic")
        expected = evaluate(self.catalogue, assessment.profile, self.chosen)
        self.assertEqual(expected.themes[-1].indice, 0)
        indice = page.get_by_role("region", name="Indice d'hygiène numérique")
        expect(indice.locator(".score__value")).to_have_text(str(expected.indice))
        expect(indice.locator("details tbody td:nth-of-type(1)")).to_have_text(
            ["—" if t.indice is None else str(t.indice) for t in expected.themes]
        )
        priorities = page.get_by_role("region", name="Vos six actions prioritaires")
        expect(priorities.locator("ol.gaps > li")).to_have_count(6)
        first = expected.priorities[0].measure.action
        expect(priorities.locator(".gap__title").first).to_contain_text(first)
        assessment.refresh_from_db()
        self.assertEqual(assessment.indice, expected.indice)
        self.assertEqual(
            dict(Answer.objects.filter(assessment=assessment).values_list("measure", "choice")),
            self.chosen,
        )

        # The report, downloaded as a file.
        with page.expect_download() as download_info:
            page.get_by_role("link", name="Rapport PDF").click()
        download = download_info.value
        self.assertRegex(download.suggested_filename, r"^diagnostic-.+\.pdf$")
        pdf = Path(download.path()).read_bytes()
        self.assertTrue(pdf.startswith(b"%PDF"))
        text = one_line("\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))
        self.assertIn(one_line(first), text)

        self.assertNoProblems()


class DiscoveryTests(DiagnosticBrowserTestCase):
    def test_a_visitor_takes_the_discovery_diagnostic_and_nothing_is_stored(self) -> None:
        key_measures = list(discovery.catalogue().measures)
        page = self.new_page(form_errors=True)
        page.goto(self.live_server_url + "/diagnostic/decouverte/")
        self.heading(page, "Diagnostic découverte")

        # Nothing checked: each question says so, and the page still works.
        page.get_by_role("button", name="Voir mon résultat").click()
        expect(page.get_by_role("alert")).to_have_text(
            f"Il reste {len(key_measures)} questions sans réponse (signalées ci-dessous)."
        )
        expect(page.get_by_text("Choisissez une réponse.")).to_have_count(len(key_measures))

        # Half answered: the answers given are kept, the others still asked for.
        chosen: dict[str, str] = {}
        half = key_measures[: len(key_measures) // 2]
        for measure in half:
            self.choose(page, measure, chosen)
        page.get_by_role("button", name="Voir mon résultat").click()
        left = len(key_measures) - len(half)
        expect(page.get_by_role("alert")).to_have_text(
            f"Il reste {left} questions sans réponse (signalées ci-dessous)."
        )
        expect(page.get_by_text("Choisissez une réponse.")).to_have_count(left)
        for measure in half:
            index = [o.key for o in measure.options].index(chosen[measure.key])
            expect(
                page.locator(f"#mesure-{measure.key} input[type=radio]").nth(index)
            ).to_be_checked()

        for measure in key_measures[len(half) :]:
            self.choose(page, measure, chosen)
        page.get_by_role("button", name="Voir mon résultat").click()

        self.heading(page, "Votre résultat")
        expected = discovery.evaluate(chosen)
        self.assertEqual(expected.indice, 0)
        expect(page.locator(".score__value")).to_have_text(str(expected.indice))
        not_applicable = list(chosen.values()).count(measures.NA)
        self.assertEqual(not_applicable, 1)
        expect(page.get_by_role("region", name="Indice sur l'essentiel")).to_contain_text(
            f"Calculé sur {len(key_measures)} mesures clés (1 non applicable)."
        )
        expect(page.get_by_role("link", name="Créer un compte")).to_be_visible()
        self.assertEqual(Assessment.objects.count(), 0)
        self.assertEqual(Answer.objects.count(), 0)
        self.assertNoProblems()

    def choose(self, page: Page, measure: measures.Measure, chosen: dict[str, str]) -> None:
        """Nothing in place: « Non » or « Je ne sais pas », « Non applicable » once."""
        if measures.NA not in chosen.values() and measure.option(measures.NA):
            option = measure.option(measures.NA)
        elif len(chosen) % 3 == 1:
            option = measure.option(measures.NSP)
        else:
            option = next(o for o in measure.options if o.value == 0)
        index = measure.options.index(option)
        label = page.locator(f"#mesure-{measure.key} label.option").nth(index)
        expect(label).to_have_text(option.label)
        label.click()
        chosen[measure.key] = option.key
