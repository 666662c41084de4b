"""The RGPD register, by persona: built from the templates, edited, versioned, exported."""

import io
import zipfile
from datetime import timedelta

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from hygie.deadlines.models import Deadline
from hygie.register import actions
from hygie.register.exports import PROCESSORS_HEADER, REGISTER_HEADER
from hygie.register.models import Processing, Processor, QuestionnaireRecord, Version
from hygie.tests.base import BaseTestCase
from hygie.tests.readback import pdf_text


class RegisterTestCase(BaseTestCase):
    def url(self, name, *args, **kwargs):
        if kwargs:
            return reverse(f"register:{name}", kwargs={"code": self.org.code, **kwargs})
        return reverse(f"register:{name}", args=[self.org.code, *args])

    def client_for(self, user):
        client = Client()
        client.force_login(user)
        return client

    def build(self, *chosen):
        return actions.start(
            self.org, list(chosen or ["dossier-patient", "rendez-vous"]), actor=self.titulaire
        )


class StartTestCase(RegisterTestCase):
    def test_the_templates_that_fit_are_proposed_and_created(self):
        client = self.client_for(self.titulaire)
        page = client.get(self.url("start"))
        # The core processings are proposed ticked; those needing something are not.
        self.assertContains(page, 'value="dossier-patient"')
        chosen = page.context["form"].fields["chosen"].initial
        self.assertIn("dossier-patient", chosen)
        self.assertNotIn("telemedecine", chosen)
        page = client.get(self.url("start") + "?needs=teleconsultation")
        self.assertIn("telemedecine", page.context["form"].fields["chosen"].initial)

        response = client.post(
            self.url("start"), {"chosen": ["dossier-patient", "facturation-teletransmission"]}
        )
        self.assertRedirects(response, self.url("home"))
        titles = list(Processing.objects.filter(org=self.org).values_list("template", flat=True))
        self.assertEqual(titles, ["dossier-patient", "facturation-teletransmission"])
        record = Processing.objects.get(template="dossier-patient")
        self.assertTrue(record.article9)
        self.assertTrue(record.security)
        self.assertEqual(record.retention[0]["active"], {"value": 5, "unit": "years"})
        self.assertEqual(Version.objects.get(org=self.org).number, 1)

        # What is missing is said: the controller's contact and the DPO decision.
        home = client.get(self.url("home"))
        self.assertContains(home, "Ce qui manque")
        self.assertContains(home, "(a)")
        self.assertContains(home, "5 ans en base active, puis 15 ans en archive")
        # The dates a record whose last care was on 3 March 2026 is archived and destroyed
        # (référentiel 2020-081: 5 years, then 15 more).
        dated = client.get(self.url("home") + "?depuis=2026-03-03")
        self.assertContains(dated, "archivé le 03/03/2031, destruction le 03/03/2046")
        # Each retention rule names its source; one to check says what to check, and where.
        self.assertContains(home, 'rel="noopener">Référentiel relatif à la gestion des cabinets')
        self.assertContains(
            home,
            '<span class="badge badge--unverified">texte non vérifié</span><span '
            'class="unverified__check"><span class="visually-hidden"> : </span>Les durées de '
            "conservation et les mesures citées",
        )

    def test_nothing_chosen_is_refused(self):
        response = self.client_for(self.titulaire).post(self.url("start"), {})
        self.assertContains(response, "Cochez au moins un traitement.", status_code=400)
        self.assertFalse(Processing.objects.exists())


class RolesTestCase(RegisterTestCase):
    def test_the_secretary_reads_only_her_processings(self):
        self.build("dossier-patient", "rendez-vous", "comptabilite-fournisseurs")
        ours = set(Processing.objects.filter(secretary=True).values_list("title", flat=True))
        others = set(Processing.objects.filter(secretary=False).values_list("title", flat=True))
        self.assertTrue(ours and others)
        page = self.client_for(self.secretaire).get(self.url("home"))
        for title in ours:
            self.assertContains(page, title)
        for title in others:
            self.assertNotContains(page, f">{title}<")
        hidden = Processing.objects.filter(secretary=False).first()
        self.assertEqual(
            self.client_for(self.secretaire)
            .get(self.url("processing_edit", hidden.pk))
            .status_code,
            403,
        )
        self.assertEqual(
            self.client_for(self.secretaire)
            .get(self.url("export", what="registre", fmt="xlsx"))
            .status_code,
            403,
        )

    def test_praticiens_read_titulaire_and_referent_edit(self):
        (record,) = self.build("dossier-patient")
        page = self.client_for(self.praticien).get(self.url("home"))
        self.assertContains(page, record.title)
        self.assertNotContains(page, self.url("processing_edit", record.pk))
        self.assertEqual(
            self.client_for(self.praticien).get(self.url("processing_edit", record.pk)).status_code,
            403,
        )
        self.assertEqual(
            self.client_for(self.referent).get(self.url("processing_edit", record.pk)).status_code,
            200,
        )
        self.assertEqual(self.client_for(self.outsider).get(self.url("home")).status_code, 404)


class EditingTestCase(RegisterTestCase):
    def form(self, processing, **changes):
        data = {
            "t-title": processing.title,
            "t-purposes": processing.purposes,
            "t-legal_basis": processing.legal_basis,
            "t-article9": processing.article9,
            "t-data_categories": processing.data_categories,
            "t-persons": processing.persons,
            "t-recipients": processing.recipients,
            "t-transfers": processing.transfers,
            "t-security": processing.security,
            "conservation-TOTAL_FORMS": str(len(processing.retention) + 1),
            "conservation-INITIAL_FORMS": str(len(processing.retention)),
            "conservation-MIN_NUM_FORMS": "0",
            "conservation-MAX_NUM_FORMS": "12",
        }
        for i, rule in enumerate(processing.retention):
            archive = rule.get("archive") or {}
            data.update(
                {
                    f"conservation-{i}-what": rule["what"],
                    f"conservation-{i}-active_value": rule["active"]["value"],
                    f"conservation-{i}-active_unit": rule["active"]["unit"],
                    f"conservation-{i}-archive_value": archive.get("value", ""),
                    f"conservation-{i}-archive_unit": archive.get("unit", "years"),
                    f"conservation-{i}-starts": rule["starts"],
                    f"conservation-{i}-fate": rule["fate"],
                }
            )
        data.update(changes)
        return data

    def test_a_change_is_versioned_and_the_past_can_be_shown(self):
        (record,) = self.build("dossier-patient")
        client = self.client_for(self.titulaire)
        first_text = record.retention[0]["what"]
        response = client.post(
            self.url("processing_edit", record.pk),
            self.form(
                record,
                **{
                    "t-title": "Dossiers des patients du cabinet",
                    "conservation-0-active_value": "6",
                },
            ),
        )
        self.assertRedirects(response, self.url("home"))
        record.refresh_from_db()
        self.assertEqual(record.title, "Dossiers des patients du cabinet")
        self.assertEqual(record.retention[0]["active"]["value"], 6)
        self.assertTrue(record.retention[0]["changed"])
        self.assertEqual(record.retention[0]["what"], first_text)
        versions = list(Version.objects.filter(org=self.org).order_by("number"))
        self.assertEqual([v.number for v in versions], [1, 2])
        # The first version still says what the register said then.
        Version.objects.filter(pk=versions[0].pk).update(at=timezone.now() - timedelta(days=10))
        day = (timezone.localtime() - timedelta(days=5)).date().isoformat()
        past = client.get(self.url("home") + f"?date={day}")
        self.assertContains(past, "version 1")
        self.assertNotContains(past, "Dossiers des patients du cabinet")
        self.assertContains(client.get(self.url("history")), "Traitement modifié")
        # Before the register existed: said, not an error.
        old = client.get(self.url("home") + "?date=2001-01-01", follow=True)
        self.assertContains(old, "existait pas encore le 01/01/2001")

    def test_a_changed_rule_keeps_what_the_form_does_not_show(self):
        (record,) = self.build("dossier-patient")
        i = next(i for i, r in enumerate(record.retention) if r.get("minors_until"))
        self.client_for(self.titulaire).post(
            self.url("processing_edit", record.pk),
            self.form(record, **{f"conservation-{i}-active_value": "6"}),
        )
        record.refresh_from_db()
        rule = record.retention[i]
        self.assertEqual((rule["active"]["value"], rule["changed"]), (6, True))
        self.assertEqual((rule["minors_until"], rule["verified"]), (28, False))
        page = self.client_for(self.titulaire).get(self.url("home"))
        self.assertContains(page, "règle non vérifiée")

    def test_a_rule_is_removed_or_added_and_the_untouched_one_kept_as_it_was(self):
        (record,) = self.build("dossier-patient")
        first, second = record.retention[:2]
        response = self.client_for(self.titulaire).post(
            self.url("processing_edit", record.pk),
            self.form(
                record,
                **{
                    "conservation-1-DELETE": "on",
                    f"conservation-{len(record.retention)}-what": "Photos des plaies",
                    f"conservation-{len(record.retention)}-active_value": "2",
                    f"conservation-{len(record.retention)}-active_unit": "years",
                    f"conservation-{len(record.retention)}-starts": "la fin des soins",
                    f"conservation-{len(record.retention)}-fate": "destruction",
                },
            ),
        )
        self.assertRedirects(response, self.url("home"))
        record.refresh_from_db()
        self.assertEqual(record.retention[0], first)
        self.assertNotIn(second, record.retention)
        added = record.retention[-1]
        self.assertEqual(added["what"], "Photos des plaies")
        self.assertEqual(added["note"], "Règle fixée par le cabinet.")
        self.assertEqual(len(record.retention), len([first, added]))

    def test_bad_input_is_refused_and_nothing_changes(self):
        (record,) = self.build("dossier-patient")
        client = self.client_for(self.titulaire)
        response = client.post(
            self.url("processing_edit", record.pk),
            self.form(record, **{"t-title": "", "conservation-0-active_value": "-3"}),
        )
        self.assertEqual(response.status_code, 400)
        record.refresh_from_db()
        self.assertEqual(record.retention[0]["active"]["value"], 5)
        self.assertEqual(Version.objects.filter(org=self.org).count(), 1)


class ProcessorsTestCase(RegisterTestCase):
    def test_an_hds_host_with_its_clauses_and_certificate_deadline(self):
        (record,) = self.build("dossier-patient")
        client = self.client_for(self.titulaire)
        until = (timezone.localdate() + timedelta(days=200)).isoformat()
        form = {
            "name": "Hébergeur Santé",
            "service": "Hébergement du logiciel de cabinet",
            "hds": "oui",
            "hds_until": until,
            "location": "eee",
            "processings": [record.pk],
            "clauses": ["instructions", "confidentialite", "securite"],
        }
        # HDS without its end date is refused.
        response = client.post(self.url("processor_new"), {**form, "hds_until": ""})
        self.assertContains(response, "fin de validité", status_code=400)
        self.assertRedirects(client.post(self.url("processor_new"), form), self.url("home"))
        processor = Processor.objects.get()
        self.assertEqual(sum(processor.clauses.values()), 3)
        deadline = Deadline.objects.get(key="hds")
        self.assertEqual(deadline.due_at.date().isoformat(), until)
        # Recalled a month and a week before it ends: time to renew a contract.
        before = sorted(
            deadline.due_at - r.send_at for r in deadline.reminders.filter(kind="before")
        )
        self.assertEqual(before, [timedelta(days=7), timedelta(days=30)])
        self.assertEqual(deadline.permission, "register.view")
        home = client.get(self.url("home"))
        self.assertContains(home, "contrat sans toutes les clauses")
        french = (timezone.localdate() + timedelta(days=200)).strftime("%d/%m/%Y")
        self.assertContains(home, f"jusqu'au {french}")
        self.assertNotContains(home, f"jusqu'au {until}")
        # Its end is no longer followed once it is no longer HDS.
        client.post(
            self.url("processor_edit", processor.pk), {**form, "hds": "non", "hds_until": ""}
        )
        self.assertEqual(Deadline.objects.get(key="hds").status, "cancelled")


class SnapshotTestCase(RegisterTestCase):
    def test_its_queries_do_not_grow_with_the_processors(self):
        (record,) = self.build("dossier-patient")

        def add(name):
            sent = QuestionnaireRecord.objects.create(
                org=self.org, questionnaire="hebergeur", provider=name
            )
            processor = Processor.objects.create(
                org=self.org, name=name, service="Hébergement", questionnaire=sent
            )
            processor.processings.set([record])

        add("Hébergeur A")
        with CaptureQueriesContext(connection) as one:
            actions.snapshot(self.org)
        add("Hébergeur B")
        add("Hébergeur C")
        with CaptureQueriesContext(connection) as three:
            data = actions.snapshot(self.org)
        self.assertEqual(len(three), len(one))
        self.assertEqual(
            data["processors"][2]["questionnaire"], "Hébergeur C — questionnaire hebergeur"
        )


class DpoTestCase(RegisterTestCase):
    def test_the_decision_and_its_reasons_are_kept(self):
        client = self.client_for(self.titulaire)
        response = client.post(
            self.url("dpo"),
            {"grouped": "1", "shared_system": "1", "patients_per_year": "12000"},
        )
        self.assertRedirects(response, self.url("home"))
        decision = self.org.dpo_decision
        self.assertTrue(decision.dpo_required and decision.aipd_required)
        self.assertIn("10000", decision.reasons.replace(" ", "").replace("\u202f", ""))
        self.assertEqual(
            self.client_for(self.praticien).post(self.url("dpo"), {"grouped": "0"}).status_code,
            403,
        )


class ExportsTestCase(RegisterTestCase):
    def test_the_register_reads_back_with_its_columns(self):
        self.build("dossier-patient", "rendez-vous")
        actions.save_processor(
            self.org,
            None,
            {"name": "Éditeur", "service": "Logiciel", "clauses": {"instructions": True}},
            actor=self.titulaire,
        )
        client = self.client_for(self.titulaire)
        sheet = load_workbook(
            io.BytesIO(client.get(self.url("export", what="registre", fmt="xlsx")).content)
        ).active
        rows = list(sheet.values)
        self.assertEqual(list(rows[0]), REGISTER_HEADER)
        self.assertEqual(len(rows), 3)
        self.assertIn("base active", rows[1][12] + rows[2][12])

        ods = client.get(self.url("export", what="sous-traitants", fmt="ods"))
        self.assertEqual(ods["Content-Type"], "application/vnd.oasis.opendocument.spreadsheet")
        content = zipfile.ZipFile(io.BytesIO(ods.content)).read("content.xml").decode()
        for heading in PROCESSORS_HEADER:
            self.assertIn(heading.replace("'", "&apos;"), content.replace("'", "&apos;"))
        self.assertIn("Éditeur", content)

        text = pdf_text(client.get(self.url("export", what="registre", fmt="pdf")).content)
        self.assertIn("Registre des activités de traitement", text)
        self.assertIn("Conservation (f)", text)

    def test_the_patients_documents(self):
        self.build("dossier-patient", "rendez-vous")
        client = self.client_for(self.secretaire)
        notice = pdf_text(client.get(self.url("notice", fmt="notice")).content)
        self.assertIn("réclamation", notice)
        self.assertIn("CNIL", notice)
        self.assertIn("15 ans en archive", notice)
        for fmt, width in (("affiche-a4", 595), ("affiche-a3", 842)):
            with self.subTest(fmt):
                reader = PdfReader(io.BytesIO(client.get(self.url("notice", fmt=fmt)).content))
                self.assertEqual(round(float(reader.pages[0].mediabox.width)), width)
                self.assertIn("Vos données au cabinet", reader.pages[0].extract_text())
        page = client.get(self.url("website"))
        self.assertContains(page, "www.cnil.fr")
        self.assertContains(page, "data-copy")
