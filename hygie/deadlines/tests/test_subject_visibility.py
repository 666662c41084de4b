"""A deadline is shown to a member only if they may see its subject too.

The secretary sees the plan's actions assigned to her, not another
secretary's; she does not see the processors, so not the end of an HDS
certificate either. The same rule holds in Échéances, on the home page, in
the calendar feed and in the reminder e-mails.
"""

from __future__ import annotations

from datetime import timedelta

from django.core import mail
from django.utils import timezone
from icalendar import Calendar

from hygie.deadlines.models import Deadline
from hygie.deadlines.reminders import send_due
from hygie.deadlines.tests.helpers import deadline
from hygie.diagnostic.actions import _sync_deadline
from hygie.diagnostic.models import PlanItem
from hygie.incidents import actions as incidents
from hygie.orgs.models import Membership
from hygie.orgs.roles import Role
from hygie.register.actions import _hds_deadline
from hygie.register.models import Hds, Processor
from hygie.tests.base import BaseTestCase, make_user

HERS = "Plan d'action : Changer le mot de passe du poste d'accueil"
LEAS = "Plan d'action : Fermer à clé les pièces"
HDS = "Fin du certificat HDS de Nuage Santé"
BY_HAND = "Tester la sauvegarde"


def summaries(ics: bytes) -> set[str]:
    return {str(e["summary"]).split(" — ")[0] for e in Calendar.from_ical(ics).walk("VEVENT")}


class SubjectVisibilityTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.lea = make_user("Léa Blanc", "lea@cabinet-martin.example")
        Membership.objects.create(user=cls.lea, org=cls.org, role=Role.SECRETARIAT)
        soon = timezone.localdate() + timedelta(days=3)
        for owner, measure, title in [
            (cls.secretaire, "mots-de-passe", "Changer le mot de passe du poste d'accueil"),
            (cls.lea, "acces-locaux", "Fermer à clé les pièces"),
        ]:
            plan_item = PlanItem.objects.create(
                org=cls.org, measure=measure, title=title, theme="t", owner=owner, due_on=soon
            )
            _sync_deadline(plan_item)
        processor = Processor.objects.create(
            org=cls.org, name="Nuage Santé", hds=Hds.YES, hds_until=soon
        )
        _hds_deadline(processor)
        deadline(cls.org, BY_HAND, due_in_days=3)

    def visible(self, user) -> set[str]:
        rows = Deadline.objects.visible_to(self.membership(user))
        return set(rows.values_list("title", flat=True))

    def test_each_member_sees_the_deadlines_of_the_subjects_they_may_see(self):
        everything = {HERS, LEAS, HDS, BY_HAND}
        table = [
            (self.titulaire, everything),
            (self.praticien, everything),
            (self.referent, everything),
            (self.secretaire, {HERS, BY_HAND}),
            (self.lea, {LEAS, BY_HAND}),
        ]
        for user, expected in table:
            with self.subTest(user=user.full_name):
                self.assertEqual(self.visible(user), expected)

    def test_one_deadline_says_whether_a_member_sees_it(self):
        leas = Deadline.objects.get(title=LEAS)
        self.assertTrue(leas.is_visible_to(self.membership(self.lea)))
        self.assertTrue(leas.is_visible_to(self.membership(self.titulaire)))
        self.assertFalse(leas.is_visible_to(self.membership(self.secretaire)))
        self.assertFalse(leas.is_visible_to(self.membership(self.referent, self.other_org)))

    def test_the_secretary_does_not_see_them_in_echeances(self):
        self.login(self.secretaire)
        page = self.client.get(f"/o/{self.org.code}/echeances/")
        self.assertContains(page, "Changer le mot de passe du poste")
        self.assertNotContains(page, "Fermer à clé les pièces")
        self.assertNotContains(page, "certificat HDS")

    def test_nor_on_her_home_page(self):
        self.login(self.secretaire)
        page = self.client.get(f"/o/{self.org.code}/")
        self.assertContains(page, "Changer le mot de passe du poste")
        self.assertNotContains(page, "Fermer à clé les pièces")
        self.assertNotContains(page, "certificat HDS")

    def test_nor_in_her_calendar_feed(self):
        feed = self.client.get(f"/calendrier/{self.secretaire.calendar_token}.ics")
        self.assertEqual(summaries(feed.content), {HERS, BY_HAND})
        feed = self.client.get(f"/calendrier/{self.titulaire.calendar_token}.ics")
        self.assertEqual(summaries(feed.content), {HERS, LEAS, HDS, BY_HAND})

    def test_nor_in_her_reminders(self):
        for user in (self.secretaire, self.lea):
            user.reminders_by_email = True
            user.save(update_fields=["reminders_by_email"])
        send_due(now=timezone.now() + timedelta(days=4))
        received = {}
        for m in mail.outbox:
            for title in (HERS, LEAS, HDS, BY_HAND):
                if title in m.subject:
                    received.setdefault(m.to[0], set()).add(title)
        self.assertEqual(received[self.secretaire.email], {HERS, BY_HAND})
        self.assertEqual(received[self.lea.email], {LEAS, BY_HAND})
        self.assertEqual(received[self.titulaire.email], {HERS, LEAS, HDS, BY_HAND})


class IncidentTestCase(BaseTestCase):
    """The secretary sees the incidents she declared, never their legal clocks,
    which are for those who handle the incident."""

    def test_the_secretary_does_not_see_the_clocks_of_an_incident_she_declared(self):
        incidents.declare(
            self.org, kind="rancongiciel", discovered_at=timezone.now(), actor=self.secretaire
        )
        clocks = Deadline.objects.filter(org=self.org, subject_type__model="incident")
        self.assertTrue(clocks.exists())
        secretary = Deadline.objects.visible_to(self.membership(self.secretaire))
        titulaire = Deadline.objects.visible_to(self.membership(self.titulaire))
        self.assertFalse(secretary.filter(subject_type__model="incident").exists())
        self.assertEqual(set(titulaire.filter(subject_type__model="incident")), set(clocks))
