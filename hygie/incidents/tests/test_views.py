"""Declaring an incident and following it, by persona."""

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hygie.incidents.models import Incident, TimelineEntry
from hygie.tests.base import BaseTestCase


class IncidentPagesTestCase(BaseTestCase):
    def url(self, name, *args):
        return reverse(f"incidents:{name}", args=[self.org.code, *args])

    def client_for(self, user):
        client = Client()
        client.force_login(user)
        return client

    def declare(self, user, **data):
        now = timezone.localtime()
        form = {
            "kind": "rancongiciel",
            "discovered_date": now.date().isoformat(),
            "discovered_time": now.strftime("%H:%M"),
            "description": "Écran bloqué, message en anglais.",
            **data,
        }
        return self.client_for(user).post(self.url("declare"), form)

    def test_the_secretary_declares_and_sees_the_reflexes(self):
        response = self.declare(self.secretaire)
        incident = Incident.objects.get()
        self.assertRedirects(response, self.url("detail", incident.pk))
        page = self.client_for(self.secretaire).get(self.url("detail", incident.pk))
        self.assertContains(page, "Les réflexes, dans l")
        self.assertContains(page, "dmp.fr")
        # The obligations are for the titulaire, praticiens and referent.
        self.assertNotContains(page, "Obligations et délais")
        page = self.client_for(self.titulaire).get(self.url("detail", incident.pk))
        self.assertContains(page, "Notifier la violation à la CNIL")
        self.assertContains(page, "L12-10-1")

    def test_the_clocks_count_down_and_the_contacts_are_at_hand(self):
        from hygie.orgs.models import Contacts

        Contacts.objects.create(
            org=self.org, prestataire="Info Santé 33", prestataire_tel="05 56 00 00 00"
        )
        self.declare(self.titulaire)
        incident = Incident.objects.get()
        page = self.client_for(self.titulaire).get(self.url("detail", incident.pk))
        due = timezone.localtime(incident.discovered_at + timezone.timedelta(hours=72))
        self.assertContains(page, f'data-countdown datetime="{due.isoformat()}"', count=2)
        self.assertContains(page, "Info Santé 33")
        self.assertContains(page, 'href="tel:0556000000"')
        self.assertContains(page, "cybermalveillance.gouv.fr")
        self.assertContains(page, "CERT Santé")
        # A cabinet's report on the signalement portal is voluntary, and said so.
        self.assertContains(page, "Facultatif pour un cabinet")

    def test_a_discovery_in_the_future_is_refused(self):
        tomorrow = timezone.localdate() + timezone.timedelta(days=1)
        response = self.declare(self.titulaire, discovered_date=tomorrow.isoformat())
        self.assertContains(response, "ne peut pas être dans le futur", status_code=400)
        self.assertFalse(Incident.objects.exists())

    def test_ticking_a_reflex_records_its_time(self):
        self.declare(self.titulaire)
        incident = Incident.objects.get()
        client = self.client_for(self.praticien)
        client.post(self.url("tick", incident.pk), {"reflexe": "laisser-allume"})
        entry = TimelineEntry.objects.get(reflex="laisser-allume")
        self.assertEqual(entry.author, self.praticien)
        self.assertContains(client.get(self.url("detail", incident.pk)), "fait")

    def test_qualifying_a_high_risk_calls_for_informing_the_persons(self):
        self.declare(self.titulaire)
        incident = Incident.objects.get()
        client = self.client_for(self.referent)
        response = client.post(
            self.url("qualify", incident.pk),
            {
                "personal_data": "on",
                "risk": "eleve",
                "malicious": "on",
                "data_categories": "Dossiers",
            },
        )
        self.assertRedirects(response, self.url("detail", incident.pk))
        self.assertContains(
            client.get(self.url("detail", incident.pk)), "Informer les personnes concernées"
        )
        self.assertEqual(
            self.client_for(self.secretaire).get(self.url("qualify", incident.pk)).status_code, 403
        )

    def test_others_incidents_are_hidden(self):
        self.declare(self.titulaire)
        incident = Incident.objects.get()
        self.assertEqual(
            self.client_for(self.secretaire).get(self.url("detail", incident.pk)).status_code, 404
        )
        self.assertNotContains(
            self.client_for(self.secretaire).get(self.url("list")), str(incident)
        )
        self.assertEqual(
            self.client_for(self.outsider).get(self.url("detail", incident.pk)).status_code, 404
        )

    def test_every_organisation_page_offers_to_report_one(self):
        page = self.client_for(self.secretaire).get(reverse("orgs:home", args=[self.org.code]))
        self.assertContains(page, self.url("declare"))


class CnilDraftTestCase(IncidentPagesTestCase):
    def test_prefilled_edited_printed_and_noted(self):
        import io

        from pypdf import PdfReader

        self.declare(self.titulaire)
        incident = Incident.objects.get()
        client = self.client_for(self.titulaire)
        client.post(self.url("tick", incident.pk), {"reflexe": "laisser-allume"})
        page = client.get(self.url("cnil_draft", incident.pk))
        self.assertContains(page, "Écran bloqué")  # the description, prefilled
        self.assertEqual(page.context["form"].initial["measures"].count("- "), 1)
        response = client.post(
            self.url("cnil_draft", incident.pk),
            {
                "nature": "Rançongiciel sur le poste d'accueil.",
                "contact": "Dr Claire Martin, 01 23 45 67 89",
                "consequences": "Agenda indisponible deux jours.",
                "measures": "Poste isolé, prestataire appelé.",
            },
        )
        self.assertEqual(response["Content-Type"], "application/pdf")
        text = " ".join(PdfReader(io.BytesIO(response.content)).pages[0].extract_text().split())
        self.assertIn("Rançongiciel sur le poste d'accueil.", text)
        self.assertIn("article 33(3)", text)
        self.assertTrue(incident.timeline.filter(kind="document").exists())

    def test_missing_content_is_named(self):
        self.declare(self.titulaire)
        incident = Incident.objects.get()
        response = self.client_for(self.titulaire).post(
            self.url("cnil_draft", incident.pk), {"nature": ""}
        )
        self.assertContains(response, "Ce champ est obligatoire", status_code=400)
        self.assertFalse(incident.timeline.filter(kind="document").exists())


class BreachRegisterTestCase(IncidentPagesTestCase):
    def test_every_breach_notified_or_not_with_exports(self):
        self.declare(self.titulaire)  # ransomware: personal data likely
        self.declare(self.titulaire, kind="indisponibilite")  # no personal data
        breach, outage = Incident.objects.order_by("pk")
        client = self.client_for(self.titulaire)
        client.post(
            self.url("qualify", breach.pk),
            {"personal_data": "on", "risk": "aucun", "data_categories": "Agenda", "persons": "40"},
        )
        page = client.get(self.url("register"))
        self.assertContains(page, "Agenda")
        self.assertContains(page, "Non requise")  # not notified (no risk), still registered
        self.assertNotContains(page, self.url("detail", outage.pk))
        csv = client.get(self.url("register_export", "csv")).content.decode("utf-8-sig")
        self.assertIn("Agenda", csv)
        self.assertEqual(len([line for line in csv.splitlines() if line.strip()]), 2)
        pdf = client.get(self.url("register_export", "pdf"))
        self.assertEqual(pdf["Content-Type"], "application/pdf")

    def test_the_titulaire_states_the_retention_and_its_ground(self):
        client = self.client_for(self.titulaire)
        response = client.post(
            self.url("register"),
            {"retention": "5 ans après la clôture", "ground": "Preuve en cas de contrôle."},
        )
        self.assertRedirects(response, self.url("register"))
        self.assertContains(client.get(self.url("register")), "5 ans après la clôture")
        self.assertEqual(
            self.client_for(self.praticien)
            .post(self.url("register"), {"retention": "1 an", "ground": "x"})
            .status_code,
            403,
        )
        self.assertContains(
            client.post(self.url("register"), {"retention": "", "ground": ""}),
            "obligatoire",
            status_code=400,
        )


class ComplaintMemoTestCase(IncidentPagesTestCase):
    def test_prefilled_printed_with_the_timeline_and_noted(self):
        import io

        from pypdf import PdfReader

        self.declare(self.titulaire)
        incident = Incident.objects.get()
        client = self.client_for(self.titulaire)
        page = client.get(self.url("complaint_memo", incident.pk))
        self.assertContains(page, "L12-10-1")
        self.assertContains(page, "Écran bloqué")
        response = client.post(
            self.url("complaint_memo", incident.pk),
            {
                "facts": "Rançon affichée à 8 h.",
                "evidence": "Poste laissé allumé, photo de l'écran.",
            },
        )
        self.assertEqual(response["Content-Type"], "application/pdf")
        text = " ".join(
            " ".join(
                p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages
            ).split()
        )
        self.assertIn("Rançon affichée à 8 h.", text)
        self.assertIn("pre-plainte-en-ligne.gouv.fr", text)
        self.assertIn("mandat daté et signé", text)
        self.assertIn("Déclaration", text)  # the timeline
        self.assertTrue(
            incident.timeline.filter(kind="document", text__contains="plainte").exists()
        )


class PatientLetterTestCase(IncidentPagesTestCase):
    def test_prefilled_printed_and_noted(self):
        import io

        from pypdf import PdfReader

        self.declare(self.titulaire)
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
        text = " ".join(
            " ".join(
                p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages
            ).split()
        )
        self.assertIn("Un logiciel malveillant a bloqué nos ordinateurs.", text)
        self.assertIn("article 34", text)
        self.assertTrue(incident.timeline.filter(kind="document", text__contains="Lettre").exists())
        response = client.post(self.url("patient_letter", incident.pk), {"what": ""})
        self.assertContains(response, "obligatoire", status_code=400)


class CloseTestCase(IncidentPagesTestCase):
    def test_closing_cancels_the_clocks_and_gives_a_report(self):
        import io

        from pypdf import PdfReader

        from hygie.deadlines.models import Deadline

        self.declare(self.titulaire)
        incident = Incident.objects.get()
        client = self.client_for(self.titulaire)
        self.assertEqual(client.get(self.url("closing_report", incident.pk)).status_code, 404)
        self.assertContains(
            client.post(self.url("close", incident.pk), {"lessons": ""}),
            "obligatoire",
            status_code=400,
        )
        # The CNIL and the complaint are still to do: closing says so on purpose.
        response = client.post(
            self.url("close", incident.pk),
            {
                "lessons": "Sauvegarde débranchée chaque soir.",
                "confirm_unmet": "on",
                "unmet_reason": "Déclaré pour l'exercice : aucune donnée touchée.",
            },
        )
        self.assertRedirects(response, self.url("detail", incident.pk))
        incident.refresh_from_db()
        self.assertEqual(incident.status, "closed")
        self.assertFalse(Deadline.objects.open().filter(subject_id=str(incident.pk)).exists())
        pdf = client.get(self.url("closing_report", incident.pk))
        text = " ".join(
            " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages).split()
        )
        self.assertIn("Sauvegarde débranchée chaque soir.", text)
        self.assertIn("L12-10-1", text)

    def test_lessons_become_actions_of_the_diagnostics_plan(self):
        from hygie.diagnostic import actions as diagnostic
        from hygie.diagnostic.models import Action, ActionStatus
        from hygie.diagnostic.tests.base import COMPLETE_PROFILE, answer_all, best

        self.declare(self.titulaire)
        incident = Incident.objects.get()
        client = self.client_for(self.titulaire)
        # Without a diagnostic there is no plan: the page says so, nothing is added.
        self.assertContains(client.get(self.url("close", incident.pk)), "pas encore de diagnostic")
        self.assertNotContains(client.get(self.url("close", incident.pk)), 'name="measures"')

        # A diagnostic where every measure is in place: the plan is empty.
        assessment = diagnostic.start(self.org, actor=self.titulaire)
        diagnostic.save_profile(assessment, COMPLETE_PROFILE, actor=self.titulaire)
        answer_all(assessment, best, actor=self.titulaire)
        diagnostic.complete(assessment, actor=self.titulaire)
        done = Action.objects.create(
            org=self.org, measure="restauration-testee", title="x", theme="sauvegardes",
            status=ActionStatus.DONE,
        )  # fmt: skip

        page = client.get(self.url("close", incident.pk))
        # A ransomware calls to review the backups: ticked in advance.
        self.assertContains(page, 'value="sauvegarde-deconnectee"')
        self.assertContains(page, "checked")
        response = client.post(
            self.url("close", incident.pk),
            {
                "lessons": "La sauvegarde était branchée en permanence.",
                "measures": ["sauvegarde-deconnectee", "restauration-testee"],
                "other_measure": "mdp-gestionnaire",
                "confirm_unmet": "on",
                "unmet_reason": "Plainte et notification faites par le prestataire.",
            },
        )
        self.assertRedirects(response, self.url("detail", incident.pk))
        plan = {a.measure: a for a in Action.objects.filter(org=self.org)}
        self.assertEqual(
            set(plan), {"sauvegarde-deconnectee", "restauration-testee", "mdp-gestionnaire"}
        )
        for action in plan.values():
            with self.subTest(action.measure):
                self.assertEqual(action.status, ActionStatus.TODO)
                self.assertIn(f"incident n° {incident.pk}", action.note)
        # The closed action is reopened, not duplicated.
        self.assertEqual(plan["restauration-testee"].pk, done.pk)
        self.assertTrue(
            incident.timeline.filter(text__startswith="Ajouté au plan d'action").exists()
        )
        # An unknown measure is refused, and nothing is closed.
        self.declare(self.titulaire)
        other = Incident.objects.latest("pk")
        response = client.post(
            self.url("close", other.pk),
            {
                "lessons": "x",
                "other_measure": "inconnue",
                "confirm_unmet": "on",
                "unmet_reason": "x",
            },
        )
        self.assertEqual(response.status_code, 400)
        other.refresh_from_db()
        self.assertEqual(other.status, "open")


class TimelineIsAppendOnlyTestCase(IncidentPagesTestCase):
    """No view or admin page can change or remove a timeline entry."""

    def test_no_admin_page_changes_the_timeline(self):
        from django.contrib import admin

        model_admin = admin.site._registry.get(TimelineEntry)
        if model_admin is not None:
            request = type("R", (), {"user": self.titulaire})()
            self.assertFalse(model_admin.has_change_permission(request))
            self.assertFalse(model_admin.has_delete_permission(request))

    def test_posting_an_entrys_fields_to_every_page_changes_nothing(self):
        from hygie.incidents.urls import urlpatterns

        self.declare(self.titulaire)
        incident = Incident.objects.get()
        client = self.client_for(self.titulaire)
        client.post(self.url("tick", incident.pk), {"reflexe": "laisser-allume"})
        before = list(TimelineEntry.objects.order_by("pk").values())
        hostile = {
            "id": before[0]["id"],
            "pk": before[0]["id"],
            "entry": before[0]["id"],
            "corrects": before[0]["id"],
            "text": "falsifié",
            "at": "2000-01-01T00:00",
            "kind": "correction",
            "author": self.outsider.pk,
            "reflexe": "laisser-allume",
            "lessons": "x",
        }
        for pattern in urlpatterns:
            kwargs = {"code": self.org.code}
            if "<int:pk>" in str(pattern.pattern):
                kwargs["pk"] = incident.pk
            if "fmt" in str(pattern.pattern):
                kwargs["fmt"] = "csv"
            if "<slug:key>" in str(pattern.pattern):
                kwargs["key"] = "cnil"
            if "<int:number>" in str(pattern.pattern):
                kwargs["number"] = 1
            url = reverse(f"incidents:{pattern.name}", kwargs=kwargs)
            with self.subTest(url):
                self.assertLess(client.post(url, hostile).status_code, 500)
        after = {e["id"]: e for e in TimelineEntry.objects.values()}
        for entry in before:
            with self.subTest(entry=entry["id"]):
                self.assertEqual(after[entry["id"]], entry)
        # What the posts added are new entries; the old ones are untouched.
        self.assertGreater(len(after), len(before))
