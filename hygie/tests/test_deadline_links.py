"""Every échéance leads to what it is about: the incident, the patient's
request, the diagnostic's plan item, the processor, not back to the list; one set
by hand leads to its own row in *Échéances*.

The demo organisation has one of each kind of subject; each is checked on the
home page and in *Échéances*, as its titulaire sees them. Every link, as each
member of the demo sees it, opens a page they may see, with the anchor it
names.
"""

from __future__ import annotations

import tempfile
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from django.core import mail
from django.test import TestCase, override_settings
from django.urls import reverse

from hygie.accounts.models import User
from hygie.deadlines.models import Deadline
from hygie.deadlines.reminders import send_due
from hygie.diagnostic.actions import _sync_deadline
from hygie.diagnostic.models import PlanItem
from hygie.front.demo import PEOPLE, create_demo
from hygie.orgs.models import Membership, Organisation
from hygie.orgs.roles import Role
from hygie.register.actions import _hds_deadline
from hygie.register.models import Hds, Processor
from hygie.tests.base import BaseTestCase, make_user


class DeadlineLinkTestCase(TestCase):
    def setUp(self) -> None:
        data_dir = tempfile.TemporaryDirectory()
        self.addCleanup(data_dir.cleanup)
        self.enterContext(override_settings(DATA_DIR=Path(data_dir.name)))
        create_demo()
        self.org = Organisation.objects.get(is_demo=True, name="Cabinet du Dr Martin")
        self.client.force_login(User.objects.get(email=PEOPLE[0][1]))

    def expected(self) -> dict[str, str]:
        """Each subject's kind, with the page its échéance must open."""
        links = {}
        for d in Deadline.objects.open().filter(org=self.org).exclude(subject_id=""):
            kind = d.subject_type.model
            if kind == "organisation":  # the yearly diagnostic
                links[kind] = reverse("diagnostic:home", args=[self.org.code])
            else:
                links[kind] = d.subject.get_absolute_url()
        return links

    def test_the_demo_has_an_echeance_of_every_kind_of_subject(self) -> None:
        self.assertEqual(
            set(self.expected()),
            {
                "incident",
                "patientrequest",
                "planitem",
                "processor",
                "organisation",
                "plannedbackup",
            },
        )

    def test_each_echeance_links_to_its_subjects_page_not_to_the_list(self) -> None:
        listing = reverse("deadlines:list", args=[self.org.code])
        for d in Deadline.objects.filter(org=self.org).exclude(subject_id=""):
            with self.subTest(d.title):
                self.assertNotEqual(d.link(), listing)
                self.assertFalse(d.link().startswith(listing))

    def test_the_deadlines_list_and_the_home_page_link_each_subject(self) -> None:
        pages = {
            "Échéances": self.client.get(reverse("deadlines:list", args=[self.org.code])),
            "accueil": self.client.get(reverse("orgs:home", args=[self.org.code])),
        }
        for kind, url in self.expected().items():
            for name, page in pages.items():
                with self.subTest(kind=kind, page=name):
                    self.assertContains(page, f'href="{url}"')

    def test_a_linked_subject_opens_for_its_titulaire(self) -> None:
        for kind, url in self.expected().items():
            with self.subTest(kind):
                self.assertEqual(self.client.get(url).status_code, 200)

    def test_a_deadline_set_by_hand_links_to_its_own_row(self) -> None:
        listing = reverse("deadlines:list", args=[self.org.code])
        home = self.client.get(reverse("orgs:home", args=[self.org.code]))
        page = self.client.get(listing)
        manual = Deadline.objects.open().filter(org=self.org, subject_id="")
        self.assertTrue(manual)
        for d in manual:
            with self.subTest(d.title):
                self.assertEqual(d.link(), f"{listing}#echeance-{d.pk}")
                self.assertContains(home, f'href="{listing}#echeance-{d.pk}"')
                self.assertContains(page, f'id="echeance-{d.pk}"')

    def test_every_link_opens_a_page_its_viewer_may_see_at_an_anchor_there(self) -> None:
        for _, email, role in PEOPLE:
            self.client.force_login(User.objects.get(email=email))
            for page in ("orgs:home", "deadlines:list"):
                shown = self.client.get(reverse(page, args=[self.org.code]))
                for link in deadline_links(shown.content.decode()):
                    with self.subTest(role=role, page=page, link=link):
                        url = urlsplit(link)
                        target = self.client.get(f"{url.path}?{url.query}")
                        self.assertEqual(target.status_code, 200)
                        if url.fragment:
                            self.assertContains(target, f'id="{url.fragment}"')


class _DeadlineLinks(HTMLParser):
    """The links of the deadlines' titles in a page (.deadline__title a)."""

    def __init__(self) -> None:
        super().__init__()
        self.in_title = False
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if "deadline__title" in classes:
            self.in_title = True
        elif tag == "a" and self.in_title:
            self.links.append(dict(attrs)["href"])

    def handle_endtag(self, tag) -> None:
        if tag == "div":
            self.in_title = False


def deadline_links(html: str) -> list[str]:
    parser = _DeadlineLinks()
    parser.feed(html)
    return parser.links


class LinkForTheViewerTestCase(BaseTestCase):
    """A member whose role does not open a deadline's subject is sent to its row.

    Such a member no longer sees these deadlines (test_subject_visibility):
    link_for stays as the safety net of any page that would show one."""

    def setUp(self) -> None:
        self.processor = Processor.objects.create(
            org=self.org, name="Hébergeur", hds=Hds.YES, hds_until=date(2030, 6, 30)
        )
        _hds_deadline(self.processor)
        self.hds = Deadline.objects.get(key="hds")
        self.row = reverse("deadlines:list", args=[self.org.code]) + f"#echeance-{self.hds.pk}"

    def test_the_secretary_is_sent_to_the_hds_deadlines_row_the_titulaire_to_the_register(self):
        self.assertEqual(self.hds.link_for(self.membership(self.secretaire)), self.row)
        self.assertEqual(
            self.hds.link_for(self.membership(self.titulaire)),
            self.processor.get_absolute_url(),
        )

    def test_she_gets_no_reminder_of_it_the_titulaire_one_to_the_register(self):
        for user in (self.secretaire, self.titulaire):
            user.reminders_by_email = True
            user.save()
        send_due(now=self.hds.due_at)
        self.assertFalse([m for m in mail.outbox if m.to == [self.secretaire.email]])
        messages = [m for m in mail.outbox if m.to == [self.titulaire.email]]
        self.assertTrue(messages)
        for message in messages:
            self.assertIn(self.processor.get_absolute_url(), message.body)

    def test_a_plan_item_assigned_to_another_secretary_sends_her_to_its_row(self):
        other = make_user("Léa Blanc", "lea@cabinet-martin.example")
        Membership.objects.create(user=other, org=self.org, role=Role.SECRETARIAT)
        plan_item = PlanItem.objects.create(
            org=self.org,
            measure="acces-locaux",
            title="Fermer à clé les pièces",
            theme="acces-physique",
            owner=other,
            due_on=date(2030, 1, 15),
        )
        _sync_deadline(plan_item)
        deadline = Deadline.objects.get(key="plan")
        self.assertEqual(deadline.link_for(self.membership(other)), plan_item.get_absolute_url())
        self.assertTrue(
            deadline.link_for(self.membership(self.secretaire)).endswith(f"#echeance-{deadline.pk}")
        )
