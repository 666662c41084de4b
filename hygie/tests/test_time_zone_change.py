"""A practice that sets its time zone from Paris to Martinique sees every open
deadline counted in days move at once to 23:59 (or its hour) in Martinique,
its reminders with it, while the 72-hour clocks, counted in elapsed hours from
an instant, stay where they were (RGPD art. 33(1); code des assurances L113-2
and L12-10-1; CSP L1111-7). The journal says what moved and why, in French.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from hygie.deadlines.actions import set_deadline
from hygie.deadlines.models import Deadline, Reminder
from hygie.diagnostic.actions import _sync_deadline
from hygie.diagnostic.models import PlanItem
from hygie.incidents import actions as incidents
from hygie.incidents.models import CnilDraft, EntryKind, Incident
from hygie.journal.models import Entry
from hygie.law.tests.zones import MARTINIQUE, PARIS
from hygie.orgs.models import Kind, Profession
from hygie.register.actions import _hds_deadline
from hygie.register.models import Hds, Processor
from hygie.rights import actions as rights
from hygie.tests.base import BaseTestCase

WHY = "Fuseau horaire changé : heure de Paris → heure de la Martinique"


class TimeZoneChangeTestCase(BaseTestCase):
    def setUp(self):
        now = timezone.now()
        # Discovered and received at noon in Paris (7:00 in Martinique): the
        # same calendar day in both zones, whatever the hour the test runs at.
        noon = datetime.combine(timezone.localdate(now, PARIS), time(12, 0), PARIS)
        self.incident = incidents.declare(
            self.org, kind="rancongiciel", discovered_at=noon - timedelta(days=1)
        )
        incidents.qualify(self.incident, {"insurer_days": 5})
        self.patient_request = rights.log(
            self.org,
            {
                "received_at": noon - timedelta(days=1),
                "channel": "courrier",
                "right": "dossier",
                "record_age": "recent",
                "requester_kind": "patient",
                "requester_name": "Jeanne Exemple",
            },
        )
        self.plan_item = PlanItem.objects.create(
            org=self.org,
            measure="acces-locaux",
            title="Fermer à clé les pièces",
            theme="acces-physique",
            due_on=timezone.localdate(now, PARIS) + timedelta(days=10),
        )
        _sync_deadline(self.plan_item)
        self.processor = Processor.objects.create(
            org=self.org, name="Hébergeur", hds=Hds.YES, hds_until=date(2027, 6, 30)
        )
        _hds_deadline(self.processor)
        self.typed = datetime.combine(
            timezone.localdate(now, PARIS) + timedelta(days=20), time(9, 0), PARIS
        )
        self.manual = set_deadline(org=self.org, title="Tester la sauvegarde", due_at=self.typed)
        self.before = {d.pk: d.due_at for d in Deadline.objects.all()}
        self.login(self.titulaire)

    def change_zone(self, zone="America/Martinique"):
        return self.client.post(
            f"/o/{self.org.code}/parametres/",
            {
                "name": self.org.name,
                "kind": Kind.CABINET,
                "profession": Profession.MEDECIN_GENERALISTE,
                "session_idle_minutes": 30,
                "time_zone": zone,
            },
        )

    def deadline(self, key: str) -> Deadline:
        return Deadline.objects.get(key=key)

    def test_the_day_counted_deadlines_end_at_their_time_in_martinique_at_once(self):
        self.change_zone()
        for key, hour in [("dossier", time(23, 59)), ("assureur", time(23, 59))]:
            with self.subTest(key):
                due = timezone.localtime(self.deadline(key).due_at, MARTINIQUE)
                old = timezone.localtime(self.before[self.deadline(key).pk], PARIS)
                self.assertEqual((due.date(), due.time()), (old.date(), hour))
        action = timezone.localtime(self.deadline("plan").due_at, MARTINIQUE)
        self.assertEqual((action.date(), action.time()), (self.plan_item.due_on, time(18, 0)))
        hds = timezone.localtime(self.deadline("hds").due_at, MARTINIQUE)
        self.assertEqual((hds.date(), hds.time()), (date(2027, 6, 30), time(9, 0)))
        self.manual.refresh_from_db()
        self.assertEqual(
            timezone.localtime(self.manual.due_at, MARTINIQUE).replace(tzinfo=None),
            self.typed.replace(tzinfo=None),
        )

    def test_the_72_hour_clocks_do_not_move(self):
        self.change_zone()
        for key in ("cnil", "plainte"):
            with self.subTest(key):
                d = self.deadline(key)
                self.assertEqual(d.due_at, self.before[d.pk])
                self.assertFalse(
                    Entry.objects.filter(action="deadline.changed", object_id=str(d.pk))
                )

    def test_the_reminders_follow_the_new_time(self):
        self.change_zone()
        for key in ("dossier", "assureur", "plan", "hds"):
            with self.subTest(key):
                d = self.deadline(key)
                due = Reminder.objects.get(deadline=d, kind="due", sent_at=None)
                self.assertEqual(due.send_at, d.due_at)
                for r in Reminder.objects.filter(deadline=d, kind="before"):
                    self.assertEqual((d.due_at - r.send_at) % timedelta(hours=1), timedelta(0))

    def test_the_journal_says_what_moved_and_why_in_french(self):
        self.change_zone()
        settings = Entry.objects.get(action="org.settings_changed")
        self.assertEqual(
            settings.details, {"fuseau horaire": ["heure de Paris", "heure de la Martinique"]}
        )
        entry = Entry.objects.get(
            action="deadline.changed", object_id=str(self.deadline("dossier").pk)
        )
        old, new = entry.details["échéance"]
        self.assertRegex(old, r"^\w+ \d+ \w+ \d{4} à 18:59 \(heure de la Martinique\)$")
        self.assertRegex(new, r"^\w+ \d+ \w+ \d{4} à 23:59 \(heure de la Martinique\)$")
        self.assertEqual(entry.details["motif"], WHY)
        self.assertNotRegex(entry.details_text, r"\d{4}-\d\d-\d\d")

    def test_an_unrelated_action_later_moves_nothing(self):
        self.change_zone()
        moved = Entry.objects.filter(action="deadline.changed").count()
        incidents.close(
            self.incident,
            "Sauvegardes testées.",
            measures=["acces-locaux"],
            unmet_reason="Notifications faites par le DPO, hors d'Hygie.",
        )
        self.assertEqual(Entry.objects.filter(action="deadline.changed").count(), moved)

    def test_an_open_incidents_timeline_says_its_earlier_times_are_pariss(self):
        self.change_zone()
        note = self.incident.timeline.filter(kind=EntryKind.NOTE).get()
        self.assertEqual(
            note.text,
            f"{WHY} ; les heures écrites avant ce changement sont à l'heure de Paris.",
        )

    def test_the_cnil_drafts_prefilled_nature_follows_and_a_typed_one_stays(self):
        from hygie.incidents import notice

        with timezone.override(PARIS):
            prefilled = notice.prefill(self.incident)
        typed = {"nature": prefilled["nature"].replace("\n", "\r\n"), "consequences": "Écrit."}
        CnilDraft.objects.create(incident=self.incident, **{**prefilled, **typed})
        self.change_zone()
        draft = CnilDraft.objects.get()
        discovered = timezone.localtime(self.incident.discovered_at, MARTINIQUE)
        self.assertIn(f"découvert le {discovered:%d/%m/%Y à %H:%M}", draft.nature)
        self.assertEqual(draft.consequences, "Écrit.")

    def test_a_closed_incident_is_left_as_it_was(self):
        incidents.close(
            self.incident, "Rien à signaler.", unmet_reason="Faites par le DPO, hors d'Hygie."
        )
        entries = self.incident.timeline.count()
        self.change_zone()
        self.assertEqual(Incident.objects.get().timeline.count(), entries)

    def test_saving_the_same_zone_again_moves_nothing(self):
        self.change_zone("Europe/Paris")
        self.assertFalse(Entry.objects.filter(action="deadline.changed"))
        self.assertEqual({d.pk: d.due_at for d in Deadline.objects.all()}, self.before)
