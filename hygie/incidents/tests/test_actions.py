"""Declaring an incident: its clocks as échéances, and its append-only timeline."""

from datetime import UTC, datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.utils import timezone

from hygie.deadlines.models import Deadline, Status
from hygie.incidents import actions
from hygie.incidents.models import EntryKind, Incident, TimelineEntry
from hygie.journal.models import Entry
from hygie.tests.base import BaseTestCase


class DeclareTestCase(BaseTestCase):
    def declare(self, **kwargs):
        aware = kwargs.pop("discovered_at", timezone.now() - timedelta(hours=2))
        return actions.declare(
            self.org, kind="rancongiciel", discovered_at=aware, actor=self.secretaire, **kwargs
        )

    def deadlines_of(self, incident):
        return Deadline.objects.filter(
            subject_type=ContentType.objects.get_for_model(Incident), subject_id=str(incident.pk)
        )

    def test_declaring_starts_the_72_hour_clocks(self):
        aware = datetime(2026, 11, 20, 7, 5, tzinfo=UTC)
        incident = self.declare(discovered_at=aware)
        due = {d.key: d for d in self.deadlines_of(incident)}
        # RGPD art. 33(1) (risk not yet assessed: prudence) and L12-10-1.
        self.assertEqual(set(due), {"cnil", "plainte"})
        for key in ("cnil", "plainte"):
            self.assertEqual(due[key].due_at, aware + timedelta(hours=72))
            self.assertEqual(due[key].permission, "incidents.view")
        self.assertEqual(due["cnil"].rule, "rgpd-33-notification-cnil")
        self.assertEqual(due["plainte"].rule, "assurance-plainte-72h")

    def test_the_72_hour_clocks_are_recalled_at_24_48_and_60_hours(self):
        aware = timezone.now() - timedelta(hours=2)
        incident = self.declare(discovered_at=aware)
        for deadline in self.deadlines_of(incident):
            with self.subTest(deadline.key):
                sent = sorted(r.send_at - aware for r in deadline.reminders.all())
                hours = [timedelta(hours=h) for h in (24, 48, 60, 72)]
                self.assertEqual(sent, hours)

    def test_the_insurers_time_becomes_an_echeance(self):
        # Code des assurances L113-2 (4°): the contract's time, in working days.
        aware = datetime(2026, 11, 20, 7, 5, tzinfo=UTC)  # a Friday
        incident = self.declare(discovered_at=aware)
        actions.qualify(incident, {"insurer_days": 5}, actor=self.titulaire)
        due = {d.key: d for d in self.deadlines_of(incident)}
        self.assertEqual(
            timezone.localtime(due["assureur"].due_at).strftime("%d/%m/%Y %H:%M"),
            "27/11/2026 23:59",
        )
        self.assertEqual(due["assureur"].rule, "assurance-declaration-sinistre")

    def test_no_risk_cancels_the_cnil_clock(self):
        incident = self.declare()
        actions.qualify(incident, {"risk": "aucun"}, actor=self.titulaire)
        states = {d.key: d.status for d in self.deadlines_of(incident)}
        self.assertEqual(states["cnil"], Status.CANCELLED)
        self.assertEqual(states["plainte"], Status.OPEN)
        self.assertTrue(
            incident.timeline.filter(kind=EntryKind.QUALIFIED, text__contains="aucun").exists()
        )

    def test_the_qualification_is_told_in_words(self):
        incident = self.declare()
        actions.qualify(incident, {"risk": "eleve", "unintelligible": True}, actor=self.titulaire)
        text = incident.timeline.get(kind=EntryKind.QUALIFIED).text
        self.assertIn("risque pour les personnes : un risque élevé pour les personnes", text)
        self.assertIn("données chiffrées et clé non compromise : oui", text)
        self.assertNotIn("True", text)

    def test_reflexes_ticked_with_their_time(self):
        incident = self.declare()
        reflex = actions.incident_type("rancongiciel")["reflexes"][0]
        entry = actions.tick_reflex(incident, reflex["id"], actor=self.praticien)
        self.assertEqual(
            (entry.kind, entry.reflex, entry.text),
            ("reflex", reflex["id"], f"{reflex['done']}."),
        )
        with self.assertRaises(ValueError):
            actions.tick_reflex(incident, "inexistant")

    def test_every_entry_is_in_the_journal(self):
        incident = self.declare()
        actions.add_entry(incident, EntryKind.CALL, "Appel au prestataire", actor=self.titulaire)
        self.assertEqual(
            Entry.objects.filter(action="incident.entry", object_id=str(incident.pk)).count(),
            incident.timeline.count(),
        )


class AppendOnlyTestCase(BaseTestCase):
    def setUp(self):
        self.incident = actions.declare(
            self.org, kind="rancongiciel", discovered_at=timezone.now(), actor=self.titulaire
        )
        self.entry = self.incident.timeline.get()

    def test_an_entry_cannot_change(self):
        self.entry.text = "Autre chose"
        with self.assertRaises(PermissionError):
            self.entry.save()
        with self.assertRaises(PermissionError):
            TimelineEntry.objects.filter(pk=self.entry.pk).update(text="Autre chose")

    def test_an_entry_cannot_be_removed(self):
        with self.assertRaises(PermissionError):
            self.entry.delete()
        with self.assertRaises(PermissionError):
            TimelineEntry.objects.filter(pk=self.entry.pk).delete()
        self.assertTrue(TimelineEntry.objects.filter(pk=self.entry.pk).exists())

    def test_a_correction_is_a_new_entry(self):
        fix = actions.add_entry(
            self.incident, EntryKind.CORRECTION, "Découvert à 8 h, pas 9 h", corrects=self.entry
        )
        self.assertEqual(list(self.entry.corrections.all()), [fix])
        self.assertEqual(self.incident.timeline.count(), 2)

    def test_a_change_of_the_journal_copy_is_detected(self):
        # Each timeline entry's text is also in the journal's chained entries:
        # changing that copy in the database breaks the chain.
        from hygie.journal.verify import verify

        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE journal_entry SET details = %s WHERE action = %s",
                ['{"texte": "falsifié"}', "incident.entry"],
            )
        self.assertFalse(verify().ok)


class TimelineCheckTestCase(BaseTestCase):
    """`hygie journal verifier` detects a timeline changed in the database."""

    def setUp(self):
        self.incident = actions.declare(
            self.org, kind="rancongiciel", discovered_at=timezone.now(), actor=self.titulaire
        )

    def verifier(self):
        from io import StringIO

        from django.core.management import CommandError, call_command

        try:
            call_command("journal", "verifier", stdout=StringIO())
        except CommandError as exc:
            return str(exc)
        return ""

    def test_intact(self):
        self.assertEqual(self.verifier(), "")

    def test_text_changed_in_the_database(self):
        entry = self.incident.timeline.get()
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE incidents_timelineentry SET text = %s WHERE id = %s", ["Rien vu", entry.pk]
            )
        self.assertIn(f"entrée n° {entry.pk} de la chronologie : texte différent", self.verifier())

    def test_the_journal_page_checks_the_timeline_too(self):
        from django.test import Client
        from django.urls import reverse

        entry = self.incident.timeline.get()
        client = Client()
        client.force_login(self.titulaire)
        url = reverse("journal:verify", args=[self.org.code])
        self.assertContains(client.post(url, follow=True), "Journal intègre")
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE incidents_timelineentry SET text = %s WHERE id = %s", ["Rien vu", entry.pk]
            )
        page = client.post(url, follow=True)
        self.assertContains(page, "Le journal a été altéré")
        self.assertContains(page, f"entrée n° {entry.pk} de la chronologie : texte différent")

    def test_entry_removed_in_the_database(self):
        entry = self.incident.timeline.get()
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM incidents_timelineentry WHERE id = %s", [entry.pk])
        self.assertIn("dans le journal, plus dans la base", self.verifier())


class RequalifyTestCase(DeclareTestCase):
    def test_a_clock_cancelled_then_required_again_is_open(self):
        # RGPD art. 33(1): « no risk » cancels the CNIL clock; a risk found
        # later brings it back, still counted from the discovery.
        incident = self.declare()
        actions.qualify(incident, {"risk": "aucun"}, actor=self.titulaire)
        actions.qualify(incident, {"risk": "eleve"}, actor=self.titulaire)
        cnil = self.deadlines_of(incident).get(key="cnil")
        self.assertEqual(cnil.status, Status.OPEN)
        self.assertEqual(cnil.due_at, incident.discovered_at + timedelta(hours=72))
