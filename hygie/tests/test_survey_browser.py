"""A respondent answers the survey on a phone, through the QR code's link.

The animateur's page shows the QR code; decoded, it is the public link. On a
375 by 667 screen, a conditional question appears when its answer is given;
the respondent leaves, comes back and finds the answers in progress, sends
them, is thanked, and this browser cannot answer a second time.
"""

from __future__ import annotations

import io

import zxingcpp
from PIL import Image
from playwright.sync_api import expect

from hygie.orgs.models import Kind, Membership, Organisation
from hygie.orgs.roles import Role
from hygie.surveys import actions
from hygie.surveys.models import Answer, Response, Survey
from hygie.tests.base import make_user
from hygie.tests.browser import BrowserTestCase

PHONE = {"width": 375, "height": 667}


class SurveyOnAPhoneTests(BrowserTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.region = Organisation.objects.create(name="GRADeS Exemple", kind=Kind.APPUI)
        self.animateur = make_user("Anne Morel", "anne@grades.example")
        Membership.objects.create(user=self.animateur, org=self.region, role=Role.ANIMATEUR)
        self.survey = actions.create_from_template(self.region, actions.READY_MADE, self.animateur)
        actions.set_status(self.survey, Survey.Status.OPEN, self.animateur)

    def qr_payload(self) -> str:
        context = self.signed_in_context(self.animateur)
        page = context.new_page()
        page.goto(self.live_server_url + self.survey.get_absolute_url())
        png = page.locator("img.survey-qr").screenshot()
        context.close()
        image = Image.open(io.BytesIO(png)).convert("L")
        (found,) = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
        return found.text

    def test_a_respondent_answers_through_the_qr_code_on_a_phone(self) -> None:
        url = self.qr_payload()
        self.assertEqual(url, self.live_server_url + self.survey.public_path())

        page = self.new_page("respondent")
        page.set_viewport_size(PHONE)
        page.goto(url)
        expect(page.get_by_role("heading", level=1)).to_have_text(self.survey.title)
        self.assertLessEqual(page.evaluate("document.documentElement.scrollWidth"), 375)

        def question(key: str):
            return page.locator(f"#question-{key}")

        question("profession").get_by_label("Infirmier ou infirmière").check()
        question("setting").get_by_label("En libéral, seul ou seule").check()
        question("envoi-donnees").get_by_label("Une messagerie sécurisée de santé").check()
        question("sauvegardes").get_by_label("Chaque semaine").check()
        # « Qui est votre DPO ? » is asked only to those who have one.
        expect(question("dpo-qui")).to_be_hidden()
        question("dpo").get_by_label("Oui", exact=True).check()
        expect(question("dpo-qui")).to_be_visible()
        question("dpo-qui").get_by_label("Un prestataire extérieur").check()
        page.get_by_label("Combien d'heures par an").fill("8")

        # Leave, come back: the answers in progress are there.
        page.goto("about:blank")
        page.goto(url)
        expect(question("dpo-qui")).to_be_visible()
        expect(question("dpo-qui").get_by_label("Un prestataire extérieur")).to_be_checked()
        expect(question("profession").get_by_label("Infirmier ou infirmière")).to_be_checked()
        expect(page.get_by_label("Combien d'heures par an")).to_have_value("8")

        # Changing an answer hides its conditional question again, and back.
        question("dpo").get_by_label("Non", exact=True).check()
        expect(question("dpo-qui")).to_be_hidden()
        question("dpo").get_by_label("Oui", exact=True).check()

        page.get_by_role("button", name="Envoyer mes réponses").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Merci de votre participation")
        self.assertIsNone(
            page.evaluate(f"localStorage.getItem('hygie-enquete:{self.survey.public_token}')")
        )

        stored = Response.objects.get()
        self.assertEqual(
            Answer.objects.get(response=stored, question__key="dpo-qui").choice, "prestataire"
        )
        self.assertEqual(
            Answer.objects.get(response=stored, question__key="temps-formation").number, 8
        )

        # The same browser, again: refused.
        page.goto(url)
        expect(page.get_by_role("heading", level=1)).to_have_text("Réponse déjà enregistrée")
        self.assertEqual(Response.objects.count(), 1)
        self.problems = [p for p in self.problems if "409" not in p]
        self.assertNoProblems()
