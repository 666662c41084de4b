"""Documents name an incident's kind by its neutral label (« Rançongiciel :
fichiers chiffrés et demande de rançon »), never by what the person who
declared it said (« Un message de rançon s'affiche… », « J'ai cliqué… »)."""

from __future__ import annotations

from datetime import timedelta

from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from hygie.content import library
from hygie.incidents import actions, notice
from hygie.incidents.models import Channel
from hygie.law.incident import Risk
from hygie.tests.base import BaseTestCase
from hygie.tests.readback import pdf_text

KIND = "lien-ou-piece-jointe"


class LabelInTheLibraryTestCase(BaseTestCase):
    def test_every_incident_type_has_a_neutral_label_of_its_own(self):
        for t in library.items(actions.TYPES):
            with self.subTest(t["id"]):
                self.assertNotEqual(t["label"], t["title"])
                for first_person in ("J'", "Je ", " je ", " mon ", " nous", " nôtre", "Mon "):
                    self.assertNotIn(first_person, t["label"])


class LabelInDocumentsTestCase(BaseTestCase):
    def setUp(self):
        self.type = library.get(actions.TYPES, KIND)
        self.incident = actions.declare(
            self.org,
            kind=KIND,
            discovered_at=timezone.now() - timedelta(hours=5),
            actor=self.titulaire,
        )
        actions.qualify(
            self.incident,
            {"personal_data": True, "risk": Risk.NONE, "data_categories": "Agenda"},
            actor=self.titulaire,
        )
        self.client = Client()
        self.client.force_login(self.titulaire)

    def url(self, name: str, *args) -> str:
        return reverse(f"incidents:{name}", args=[self.org.code, *args])

    def assertNamedByItsLabel(self, text: str) -> None:
        self.assertIn(self.type["label"], text)
        self.assertNotIn(self.type["title"], text)
        self.assertNotIn("J'ai", text)

    def test_the_timeline_names_it_by_its_label(self):
        self.assertNamedByItsLabel(self.incident.timeline.first().text)

    def test_the_cnil_draft_names_it_by_its_label(self):
        self.assertNamedByItsLabel(notice.nature(self.incident))

    def test_the_complaint_memo_names_it_by_its_label(self):
        form = self.client.get(self.url("complaint_memo", self.incident.pk)).context["form"]
        self.assertNamedByItsLabel(form.initial["facts"])

    def test_the_patient_letter_names_it_by_its_label(self):
        form = self.client.get(self.url("patient_letter", self.incident.pk)).context["form"]
        self.assertIn(self.type["label"][1:], form.initial["what"])
        self.assertNotIn(self.type["title"], form.initial["what"])

    def test_the_breach_register_names_it_by_its_label(self):
        csv = self.client.get(self.url("register_export", "csv")).content.decode("utf-8-sig")
        self.assertNamedByItsLabel(csv)

    def test_the_closing_report_names_it_by_its_label(self):
        actions.fulfil(
            self.incident,
            "plainte",
            done_at=timezone.now() - timedelta(hours=1),
            channel=Channel.EN_LIGNE,
            reference="P-1",
            evidence="Récépissé.",
            actor=self.titulaire,
        )
        actions.close(self.incident, "Vérifier l'expéditeur.", actor=self.titulaire)
        pdf = self.client.get(self.url("closing_report", self.incident.pk))
        self.assertNamedByItsLabel(pdf_text(pdf.content))

    def test_the_declaration_screen_keeps_what_the_person_sees(self):
        page = self.client.get(self.url("declare"))
        self.assertContains(page, escape(self.type["title"]))
