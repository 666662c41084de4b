from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hygie.deadlines.actions import complete
from hygie.deadlines.models import Deadline
from hygie.deadlines.tests.helpers import deadline, invitation
from hygie.tests.base import BaseTestCase


class LinkTestCase(BaseTestCase):
    def test_a_deadline_set_by_hand_leads_to_its_own_row_in_the_list(self):
        d = deadline(self.org)
        listing = reverse("deadlines:list", args=[self.org.code])
        self.assertEqual(d.link(), f"{listing}#echeance-{d.pk}")

    def test_a_closed_one_leads_to_its_row_among_the_closed(self):
        d = deadline(self.org)
        complete(d)
        listing = reverse("deadlines:list", args=[self.org.code])
        self.assertEqual(d.link(), f"{listing}?etat=closes#echeance-{d.pk}")

    def test_a_deadline_leads_to_its_subjects_own_page(self):
        subject = invitation(self.org)
        d = deadline(self.org, subject=subject, key="relance")
        self.assertEqual(Deadline.objects.get(pk=d.pk).link(), subject.get_absolute_url())

    def test_the_page_its_capability_named_comes_first(self):
        d = deadline(self.org, subject=invitation(self.org), key="relance", url="/ailleurs/")
        self.assertEqual(d.link(), "/ailleurs/")

    def test_a_deadline_whose_subject_is_gone_leads_to_the_list(self):
        subject = invitation(self.org)
        d = deadline(self.org, subject=subject, key="relance")
        subject.delete()
        d = Deadline.objects.get(pk=d.pk)
        listing = reverse("deadlines:list", args=[self.org.code])
        self.assertEqual(d.link(), f"{listing}#echeance-{d.pk}")

    def test_the_list_links_subjects_without_a_query_per_deadline(self):
        self.login(self.titulaire)
        url = reverse("deadlines:list", args=[self.org.code])
        deadline(self.org, subject=invitation(self.org, "a@example.org"), key="k")
        self.client.get(url)
        with CaptureQueriesContext(connection) as one:
            self.client.get(url)
        for n in range(4):
            deadline(self.org, subject=invitation(self.org, f"{n}@example.org"), key="k")
        with CaptureQueriesContext(connection) as five:
            page = self.client.get(url)
        self.assertEqual(len(five), len(one))
        self.assertContains(page, "/invitation/", count=5)
