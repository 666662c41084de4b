"""The new request form asks only what applies to the right chosen and to
who asks; the server ignores what does not apply, whatever the browser sent."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from hygie.rights.forms import LogForm
from hygie.rights.models import PatientRequest
from hygie.tests.base import BaseTestCase

PATIENT, REPRESENTATIVE, HEIR, DOCTOR = "patient", "representant", "ayant_droit", "medecin"


def form_data(**data) -> dict:
    received = timezone.localtime() - timedelta(days=3)
    return {
        "day": received.date().isoformat(),
        "hour": received.strftime("%H:%M"),
        "channel": "guichet",
        "requester_name": "Jeanne Durand",
        **data,
    }


class FieldsThatApplyTestCase(BaseTestCase):
    def test_each_field_applies_to_its_rights_and_requesters(self):
        table = [
            # (right, requester, record age asked, patient's name asked, via a doctor asked)
            ("dossier", PATIENT, True, False, True),
            ("dossier", REPRESENTATIVE, True, True, True),
            ("dossier", HEIR, True, True, True),
            ("dossier", DOCTOR, True, True, False),  # the doctor asks: it goes without saying
            ("rectification", PATIENT, False, False, False),
            ("acces", PATIENT, False, False, False),
            ("effacement", REPRESENTATIVE, False, True, False),
            ("opposition", PATIENT, False, False, False),
            ("portabilite", PATIENT, False, False, False),
            ("limitation", PATIENT, False, False, False),
        ]
        form = LogForm()
        for right, requester, age, patient, doctor in table:
            with self.subTest(right=right, requester=requester):
                answers = {"right": right, "requester_kind": requester}
                self.assertEqual(
                    (
                        form.applies("record_age", answers),
                        form.applies("patient_name", answers),
                        form.applies("via_doctor", answers),
                    ),
                    (age, patient, doctor),
                )

    def test_a_rectification_drops_the_record_age_and_the_doctor_sent_anyway(self):
        # As a browser without JavaScript, or a stale page, would send them.
        form = LogForm(
            form_data(
                right="rectification",
                requester_kind=PATIENT,
                record_age="ancien",
                via_doctor="on",
                patient_name="Paul Durand",
            )
        )
        self.assertTrue(form.is_valid(), form.errors)
        values = form.values()
        self.assertEqual(
            (values["record_age"], values["via_doctor"], values["patient_name"]), ("", False, "")
        )

    def test_a_bad_value_in_a_field_that_does_not_apply_blocks_nothing(self):
        form = LogForm(form_data(right="rectification", requester_kind=PATIENT, record_age="x"))
        self.assertTrue(form.is_valid(), form.errors)
        self.assertEqual(form.cleaned_data["record_age"], "")

    def test_the_medical_record_still_needs_its_age(self):
        form = LogForm(form_data(right="dossier", requester_kind=PATIENT))
        self.assertFalse(form.is_valid())
        self.assertIn("le délai en dépend", form.errors["record_age"][0])

    def test_the_patients_name_is_asked_when_someone_else_asks(self):
        form = LogForm(form_data(right="acces", requester_kind=REPRESENTATIVE))
        self.assertFalse(form.is_valid())
        self.assertIn("ce n'est pas lui qui demande", form.errors["patient_name"][0])

    def test_a_record_asked_by_the_designated_doctor_goes_through_the_doctor(self):
        form = LogForm(
            form_data(
                right="dossier", requester_kind=DOCTOR, record_age="recent", patient_name="J. D."
            )
        )
        self.assertTrue(form.is_valid(), form.errors)
        self.assertTrue(form.cleaned_data["via_doctor"])

    def test_only_the_medical_record_can_be_asked_by_a_designated_doctor(self):
        # Code de la santé publique, L1111-7: the record, through a doctor the patient names.
        form = LogForm()
        for right in ("dossier", "acces", "rectification", "effacement", "opposition"):
            with self.subTest(right=right):
                self.assertEqual(
                    form.option_applies("requester_kind", DOCTOR, {"right": right}),
                    right == "dossier",
                )
                self.assertTrue(form.option_applies("requester_kind", PATIENT, {"right": right}))

    def test_a_doctor_asking_for_another_right_is_refused_in_french(self):
        # As a browser without JavaScript would send it.
        form = LogForm(form_data(right="acces", requester_kind=DOCTOR, patient_name="J. D."))
        self.assertFalse(form.is_valid())
        self.assertEqual(
            form.errors["requester_kind"],
            [
                "Un médecin désigné par le patient ne demande que le dossier médical : pour un "
                "autre droit, choisissez le patient ou la personne qui le représente."
            ],
        )


class NewRequestPageTestCase(BaseTestCase):
    def setUp(self):
        self.login(self.secretaire)
        self.url = reverse("rights:new", args=[self.org.code])

    def test_the_page_names_the_designated_doctor_once(self):
        response = self.client.get(self.url)
        self.assertContains(response, "médecin désigné", count=1)

    def test_each_conditional_field_says_when_it_applies(self):
        response = self.client.get(self.url)
        # The three ages of a record, the patient's name, the doctor's checkbox.
        self.assertContains(response, "data-show-when", count=5)
        self.assertContains(response, 'data-show-when="{&quot;right&quot;: [&quot;dossier&quot;]}"')

    def test_the_designated_doctor_is_offered_for_the_medical_record_only(self):
        response = self.client.get(self.url)
        self.assertContains(response, 'value="medecin"', count=1)
        self.assertContains(
            response, 'data-option-when="{&quot;right&quot;: [&quot;dossier&quot;]}"', count=1
        )

    def test_without_javascript_a_rectification_is_logged_without_record_details(self):
        response = self.client.post(
            self.url,
            form_data(
                right="rectification", requester_kind=PATIENT, record_age="ancien", via_doctor="on"
            ),
        )
        patient_request = PatientRequest.objects.get(org=self.org)
        self.assertRedirects(
            response, patient_request.get_absolute_url(), fetch_redirect_response=False
        )
        self.assertEqual(
            (patient_request.right, patient_request.record_age, patient_request.via_doctor),
            ("rectification", "", False),
        )
