from datetime import timedelta

from hygie.deadlines.actions import set_deadline
from hygie.deadlines.models import Deadline, Status
from hygie.deadlines.schedule import reminder_times
from hygie.deadlines.tests.helpers import in_days, invitation
from hygie.journal.models import Entry
from hygie.law.tests.zones import MARTINIQUE
from hygie.lib.dates import named_datetime
from hygie.tests.base import BaseTestCase


def scheduled(deadline: Deadline) -> list[tuple]:
    return list(
        deadline.reminders.filter(sent_at=None).order_by("send_at").values_list("kind", "send_at")
    )


class SetDeadlineTestCase(BaseTestCase):
    def test_it_creates_a_deadline_with_its_reminders_and_journals_it(self):
        due_at = in_days(30)
        d = set_deadline(
            org=self.org,
            title="Tester la sauvegarde",
            due_at=due_at,
            notes="Sur le NAS",
            actor=self.titulaire,
        )
        self.assertEqual(
            (d.status, d.permission, d.created_by), (Status.OPEN, "deadlines.view", self.titulaire)
        )
        self.assertEqual(d.notes, "Sur le NAS")
        self.assertEqual(scheduled(d), reminder_times(due_at - timedelta(days=20), due_at))
        self.assertEqual([k for k, _ in scheduled(d)], ["before", "before", "before", "due"])
        entry = Entry.objects.get(action="deadline.created", object_id=str(d.pk))
        self.assertEqual((entry.org_id, entry.actor_id), (self.org.pk, self.titulaire.pk))
        self.assertEqual(entry.object_label, "Tester la sauvegarde")
        self.assertEqual(entry.details, {"échéance": named_datetime(due_at)})

    def test_a_deadline_already_past_is_reminded_at_once(self):
        d = set_deadline(org=self.org, title="En retard", due_at=in_days(-2))
        [(kind, send_at)] = scheduled(d)
        self.assertEqual(kind, "due")
        self.assertGreater(send_at, d.due_at)

    def test_the_same_subject_and_key_updates_the_deadline_instead_of_adding_one(self):
        subject = invitation(self.org)
        first = set_deadline(
            org=self.org, title="Relancer", due_at=in_days(30), subject=subject, key="relance"
        )
        second = set_deadline(
            org=self.org, title="Relancer vite", due_at=in_days(2), subject=subject, key="relance"
        )
        self.assertEqual(first.pk, second.pk)
        self.assertEqual(Deadline.objects.filter(subject_id=str(subject.pk)).count(), 1)
        second.refresh_from_db()
        self.assertEqual(second.title, "Relancer vite")

    def test_another_key_of_the_same_subject_is_another_deadline(self):
        subject = invitation(self.org)
        a = set_deadline(org=self.org, title="CNIL", due_at=in_days(3), subject=subject, key="cnil")
        b = set_deadline(
            org=self.org, title="Plainte", due_at=in_days(3), subject=subject, key="plainte"
        )
        self.assertNotEqual(a.pk, b.pk)

    def test_an_update_reschedules_the_unsent_reminders_and_keeps_the_sent_ones(self):
        subject = invitation(self.org)
        d = set_deadline(org=self.org, title="Relancer", due_at=in_days(30), subject=subject)
        week_before = d.reminders.order_by("send_at").first()
        week_before.sent_at = week_before.send_at
        week_before.save()

        new_due = in_days(2)
        set_deadline(org=self.org, title="Relancer", due_at=new_due, subject=subject)
        self.assertEqual([k for k, _ in scheduled(d)], ["before", "before", "due"])
        self.assertEqual(scheduled(d)[-1], ("due", new_due))
        self.assertTrue(d.reminders.filter(pk=week_before.pk).exists())

    def test_an_update_journals_what_changed(self):
        subject = invitation(self.org)
        old_due, new_due = in_days(30), in_days(2)
        d = set_deadline(org=self.org, title="Relancer", due_at=old_due, subject=subject)
        set_deadline(
            org=self.org,
            title="Relancer vite",
            due_at=new_due,
            subject=subject,
            actor=self.praticien,
        )
        entry = Entry.objects.get(action="deadline.changed", object_id=str(d.pk))
        self.assertEqual(entry.actor_id, self.praticien.pk)
        self.assertEqual(
            entry.details,
            {
                "intitulé": ["Relancer", "Relancer vite"],
                "échéance": [named_datetime(old_due), named_datetime(new_due)],
            },
        )

    def test_setting_the_same_values_again_journals_nothing_and_keeps_the_reminders(self):
        subject = invitation(self.org)
        due_at = in_days(30)
        d = set_deadline(org=self.org, title="Relancer", due_at=due_at, subject=subject)
        reminders = set(d.reminders.values_list("pk", flat=True))
        entries = Entry.objects.count()
        set_deadline(org=self.org, title="Relancer", due_at=due_at, subject=subject)
        self.assertEqual(Entry.objects.count(), entries)
        self.assertEqual(set(d.reminders.values_list("pk", flat=True)), reminders)

    def test_the_same_instant_given_in_another_zone_changes_nothing(self):
        subject = invitation(self.org)
        due_at = in_days(30)
        d = set_deadline(org=self.org, title="Relancer", due_at=due_at, subject=subject)
        reminders = set(d.reminders.values_list("pk", flat=True))
        entries = Entry.objects.count()
        # A capability's re-sync computes it in the practice's zone; the
        # database gives it back in UTC.
        set_deadline(
            org=self.org, title="Relancer", due_at=due_at.astimezone(MARTINIQUE), subject=subject
        )
        self.assertEqual(Entry.objects.count(), entries)
        self.assertEqual(set(d.reminders.values_list("pk", flat=True)), reminders)

    def test_a_past_deadline_set_anew_is_not_announced_due_a_second_time(self):
        subject = invitation(self.org)
        d = set_deadline(org=self.org, title="Relancer", due_at=in_days(-2), subject=subject)
        d.reminders.update(sent_at=in_days(-1))
        set_deadline(org=self.org, title="Relancer", due_at=in_days(-1), subject=subject)
        self.assertEqual(scheduled(d), [])
        set_deadline(org=self.org, title="Relancer", due_at=in_days(2), subject=subject)
        self.assertEqual([k for k, _ in scheduled(d)], ["before", "before", "due"])

    def test_a_deadline_moved_journals_why(self):
        subject = invitation(self.org)
        d = set_deadline(org=self.org, title="Relancer", due_at=in_days(3), subject=subject)
        set_deadline(
            org=self.org,
            title="Relancer",
            due_at=in_days(4),
            subject=subject,
            change_reason="Fuseau horaire changé",
        )
        entry = Entry.objects.get(action="deadline.changed", object_id=str(d.pk))
        self.assertEqual(entry.details["motif"], "Fuseau horaire changé")

    def test_an_unknown_permission_is_refused(self):
        with self.assertRaises(KeyError):
            set_deadline(org=self.org, title="Secret", due_at=in_days(3), permission="secret.view")
        self.assertFalse(Deadline.objects.exists())

    def test_it_records_the_rule_and_the_link(self):
        d = set_deadline(
            org=self.org,
            title="Notifier la CNIL",
            due_at=in_days(3),
            rule="rgpd-33-notification-cnil",
            url="/o/abc/incidents/1/",
        )
        self.assertEqual(d.link(), "/o/abc/incidents/1/")
        d.url = ""
        self.assertEqual(d.link(), f"/o/{self.org.code}/echeances/#echeance-{d.pk}")

    def test_setting_a_closed_deadline_again_keeps_it_closed_without_reminders(self):
        from hygie.deadlines.actions import complete

        subject = invitation(self.org)
        d = set_deadline(org=self.org, title="Notifier", due_at=in_days(3), subject=subject)
        complete(d)
        d = set_deadline(org=self.org, title="Notifier", due_at=in_days(5), subject=subject)
        self.assertEqual(d.status, Status.DONE)
        self.assertEqual(scheduled(d), [])
