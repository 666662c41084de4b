"""The letter to the persons concerned, RGPD art. 34(2): in clear and simple
terms, the nature of the breach and what art. 33(3)(b), (c) and (d) ask —
whom to contact, the likely consequences, the measures taken — dated, and
prefilled from the same text as the CNIL notification."""

from __future__ import annotations

from datetime import timedelta

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hygie.incidents import actions, notice
from hygie.incidents.models import Incident
from hygie.incidents.tests.base import IncidentPagesTestCase
from hygie.law.incident import Risk
from hygie.register.models import Controller
from hygie.tests.base import BaseTestCase
from hygie.tests.readback import pdf_text, text_problems


class PatientLetterTestCase(BaseTestCase):
    def setUp(self):
        self.org.address = "12 rue des Tilleuls\n69003 Lyon"
        self.org.save()
        self.incident = actions.declare(
            self.org,
            kind="rancongiciel",
            discovered_at=timezone.now() - timedelta(hours=6),
            actor=self.titulaire,
        )
        actions.qualify(
            self.incident,
            {"risk": Risk.HIGH, "data_categories": "Dossiers médicaux", "persons": 800},
            actor=self.titulaire,
        )
        actions.tick_reflex(self.incident, "couper-le-reseau", actor=self.titulaire)
        self.client = Client()
        self.client.force_login(self.titulaire)
        self.url = reverse("incidents:patient_letter", args=[self.org.code, self.incident.pk])

    def initial(self) -> dict:
        return self.client.get(self.url).context["form"].initial

    def test_the_consequences_and_measures_come_from_the_cnil_drafts_own_text(self):
        initial = self.initial()
        self.assertEqual(initial["consequences"], notice.consequences(self.incident, persons=True))
        self.assertEqual(initial["measures"], notice.measures(self.incident, persons=True))
        self.assertIn("Dossiers médicaux", initial["consequences"])
        self.assertIn("L'ordinateur a été déconnecté du réseau", initial["measures"])
        # The same facts as the notification, told to the person.
        self.assertIn("L'ordinateur a été déconnecté du réseau", notice.measures(self.incident))
        self.assertNotIn("droits et libertés", initial["consequences"])

    def test_the_letter_does_not_tell_the_persons_they_were_told(self):
        actions.fulfil(
            self.incident,
            "personnes",
            done_at=timezone.now(),
            channel="courrier",
            evidence="Copie des lettres.",
            actor=self.titulaire,
        )
        self.assertIn("Personnes informées", notice.measures(self.incident))
        self.assertNotIn("Personnes informées", notice.measures(self.incident, persons=True))

    def test_the_contact_is_the_practice_with_how_to_reach_it_and_its_dpo(self):
        Controller.objects.create(
            org=self.org,
            name="Cabinet du Dr Martin",
            address="12 rue des Tilleuls, 69003 Lyon",
            contact="04 00 00 00 00",
            dpo_name="Rémi Roux",
            dpo_contact="dpo@prestataire.example",
        )
        contact = self.initial()["contact"]
        self.assertIn("Cabinet du Dr Martin, 12 rue des Tilleuls, 69003 Lyon", contact)
        self.assertIn("04 00 00 00 00", contact)
        self.assertIn("Rémi Roux (dpo@prestataire.example)", contact)

    def test_a_contact_without_a_phone_or_an_e_mail_is_refused(self):
        data = {**self.initial(), "contact": "Cabinet du Dr Martin"}
        response = self.client.post(self.url, data)
        self.assertContains(response, "un téléphone ou une adresse e-mail", status_code=400)
        self.assertFalse(self.incident.timeline.filter(kind="document").exists())

    def test_the_letter_is_dated_in_the_practices_zone_and_reads_simply(self):
        self.org.time_zone = "America/Martinique"
        self.org.save()
        data = {**self.initial(), "contact": "Cabinet du Dr Martin — 04 00 00 00 00"}
        response = self.client.post(self.url, data)
        self.assertEqual(response["Content-Type"], "application/pdf")
        text = pdf_text(response.content)
        today = timezone.localdate(timezone=self.org.tzinfo())
        self.assertIn(f"Le {today:%d/%m/%Y}", text)
        self.assertNotIn("vous concernant", text)
        self.assertIn("Pour en savoir plus Cabinet du Dr Martin — 04 00 00 00 00", text)
        self.assertIn("(rançongiciel : fichiers chiffrés et demande de rançon)", text)
        self.assertEqual(text_problems(text), [])


class PatientLetterPageTestCase(IncidentPagesTestCase):
    def test_the_letter_is_prefilled_printed_and_noted(self):
        self.declare_through_the_page(self.titulaire)
        incident = Incident.objects.get()
        client = self.client_for(self.titulaire)
        client.post(
            self.url("qualify", incident.pk),
            {
                "personal_data": "on",
                "risk": "eleve",
                "malicious": "on",
                "data_categories": "agenda",
            },
        )
        page = client.get(self.url("patient_letter", incident.pk))
        self.assertContains(page, "RGPD, art. 34(1) et 34(2)")
        self.assertContains(page, "agenda")
        response = client.post(
            self.url("patient_letter", incident.pk),
            {
                "what": "Un logiciel malveillant a bloqué nos ordinateurs.",
                "consequences": "Vos rendez-vous ont pu être vus.",
                "measures": "Nous avons porté plainte.",
                "contact": "Cabinet du Dr Martin, 01 23 45 67 89",
            },
        )
        text = pdf_text(response.content)
        self.assertIn("Un logiciel malveillant a bloqué nos ordinateurs.", text)
        self.assertIn("article 34", text)
        self.assertTrue(incident.timeline.filter(kind="document", text__contains="Lettre").exists())
        response = client.post(self.url("patient_letter", incident.pk), {"what": ""})
        self.assertContains(response, "obligatoire", status_code=400)
