"""The fulfilment's form says what is required by the same rule the action
checks, and a correction starts from what was recorded."""

from __future__ import annotations

from datetime import timedelta

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hygie.incidents import actions
from hygie.incidents.forms import CnilDraftForm, FulfilmentForm
from hygie.incidents.models import PROOFS, Channel
from hygie.tests.base import BaseTestCase

OPTIONAL = "(facultatif)"


class FormTestCase(BaseTestCase):
    def setUp(self):
        self.client = Client()
        self.client.force_login(self.titulaire)

    def declare(self, hours_ago: float):
        aware = (timezone.now() - timedelta(hours=hours_ago)).replace(second=0, microsecond=0)
        return actions.declare(
            self.org, kind="rancongiciel", discovered_at=aware, actor=self.titulaire
        )

    def url(self, incident, key: str) -> str:
        return reverse("incidents:fulfil", args=[self.org.code, incident.pk, key])

    def label(self, page, name: str) -> str:
        """The text of the label of field `name` on `page`."""
        html = page.content.decode()
        start = html.index(f'<label for="id_{name}"')
        return html[start : html.index("</label>", start)]


class WhatIsRequiredTestCase(FormTestCase):
    # Each field that may be left empty, for each obligation: the form marks it
    # « (facultatif) » exactly when the action accepts it empty.
    FIELDS = ("reference", "channel", "evidence")

    def test_the_form_marks_optional_exactly_what_the_action_accepts_empty(self):
        incident = self.declare(hours_ago=2)
        when = timezone.now() - timedelta(hours=1)
        for key in PROOFS:
            form = FulfilmentForm(incident=incident, key=key)
            for name in self.FIELDS:
                if name not in form.fields:
                    continue
                with self.subTest(obligation=key, field=name):
                    values = {"reference": "R-1", "channel": "", "evidence": "Dossier."}
                    proof = PROOFS[key]
                    if proof.channels:
                        values["channel"] = proof.channels[0]
                    values[name] = ""
                    refused = name in actions.fulfilment_errors(
                        incident, key, done_at=when, **values
                    )
                    self.assertEqual(form.fields[name].required, refused)

    def test_the_page_labels_a_required_proof_without_facultatif(self):
        incident = self.declare(hours_ago=2)
        page = self.client.get(self.url(incident, "assureur"))
        self.assertNotIn(OPTIONAL, self.label(page, "evidence"))
        self.assertIn(OPTIONAL, self.label(page, "reference"))
        page = self.client.get(self.url(incident, "cnil"))
        self.assertNotIn(OPTIONAL, self.label(page, "reference"))


class DelayReasonsTestCase(FormTestCase):
    """RGPD art. 33(1): a notification later than 72 hours gives its reasons."""

    def test_within_the_72_hours_the_reasons_are_optional(self):
        incident = self.declare(hours_ago=10)
        page = self.client.get(self.url(incident, "cnil"))
        self.assertIn(OPTIONAL, self.label(page, "delay_reasons"))
        draft = self.client.get(reverse("incidents:cnil_draft", args=[self.org.code, incident.pk]))
        self.assertIn(OPTIONAL, self.label(draft, "delay"))

    def test_once_the_72_hours_are_past_the_reasons_are_shown_as_required(self):
        incident = self.declare(hours_ago=80)
        page = self.client.get(self.url(incident, "cnil"))
        self.assertNotIn(OPTIONAL, self.label(page, "delay_reasons"))
        self.assertIn("required", page.context["form"]["delay_reasons"].as_widget())
        draft = self.client.get(reverse("incidents:cnil_draft", args=[self.org.code, incident.pk]))
        self.assertNotIn(OPTIONAL, self.label(draft, "delay"))

    def test_a_notification_made_within_the_72_hours_needs_no_reasons_even_recorded_late(self):
        incident = self.declare(hours_ago=80)
        on_time = timezone.localtime(incident.discovered_at + timedelta(hours=50))
        form = FulfilmentForm(
            {
                "done_date": on_time.date().isoformat(),
                "done_time": on_time.strftime("%H:%M"),
                "reference": "2026-0042",
                "evidence": "Accusé de réception.",
            },
            incident=incident,
            key="cnil",
        )
        self.assertTrue(form.is_valid(), form.errors)

    def test_a_late_notification_without_reasons_is_refused_with_its_article(self):
        incident = self.declare(hours_ago=80)
        now = timezone.localtime()
        form = FulfilmentForm(
            {
                "done_date": now.date().isoformat(),
                "done_time": now.strftime("%H:%M"),
                "reference": "2026-0042",
                "evidence": "Accusé de réception.",
            },
            incident=incident,
            key="cnil",
        )
        self.assertFalse(form.is_valid())
        self.assertIn("RGPD art. 33(1)", str(form.errors["delay_reasons"]))

    def test_the_draft_of_a_late_notification_still_saves_without_reasons(self):
        form = CnilDraftForm({"nature": "x"}, lenient=True, late=True)
        self.assertTrue(form.is_valid(), form.errors)


class CorrectionTestCase(FormTestCase):
    def test_a_correction_starts_from_the_recorded_values(self):
        incident = self.declare(hours_ago=80)
        done_at = timezone.localtime(incident.discovered_at + timedelta(hours=75))
        actions.fulfil(
            incident,
            "cnil",
            done_at=done_at,
            reference="CNIL-0042",
            evidence="Accusé de réception dans le dossier.",
            delay_reasons="Cabinet fermé le week-end.",
            actor=self.titulaire,
        )
        form = self.client.get(self.url(incident, "cnil")).context["form"]
        self.assertEqual(form["done_date"].value(), done_at.date())
        self.assertEqual(form["done_time"].value(), done_at.time().replace(second=0))
        self.assertEqual(form["reference"].value(), "CNIL-0042")
        self.assertEqual(form["evidence"].value(), "Accusé de réception dans le dossier.")
        self.assertEqual(form["delay_reasons"].value(), "Cabinet fermé le week-end.")

    def test_a_correction_of_a_complaint_keeps_where_it_was_filed(self):
        incident = self.declare(hours_ago=5)
        actions.fulfil(
            incident,
            "plainte",
            done_at=timezone.now() - timedelta(hours=1),
            channel=Channel.GENDARMERIE,
            reference="R-17",
            evidence="Récépissé.",
            actor=self.titulaire,
        )
        form = self.client.get(self.url(incident, "plainte")).context["form"]
        self.assertEqual(form["channel"].value(), Channel.GENDARMERIE)
        self.assertEqual(form["reference"].value(), "R-17")

    def test_the_recorded_proof_reads_as_one_sentence(self):
        incident = self.declare(hours_ago=5)
        actions.fulfil(
            incident,
            "cnil",
            done_at=timezone.now() - timedelta(hours=1),
            reference="CNIL-0042",
            evidence="Accusé de réception dans le dossier.",
            actor=self.titulaire,
        )
        page = self.client.get(self.url(incident, "cnil"))
        self.assertContains(page, "Preuve : Accusé de réception dans le dossier.")
        self.assertNotContains(page, ".).")
