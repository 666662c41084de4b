"""The new request form in Chromium: the questions follow the right chosen and
who asks; without JavaScript every question shows and the request is logged."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from hygie.orgs.actions import create_org
from hygie.orgs.models import Kind, Membership
from hygie.orgs.roles import Role
from hygie.rights.models import PatientRequest
from hygie.tests.base import make_user
from hygie.tests.browser import BrowserTestCase

AGE = "Le dossier demandé date…"
DOCTOR = "Le patient veut que son dossier passe par un médecin de son choix"
PATIENT_NAME = "Nom du patient"


class NewRequestFormTests(BrowserTestCase):
    def setUp(self) -> None:
        super().setUp()
        claire = make_user("Claire Martin", "claire@cabinet-martin.example")
        self.org = create_org(name="Cabinet du Dr Martin", kind=Kind.CABINET, creator=claire)
        self.sophie = make_user("Sophie Bernard", "sophie@cabinet-martin.example")
        Membership.objects.create(user=self.sophie, org=self.org, role=Role.SECRETARIAT)

    def form(self, javascript: bool = True) -> Page:
        context = self.signed_in_context(self.sophie, java_script_enabled=javascript)
        page = context.new_page()
        page.on("pageerror", lambda error: self.problems.append(f"JavaScript error: {error}"))
        page.goto(f"{self.live_server_url}/o/{self.org.code}/droits/nouvelle/")
        return page

    def test_the_questions_follow_the_right_and_the_requester(self) -> None:
        page = self.form()
        age = page.get_by_role("group", name=AGE)
        doctor = page.get_by_label(DOCTOR)
        patient_name = page.get_by_label(PATIENT_NAME)
        # Nothing chosen yet: nothing that depends on it.
        expect(age).to_be_hidden()
        expect(doctor).to_be_hidden()

        page.get_by_label("Rectification").check()
        page.get_by_label("Le patient lui-même").check()
        expect(age).to_be_hidden()
        expect(doctor).to_be_hidden()
        expect(patient_name).to_be_hidden()
        # A designated doctor asks for the medical record only (CSP L1111-7).
        expect(page.get_by_label("Un médecin désigné par le patient")).to_be_hidden()

        page.get_by_label("Accès au dossier médical").check()
        expect(age).to_be_visible()
        expect(doctor).to_be_visible()

        page.get_by_label("Un médecin désigné par le patient").check()
        expect(doctor).to_be_hidden()  # it goes without saying
        expect(patient_name).to_be_visible()
        expect(page.get_by_text("médecin désigné")).to_have_count(1)

        # Another right: the doctor is no longer offered, nor ticked.
        page.get_by_label("Rectification").check()
        expect(age).to_be_hidden()
        expect(page.get_by_label("Un médecin désigné par le patient")).to_be_hidden()
        expect(page.get_by_label("Un médecin désigné par le patient")).not_to_be_checked()
        self.assertNoProblems()

    def test_without_javascript_every_question_shows_and_the_request_is_logged(self) -> None:
        page = self.form(javascript=False)
        expect(page.get_by_role("group", name=AGE)).to_be_visible()
        expect(page.get_by_label(DOCTOR)).to_be_visible()
        page.get_by_label("Par courrier").check()
        page.get_by_label("Rectification").check()
        page.get_by_label("Le patient lui-même").check()
        # Answered by mistake: ignored for a rectification.
        page.get_by_label("Toutes de plus de cinq ans").check()
        page.get_by_label(DOCTOR).check()
        page.get_by_label("Nom du demandeur").fill("Jeanne Durand")
        page.get_by_role("button", name="Enregistrer la demande").click()
        expect(page.get_by_text("enregistrée : ses délais sont comptés")).to_be_visible()
        patient_request = PatientRequest.objects.get(org=self.org)
        self.assertEqual(
            (patient_request.right, patient_request.record_age, patient_request.via_doctor),
            ("rectification", "", False),
        )
