"""The composer in Chromium at 1280 by 720: filtering the bank keeps the title
typed and the questions ticked, with and without JavaScript."""

from __future__ import annotations

from playwright.sync_api import expect

from hygie.content import library
from hygie.orgs.models import Membership, Organisation
from hygie.orgs.roles import Role
from hygie.quiz.models import Quiz
from hygie.tests.base import make_user
from hygie.tests.browser import BrowserTestCase

PROJECTOR = {"width": 1280, "height": 720}


class ComposerFilterTests(BrowserTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.org = Organisation.objects.create(name="Cabinet Exemple")
        self.user = make_user("Claire Dubois", "claire@cabinet.example")
        Membership.objects.create(user=self.user, org=self.org, role=Role.TITULAIRE)
        self.bank = library.items("quiz-questions")

    def compose(self, **options):
        context = self.signed_in_context(self.user, viewport=PROJECTOR, **options)
        page = context.new_page()
        page.on("pageerror", lambda error: self.problems.append(str(error)))
        page.goto(f"{self.live_server_url}/o/{self.org.code}/quiz/composer/")
        return page

    def test_the_filter_keeps_the_title_and_the_ticked_questions(self) -> None:
        page = self.compose()
        first = next(q for q in self.bank if q["theme"] == "mots-de-passe")
        page.get_by_label("Titre du quiz").fill("Accueil des internes")
        page.get_by_label(first["text"]).check()
        page.get_by_label("Thème", exact=True).select_option("hameconnage")
        page.get_by_role("button", name="Filtrer").click()
        # The ticked question stays, the other themes' go, the title stays.
        expect(page.get_by_label(first["text"])).to_be_visible()
        expect(page.get_by_label(first["text"])).to_be_checked()
        expect(page.get_by_label("Titre du quiz")).to_have_value("Accueil des internes")
        other = next(q for q in self.bank if q["theme"] == "sauvegardes")
        expect(page.get_by_label(other["text"])).to_be_hidden()
        phishing = next(q for q in self.bank if q["theme"] == "hameconnage")
        expect(page.get_by_label(phishing["text"])).to_be_visible()
        # Words narrow it further, accents aside.
        page.get_by_role("searchbox", name="Rechercher par mots").fill(
            phishing["text"].split()[-1].upper()
        )
        expect(page.get_by_label(phishing["text"])).to_be_visible()
        page.get_by_label(phishing["text"]).check()
        page.get_by_role("button", name="Enregistrer le quiz").click()
        expect(page.get_by_role("heading", name="Vos quiz")).to_be_visible()
        quiz = Quiz.objects.get()
        self.assertEqual(quiz.title, "Accueil des internes")
        self.assertEqual(set(quiz.questions), {f"bank:{first['id']}", f"bank:{phishing['id']}"})
        self.assertFalse(self.problems, self.problems)

    def test_without_javascript_filtering_posts_the_form_back(self) -> None:
        page = self.compose(java_script_enabled=False)
        first = self.bank[0]
        page.get_by_label("Titre du quiz").fill("Sans script")
        page.get_by_label(first["text"]).check()
        page.get_by_label("Type", exact=True).select_option("choix_multiples")
        page.get_by_role("button", name="Filtrer").click()
        expect(page.get_by_label("Titre du quiz")).to_have_value("Sans script")
        expect(page.get_by_label(first["text"])).to_be_checked()
        expect(page.get_by_label("Type", exact=True)).to_have_value("choix_multiples")
        single = next(q for q in self.bank if q["type"] == "choix_unique")
        expect(page.get_by_label(single["text"])).to_be_hidden()
        self.assertFalse(Quiz.objects.exists())
