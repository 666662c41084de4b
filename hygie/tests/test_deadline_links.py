"""Every échéance leads to what it is about: the incident, the patient's
request, the diagnostic's action, the processor, not back to the list.

The demo organisation has one of each kind of subject; each is checked on the
home page and in *Échéances*, as its titulaire sees them.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.test import TestCase, override_settings
from django.urls import reverse

from hygie.accounts.models import User
from hygie.deadlines.models import Deadline
from hygie.front.demo import PEOPLE, create_demo
from hygie.orgs.models import Organisation


class DeadlineLinkTestCase(TestCase):
    def setUp(self) -> None:
        data_dir = tempfile.TemporaryDirectory()
        self.addCleanup(data_dir.cleanup)
        self.enterContext(override_settings(DATA_DIR=Path(data_dir.name)))
        create_demo()
        self.org = Organisation.objects.get(is_demo=True)
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
            {"incident", "patientrequest", "action", "processor", "organisation"},
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
