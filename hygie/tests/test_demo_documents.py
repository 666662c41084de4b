"""Every document the demo practice can produce, downloaded as its titulaire and
read back as the patient, the insurer or the CNIL inspector who receives it."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from django.test import Client, TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from hygie.accounts.models import User
from hygie.diagnostic import discovery
from hygie.diagnostic.models import Assessment
from hygie.front.demo import ORG_ADDRESS, PEOPLE, create_demo
from hygie.incidents import actions as incident_actions
from hygie.incidents import demo as incidents_demo
from hygie.incidents.models import Incident
from hygie.orgs.models import Organisation
from hygie.rights import actions as rights_actions
from hygie.rights.models import PatientRequest
from hygie.tests.readback import pdf_text, spreadsheet_text, text_problems

# What each prepared document's form needs that the practice types in.
TYPED = {
    "contact": "Dr Claire Martin, 04 00 00 00 00, claire.martin@cabinet-martin.example",
    "consequences": "Aucune conséquence connue à ce jour : les coordonnées bancaires "
    "n'ont pas été saisies.",
    "measures": "Le poste a été déconnecté du réseau et les mots de passe changés.",
    "evidence": "Le message reçu et une capture d'écran de la page ouverte.",
}
LETTERS = ("accuse", "identite", "reponse", "prolongation", "refus")
# Documents for anyone, made without an organisation: no letterhead.
PUBLIC = ("diagnostic découverte",)


@override_settings(PREPARE_DOCUMENTS=False)
class DemoDocumentsTestCase(TestCase):
    read: dict[str, str] | None = None

    @classmethod
    def setUpTestData(cls):
        with tempfile.TemporaryDirectory() as data_dir, override_settings(DATA_DIR=Path(data_dir)):
            create_demo()
        cls.org = Organisation.objects.get(is_demo=True, name="Cabinet du Dr Martin")
        cls.owner = User.objects.get(email=PEOPLE[0][1])
        secretary = User.objects.get(email=PEOPLE[1][1])
        # A request extended, then refused: the two letters the demo lacks.
        refused = rights_actions.log(
            cls.org,
            {
                "received_at": timezone.now() - timedelta(days=5),
                "channel": "courrier",
                "right": "effacement",
                "requester_kind": "patient",
                "requester_name": "Louise Exemple",
                "requester_contact": "3 avenue des Roses, 69006 Lyon",
            },
            actor=secretary,
        )
        rights_actions.extend(
            refused, "Dossiers papier archivés hors du cabinet à consulter.", actor=cls.owner
        )
        rights_actions.refuse(
            refused,
            ground="conservation",
            detail="",
            at=timezone.now() - timedelta(hours=1),
            actor=cls.owner,
        )
        # A copy of the demo's incident, qualified as a breach and closed.
        incidents_demo.create(cls.org, secretary)
        cls.closed = Incident.objects.filter(org=cls.org).latest("pk")
        incident_actions.qualify(
            cls.closed,
            {"personal_data": True, "data_categories": "Coordonnées des patients", "persons": 40},
            actor=cls.owner,
        )
        incident_actions.close(
            cls.closed,
            "Former l'équipe à vérifier l'expéditeur des messages.",
            unmet_reason="Notification faite par le DPO du groupement.",
            actor=cls.owner,
        )

    def setUp(self):
        self.client = Client()
        self.client.force_login(self.owner)

    def url(self, name: str, **kwargs) -> str:
        return reverse(name, kwargs={"code": self.org.code, **kwargs})

    def pdf(self, response) -> str:
        self.assertEqual(response.status_code, 200, response.content[:300])
        self.assertEqual(response["Content-Type"], "application/pdf")
        return pdf_text(response.content)

    def get(self, name: str, *args) -> Callable[[], str]:
        return lambda: self.pdf(self.client.get(reverse(name, args=[self.org.code, *args])))

    def prepared(self, name: str, incident: Incident) -> Callable[[], str]:
        """A document prefilled from the incident: its form sent as prefilled,
        with what the practice types in where the form asks for it."""

        def fetch() -> str:
            url = reverse(name, args=[self.org.code, incident.pk])
            form = self.client.get(url).context["form"]
            data = {}
            for field in form:
                value = field.value()
                if field.field.required and not value:
                    value = TYPED.get(field.name, "Texte saisi par le cabinet.")
                data[field.name] = "" if value is None else value
            return self.pdf(self.client.post(url, data))

        return fetch

    def letters(self) -> dict[str, Callable[[], str]]:
        """Each of the five letters, from a request in the state that allows it."""
        found = {}
        for patient_request in PatientRequest.objects.filter(org=self.org).order_by("pk"):
            for kind in LETTERS:
                url = reverse("rights:letter", args=[self.org.code, patient_request.pk, kind])
                if kind not in found and self.client.post(url).status_code == 200:
                    found[kind] = lambda url=url: self.pdf(self.client.post(url))
        self.assertEqual(sorted(found), sorted(LETTERS))
        return {f"courrier « {kind} »": fetch for kind, fetch in found.items()}

    def documents(self) -> dict[str, Callable[[], str]]:
        demo_incident = Incident.objects.filter(org=self.org).earliest("pk")
        assessment = Assessment.objects.filter(org=self.org).latest("pk")
        return {
            "registre (PDF)": self.get("register:export", "registre", "pdf"),
            "notice d'information": self.get("register:notice", "notice"),
            "affiche A4": self.get("register:notice", "affiche-a4"),
            "affiche A3": self.get("register:notice", "affiche-a3"),
            **self.letters(),
            "brouillon de notification CNIL": self.prepared("incidents:cnil_draft", demo_incident),
            "mémo pour la plainte": self.prepared("incidents:complaint_memo", demo_incident),
            "lettre aux personnes concernées": self.prepared(
                "incidents:patient_letter", demo_incident
            ),
            "registre des violations": self.get("incidents:register_export", "pdf"),
            "rapport de clôture": self.get("incidents:closing_report", self.closed.pk),
            "rapport du diagnostic": self.get("diagnostic:report", assessment.pk),
            "fiche réflexe": self.get("diagnostic:reflex_sheet"),
            **{
                f"questionnaire fournisseur n° {n}": self.get("register:questionnaire_pdf", n)
                for n in (1, 2, 3, 4)
            },
            "échéances": self.get("deadlines:export", "pdf"),
            "journal": self.get("journal:export", "pdf"),
            "diagnostic découverte": self.discovery,
        }

    def discovery(self) -> str:
        """The public découverte's PDF, as a visitor downloads it: every
        measure answered « Non », so that its first actions cite their sources."""
        answers = {}
        for m in discovery.catalogue().measures:
            worst = min((o for o in m.options if o.value is not None), key=lambda o: o.value)
            answers[f"m-{m.key}"] = worst.key
        return self.pdf(Client().post(reverse("diagnostic:discovery_pdf"), answers))

    def texts(self) -> dict[str, str]:
        """Each document's text, laid out once for the tests of this case."""
        if DemoDocumentsTestCase.read is None:
            DemoDocumentsTestCase.read = {name: f() for name, f in self.documents().items()}
        return DemoDocumentsTestCase.read

    def test_every_document_of_the_demo_reads_as_a_finished_document(self):
        for name, text in self.texts().items():
            with self.subTest(name):
                self.assertEqual(text_problems(text), [])

    def test_every_export_of_the_register_reads_as_a_finished_table(self):
        for what in ("registre", "sous-traitants"):
            for fmt in ("xlsx", "ods"):
                with self.subTest(f"{what}.{fmt}"):
                    response = self.client.get(self.url("register:export", what=what, fmt=fmt))
                    self.assertEqual(response.status_code, 200)
                    text = spreadsheet_text(response.content)
                    self.assertIn("Hébergeur du logiciel de cabinet", text)
                    self.assertEqual(text_problems(text), [])

    def test_the_website_text_reads_as_a_finished_text(self):
        page = self.client.get(reverse("register:website", args=[self.org.code]))
        self.assertEqual(text_problems(page.context["text"]), [])

    def test_every_document_carries_the_practice_s_name_and_postal_address(self):
        lines = [self.org.name, *ORG_ADDRESS.splitlines()]
        for name, text in self.texts().items():
            if name in PUBLIC:
                continue
            with self.subTest(name):
                missing = [line for line in lines if line not in text]
                self.assertEqual(missing, [], f"{name} : {text[:300]}…")

    def test_a_source_to_check_is_marked_and_said_once_in_a_footnote(self):
        texts = self.texts()
        for name in ("rapport du diagnostic", "diagnostic découverte"):
            with self.subTest(name):
                text = texts[name]
                self.assertNotIn("[texte non vérifié]", text)
                self.assertIn("est à vérifier dans sa version officielle", text)
                # The mémento is cited for several measures: marked each time,
                # its note given once.
                mark = re.search(r"Mémento de sécurité informatique [^¹²³⁴⁵]*([¹²³⁴⁵])", text)
                self.assertIsNotNone(mark)
                note = f"{mark.group(1)} La grille détaillée de l'ANS n'est pas reprise ici"
                self.assertEqual(text.count(note), 1)
