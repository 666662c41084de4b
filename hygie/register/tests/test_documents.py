"""What the register's documents say, to a CNIL inspector and to patients: no
note meant for the practice, an unverified rule marked once by a footnote,
clear language for patients, the practice's address."""

import importlib
import io
import re
from datetime import date

from django.apps import apps
from openpyxl import load_workbook

from hygie.deadlines.models import Deadline
from hygie.journal.models import Entry
from hygie.register import actions
from hygie.register.exports import REGISTER_HEADER
from hygie.register.models import Controller, Hds, Processing
from hygie.register.tests.base import RegisterTestCase
from hygie.tests.readback import pdf_text, text_problems

ALL = [
    "rendez-vous",
    "dossier-patient",
    "facturation-teletransmission",
    "telemedecine",
    "echanges-professionnels",
    "echanges-patients",
    "gestion-personnel",
    "comptabilite-fournisseurs",
    "site-internet",
]
# A check written by the templates for the FSE copies (CSS R161-47).
FSE_CHECK = "une version antérieure de l'article R161-47 du code de la sécurité sociale"


class RegisterDocumentTestCase(RegisterTestCase):
    def register_pdf(self) -> str:
        client = self.client_for(self.titulaire)
        return pdf_text(client.get(self.url("export", what="registre", fmt="pdf")).content)

    def test_an_unverified_rule_is_marked_once_by_a_footnote_that_says_what_to_check(self):
        self.build(*ALL)
        text = self.register_pdf()
        self.assertEqual(text_problems(text), [])
        self.assertNotIn("non vérifiée", text)
        self.assertNotIn("non vérifié", text)
        # Each footnote is printed once, after the tables, with its sources.
        notes = text[text.index("Durées de conservation à confirmer") :]
        self.assertEqual(text.count(FSE_CHECK), 1)
        self.assertIn(FSE_CHECK, notes)
        self.assertRegex(
            notes, r"³ .*R161-47.*Sources : Code de la sécurité sociale, article R161-47"
        )
        # Rules that say the same thing share their footnote: fewer notes than rules.
        unverified = sum(
            1 for p in Processing.objects.all() for r in p.retention if r["verified"] is False
        )
        marks = re.findall(r"[¹²³⁴⁵⁶⁷⁸⁹⁰]+ ", notes)
        self.assertLess(len(marks), unverified)
        # A verified rule cites its source where it stands.
        self.assertIn("puis destruction. Source : Référentiel relatif à la gestion", text)

    def test_no_instruction_meant_for_the_practice_reaches_a_document(self):
        self.build(*ALL)
        text = self.register_pdf()
        for instruction in ("notez ici", "Demandez à", "Vérifiez", "inscrivez"):
            self.assertNotIn(instruction, text)
        self.assertEqual(text.count("Aucun transfert hors de l'Union européenne n'est prévu."), 9)
        # The instruction is beside the field, in the editing screen.
        record = Processing.objects.get(template="dossier-patient")
        page = self.client_for(self.titulaire).get(self.url("processing_edit", record.pk))
        self.assertContains(page, "inscrivez dans ce champ tout transfert")
        # So is each rule's note.
        self.assertContains(page, "Hygie la propose par prudence")

    def test_the_spreadsheets_carry_the_same_footnotes(self):
        self.build("facturation-teletransmission")
        sheet = load_workbook(
            io.BytesIO(
                self.client_for(self.titulaire)
                .get(self.url("export", what="registre", fmt="xlsx"))
                .content
            )
        ).active
        header, row = list(sheet.values)
        self.assertEqual(list(header), REGISTER_HEADER)
        retention, notes = row[12], row[14]
        self.assertIn("puis destruction.¹", retention)
        self.assertIn("puis destruction.²", retention)
        self.assertNotIn("non vérifiée", retention)
        self.assertTrue(notes.startswith("¹ Durée tirée d'une source secondaire"))
        self.assertIn("\n² Aucun des textes cités ne fixe de durée propre à la facturation", notes)

    def test_a_register_made_before_takes_the_templates_current_explanations(self):
        (record,) = self.build("gestion-personnel")
        old = [dict(r, note="Article cité de mémoire, non relu.") for r in record.retention]
        for rule in old:
            rule.pop("check")
        Processing.objects.filter(pk=record.pk).update(retention=old)
        page = self.client_for(self.titulaire).get(self.url("home"))
        self.assertNotContains(page, "cité de mémoire")
        self.assertIn("L3243-4 du code du travail, dont le texte en vigueur", self.register_pdf())

    def test_the_register_s_templates_hold_no_internal_note(self):
        self.build(*ALL)
        for p in Processing.objects.all():
            texts = [p.transfers, *(r.get("note", "") + r.get("check", "") for r in p.retention)]
            for text in texts:
                with self.subTest(p.template, text=text[:40]):
                    self.assertEqual(text_problems(text), [])
                    self.assertNotRegex(text, r"(?i)de mémoire|non relu|notez")


class PatientsDocumentsTestCase(RegisterTestCase):
    def setUp(self):
        self.build(*ALL)
        self.client = self.client_for(self.secretaire)

    def test_the_notice_speaks_plainly_of_what_concerns_patients(self):
        text = pdf_text(self.client.get(self.url("notice", fmt="notice")).content)
        self.assertEqual(text_problems(text), [])
        body, references = text.split("Références :")
        # No article numbers in the text; the legal bases in one line at the end.
        self.assertNotRegex(body, r"art\. ?\d|\(\d\)\([a-z]\)")
        self.assertIn(
            "Dossier patient (dossier médical et administratif) : art. 6(1)(b)", references
        )
        self.assertIn("9(2)(h)", references)
        self.assertIn("Ces données sont nécessaires aux soins", body)
        self.assertIn("La loi oblige le cabinet à traiter ces données.", body)
        # Consent is the basis of the website's audience measurement: it can be withdrawn.
        self.assertIn("retirer à tout moment votre accord", body)
        # Only the processings that concern patients.
        self.assertIn("Télémédecine et télésoin", body)
        self.assertNotIn("Comptabilité et gestion des fournisseurs", body)
        self.assertNotIn("Gestion du personnel", body)
        self.assertIn("Vos données ne sont pas envoyées hors de l'Union européenne.", body)

    def test_the_poster_and_the_website_text_read_as_finished_texts(self):
        for fmt in ("affiche-a4", "affiche-a3"):
            with self.subTest(fmt):
                text = pdf_text(self.client.get(self.url("notice", fmt=fmt)).content)
                self.assertEqual(text_problems(text), [])
                self.assertIn("Échanges avec les patients (Mon espace santé, messages)", text)
                self.assertNotIn("Gestion du personnel", text)
        website = self.client.get(self.url("website")).context["text"]
        self.assertEqual(text_problems(website), [])
        body = website.split("Références :")[0]
        self.assertNotRegex(body, r"art\. ?\d")
        self.assertIn("- Dossier patient (dossier médical et administratif)\n", body)
        self.assertIn("Pour exercer vos droits, adressez-vous au cabinet.", body)


class AddressTestCase(RegisterTestCase):
    def test_the_controller_is_prefilled_with_the_practice_s_address(self):
        self.org.address = "12 rue des Tilleuls\n69003 Lyon"
        self.org.save()
        page = self.client_for(self.titulaire).get(self.url("controller"))
        self.assertEqual(page.context["form"]["address"].value(), "12 rue des Tilleuls, 69003 Lyon")
        self.build()
        self.assertEqual(
            Controller.objects.get(org=self.org).address, "12 rue des Tilleuls, 69003 Lyon"
        )

    def test_a_practice_without_an_address_takes_the_controller_s(self):
        self.build()
        self.client_for(self.titulaire).post(
            self.url("controller"),
            {"name": "Cabinet du Dr Martin", "address": "3 rue Victor Hugo, 97200 Fort-de-France"},
        )
        self.org.refresh_from_db()
        self.assertEqual(self.org.address, "3 rue Victor Hugo\n97200 Fort-de-France")
        entry = Entry.objects.filter(org_id=self.org.pk, action="org.settings_changed").get()
        self.assertEqual(entry.details, {"adresse postale": ["", self.org.address]})
        # An address the practice already has is never replaced.
        self.client_for(self.titulaire).post(
            self.url("controller"), {"name": "Cabinet du Dr Martin", "address": "Ailleurs"}
        )
        self.org.refresh_from_db()
        self.assertEqual(self.org.address, "3 rue Victor Hugo\n97200 Fort-de-France")

    def test_registers_made_before_lose_the_instruction_and_give_their_address(self):
        migration = importlib.import_module("hygie.register.migrations.0002_texts_fit_to_send")
        (record,) = self.build("rendez-vous")
        Processing.objects.filter(pk=record.pk).update(transfers=migration.OLD_TRANSFERS[3])
        Controller.objects.filter(org=self.org).update(address="1 place Bellecour, 69002 Lyon")
        migration.forwards(apps, None)
        record.refresh_from_db()
        self.assertEqual(
            record.transfers, "Aucun transfert hors de l'Union européenne n'est prévu."
        )
        self.org.refresh_from_db()
        self.assertEqual(self.org.address, "1 place Bellecour\n69002 Lyon")

    def test_the_end_of_a_certificate_names_its_processor_as_french_writes_it(self):
        actions.save_processor(
            self.org,
            None,
            {
                "name": "Hébergeur Santé",
                "service": "Hébergement",
                "hds": Hds.YES,
                "hds_until": date(2027, 6, 1),
            },
            actor=self.titulaire,
        )
        deadline = Deadline.objects.get(org=self.org)
        self.assertEqual(deadline.title, "Fin du certificat HDS d'Hébergeur Santé")
