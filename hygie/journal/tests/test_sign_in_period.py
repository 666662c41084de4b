"""An organisation's journal shows a member's sign-ins from when they joined it.

Sign-ins are the person's, recorded outside any organisation: the titulaire
sees those made while the person was a member, never those from before
(another practice's work, with its addresses), nor any entry recorded for
another organisation.
"""

from __future__ import annotations

import csv
import io

from django.utils import timezone

from hygie.journal.actions import record
from hygie.orgs.models import Membership
from hygie.orgs.roles import Role
from hygie.tests.base import BaseTestCase, make_user


class SignInPeriodTestCase(BaseTestCase):
    def setUp(self):
        self.url = f"/o/{self.org.code}/journal/"
        self.newcomer = make_user("Inès Garnier", "ines@cabinet-martin.example")
        Membership.objects.create(user=self.newcomer, org=self.other_org, role=Role.PRATICIEN)
        self.before = record(action="login.success", actor=self.newcomer)
        self.failed_before = record(action="login.failure", actor=self.newcomer)
        self.membership = Membership.objects.create(
            user=self.newcomer, org=self.org, role=Role.PRATICIEN, created=timezone.now()
        )
        self.after = record(action="login.success", actor=self.newcomer)
        self.theirs = record(action="org.settings_changed", org=self.other_org, actor=self.newcomer)

    def shown(self, query: str = "") -> list:
        self.login(self.titulaire)
        r = self.client.get(self.url + query)
        self.assertEqual(r.status_code, 200)
        return list(r.context["page"])

    def test_it_shows_a_members_sign_ins_since_joining_only(self):
        shown = self.shown()
        self.assertIn(self.after, shown)
        self.assertNotIn(self.before, shown)
        self.assertNotIn(self.failed_before, shown)
        self.assertNotIn(self.theirs, shown)

    def test_filtering_by_the_member_does_not_bring_them_back(self):
        self.assertEqual(self.shown(f"?actor={self.newcomer.pk}"), [self.after])
        self.assertNotIn(self.before, self.shown("?action=login.success"))

    def test_nor_does_the_export(self):
        self.login(self.titulaire)
        r = self.client.get(f"/o/{self.org.code}/journal/export.csv?actor={self.newcomer.pk}")
        rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig")), delimiter=";"))
        entries = [row for row in rows[1:] if row and row[0] != "Sceau"]
        self.assertEqual([int(row[0]) for row in entries], [self.after.seq])

    def test_the_other_organisation_sees_them_from_its_own_membership(self):
        self.login(self.outsider)
        r = self.client.get(f"/o/{self.other_org.code}/journal/")
        shown = list(r.context["page"])
        for entry in (self.before, self.failed_before, self.after, self.theirs):
            with self.subTest(entry.action):
                self.assertIn(entry, shown)

    def test_a_member_who_left_is_no_longer_followed(self):
        self.membership.delete()
        self.assertNotIn(self.after, self.shown())

    def test_a_member_who_comes_back_is_followed_from_their_return(self):
        self.membership.delete()
        record(action="login.success", actor=self.newcomer)
        Membership.objects.create(user=self.newcomer, org=self.org, role=Role.PRATICIEN)
        back = record(action="login.success", actor=self.newcomer)
        self.assertEqual(self.shown(f"?actor={self.newcomer.pk}"), [back])
