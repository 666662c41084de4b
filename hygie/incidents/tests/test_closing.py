"""The breach register's obligation is met by Hygie's own register, and an
incident is closed with a required obligation unmet only on purpose, with a
reason that the timeline and the closing report keep. Closed from its page, it
cancels its clocks, gives its closing report and adds its lessons to the
diagnostic's plan."""

from __future__ import annotations

from datetime import timedelta

from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from hygie.deadlines.models import Deadline
from hygie.diagnostic import actions as diagnostic
from hygie.diagnostic.models import PlanItem, PlanItemStatus
from hygie.diagnostic.tests.base import COMPLETE_PROFILE, answer_all, best
from hygie.incidents import actions
from hygie.incidents.models import EntryKind, Incident, Status
from hygie.incidents.tests.base import IncidentPagesTestCase
from hygie.journal.models import Entry
from hygie.law.incident import Risk, State
from hygie.tests.base import BaseTestCase
from hygie.tests.readback import pdf_text

REGISTERED = "Inscrite au registre des violations d'Hygie"
REASON = "Notification faite par le DPO du groupement, hors d'Hygie."


def local(moment) -> str:
    return f"{timezone.localtime(moment):%d/%m/%Y à %H:%M}"


class ClosingBase(BaseTestCase):
    def setUp(self):
        self.aware = (timezone.now() - timedelta(hours=30)).replace(second=0, microsecond=0)
        self.client = Client()
        self.client.force_login(self.titulaire)

    def declare(self, kind: str = "rancongiciel") -> Incident:
        return actions.declare(self.org, kind=kind, discovered_at=self.aware, actor=self.titulaire)

    def url(self, name: str, *args) -> str:
        return reverse(f"incidents:{name}", args=[self.org.code, *args])

    def report(self, incident: Incident) -> str:
        return pdf_text(self.client.get(self.url("closing_report", incident.pk)).content)


class BreachRegisterTestCase(ClosingBase):
    """RGPD art. 33(5): Hygie's breach register lists every incident with personal data."""

    def test_a_breach_declared_is_in_hygies_register_and_its_obligation_done(self):
        incident = self.declare()  # a ransomware: personal data likely
        duty = incident.duty("registre")
        self.assertEqual(duty.state, State.DONE)
        self.assertEqual(duty.standing.done_at, incident.listed_at)
        self.assertEqual(duty.summary(), f"{REGISTERED} le {local(incident.listed_at)}")
        page = self.client.get(self.url("detail", incident.pk))
        self.assertContains(page, escape(f"{REGISTERED} le {local(incident.listed_at)}"))
        self.assertContains(page, self.url("register"))

    def test_personal_data_found_later_lists_it_from_then(self):
        incident = self.declare("indisponibilite")  # no personal data at first
        self.assertIsNone(incident.listed_at)
        self.assertEqual(incident.duty("registre").state, State.NOT_REQUIRED)
        before = timezone.now()
        actions.qualify(incident, {"personal_data": True}, actor=self.titulaire)
        incident.refresh_from_db()
        self.assertGreaterEqual(incident.listed_at, before)
        self.assertEqual(incident.duty("registre").state, State.DONE)
        # Out of the register, then back: listed again from then.
        actions.qualify(incident, {"personal_data": False}, actor=self.titulaire)
        incident.refresh_from_db()
        self.assertIsNone(incident.listed_at)

    def test_the_closing_report_says_it_is_in_hygies_register(self):
        incident = self.declare("erreur-destinataire")
        actions.qualify(incident, {"risk": Risk.NONE}, actor=self.titulaire)
        actions.close(incident, "Vérifier le destinataire.", actor=self.titulaire)
        text = self.report(incident)
        self.assertIn(f"{REGISTERED} le {local(incident.listed_at)}", text)
        self.assertNotIn("non fait", text)


class UnmetObligationsTestCase(ClosingBase):
    def setUp(self):
        super().setUp()
        self.incident = self.declare()  # CNIL and complaint required, not met

    def test_closing_with_unmet_obligations_and_no_reason_is_refused_and_writes_nothing(self):
        entries, journal = self.incident.timeline.count(), Entry.objects.count()
        with self.assertRaises(actions.CloseRefused) as refused:
            actions.close(self.incident, "Leçons.", actor=self.titulaire)
        self.assertIn("Notifier la violation à la CNIL", str(refused.exception))
        self.assertIn("Déposer plainte", str(refused.exception))
        incident = Incident.objects.get(pk=self.incident.pk)
        self.assertEqual(incident.status, Status.OPEN)
        self.assertEqual(incident.timeline.count(), entries)
        self.assertEqual(Entry.objects.count(), journal)
        self.assertTrue(Deadline.objects.open().filter(subject_id=str(incident.pk)).exists())

    def test_closing_with_a_reason_keeps_it_in_the_timeline_and_the_report(self):
        actions.close(self.incident, "Leçons.", unmet_reason=REASON, actor=self.titulaire)
        incident = Incident.objects.get(pk=self.incident.pk)
        self.assertEqual(incident.status, Status.CLOSED)
        closed = incident.timeline.get(kind=EntryKind.CLOSED).text
        self.assertIn("Notifier la violation à la CNIL", closed)
        self.assertIn(f"Motif : {REASON}", closed)
        text = self.report(incident)
        self.assertIn("Clos sans que ces obligations soient remplies", text)
        self.assertIn(REASON, text)

    def test_the_close_page_lists_them_and_asks_for_a_confirmation_and_a_reason(self):
        page = self.client.get(self.url("close", self.incident.pk))
        self.assertContains(page, "Obligations non remplies")
        self.assertContains(page, "Notifier la violation à la CNIL")
        self.assertContains(page, 'name="confirm_unmet"')
        self.assertContains(page, 'name="unmet_reason"')
        self.assertNotContains(page, "Inscrire la violation au registre des violations</")

    def test_without_the_confirmation_the_close_is_refused_in_french(self):
        response = self.client.post(self.url("close", self.incident.pk), {"lessons": "Leçons."})
        self.assertContains(response, "Cochez la case", status_code=400)
        self.assertContains(response, "motif", status_code=400)
        self.assertEqual(Incident.objects.get(pk=self.incident.pk).status, Status.OPEN)
        self.assertFalse(self.incident.timeline.filter(kind=EntryKind.CLOSED).exists())

    def test_with_the_confirmation_and_a_reason_it_is_closed(self):
        response = self.client.post(
            self.url("close", self.incident.pk),
            {"lessons": "Leçons.", "confirm_unmet": "on", "unmet_reason": REASON},
        )
        self.assertRedirects(response, self.url("detail", self.incident.pk))
        self.assertEqual(Incident.objects.get(pk=self.incident.pk).status, Status.CLOSED)

    def test_once_every_required_obligation_is_met_nothing_more_is_asked(self):
        incident = self.declare("indisponibilite")  # no attack, no personal data
        page = self.client.get(self.url("close", incident.pk))
        self.assertNotContains(page, 'name="confirm_unmet"')
        response = self.client.post(self.url("close", incident.pk), {"lessons": "Onduleur."})
        self.assertRedirects(response, self.url("detail", incident.pk))


class ClosePageTestCase(IncidentPagesTestCase):
    def test_closing_cancels_the_clocks_and_gives_a_report(self):
        self.declare_through_the_page(self.titulaire)
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
        text = pdf_text(pdf.content)
        self.assertIn("Sauvegarde débranchée chaque soir.", text)
        self.assertIn("L12-10-1", text)

    def test_lessons_become_actions_of_the_diagnostics_plan(self):
        self.declare_through_the_page(self.titulaire)
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
        done = PlanItem.objects.create(
            org=self.org, measure="restauration-testee", title="x", theme="sauvegardes",
            status=PlanItemStatus.DONE,
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
        plan = {plan_item.measure: plan_item for plan_item in PlanItem.objects.filter(org=self.org)}
        self.assertEqual(
            set(plan), {"sauvegarde-deconnectee", "restauration-testee", "mdp-gestionnaire"}
        )
        for plan_item in plan.values():
            with self.subTest(plan_item.measure):
                self.assertEqual(plan_item.status, PlanItemStatus.TODO)
                self.assertIn(f"incident n° {incident.pk}", plan_item.note)
        # The closed plan item is reopened, not duplicated.
        self.assertEqual(plan["restauration-testee"].pk, done.pk)
        self.assertTrue(
            incident.timeline.filter(text__startswith="Ajouté au plan d'action").exists()
        )
        # An unknown measure is refused, and nothing is closed.
        self.declare_through_the_page(self.titulaire)
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
