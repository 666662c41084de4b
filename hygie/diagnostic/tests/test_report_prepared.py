"""The report laid out when a diagnostic ends is the one its page then serves."""

import threading

from django.core.cache import cache
from django.test import Client, TransactionTestCase, override_settings
from django.urls import reverse

from hygie.diagnostic import actions
from hygie.diagnostic.tests.base import COMPLETE_PROFILE, answer_all, worst
from hygie.orgs.models import Kind, Membership, Organisation
from hygie.orgs.roles import Role
from hygie.tests.base import make_user


def pdf_keys() -> set[str]:
    return {key for key in cache._cache if ":pdf:" in key}


def answered_diagnostic() -> tuple[Client, Organisation, object]:
    """A titulaire's client, her practice and its diagnostic, answered, not yet finished."""
    cache.clear()
    user = make_user("Claire Martin", "claire@cabinet-martin.example")
    org = Organisation.objects.create(name="Cabinet du Dr Martin", kind=Kind.CABINET)
    Membership.objects.create(user=user, org=org, role=Role.TITULAIRE)
    assessment = actions.start(org, actor=user)
    actions.save_profile(assessment, COMPLETE_PROFILE)
    answer_all(assessment, worst)
    client = Client()
    client.force_login(user)
    return client, org, assessment


def wait_for_preparation() -> None:
    for thread in threading.enumerate():
        if thread.name == "hygie-prepare-document":
            thread.join(timeout=60)


@override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}})
class ReportPreparedFromTheCompletedDiagnostic(TransactionTestCase):
    def test_the_report_page_is_served_from_the_layout_prepared_at_completion(self):
        client, org, assessment = answered_diagnostic()
        with self.settings(PREPARE_DOCUMENTS=True):
            client.post(reverse("diagnostic:finish", args=[org.code, assessment.pk]))
            wait_for_preparation()
        prepared = pdf_keys()
        self.assertEqual(len(prepared), 1)
        pdf = client.get(reverse("diagnostic:report", args=[org.code, assessment.pk]))
        self.assertTrue(pdf.content.startswith(b"%PDF"))
        # No second layout: the page found the prepared one.
        self.assertEqual(pdf_keys(), prepared)


@override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}})
class ReportPreparedInBackground(TransactionTestCase):
    """Once a diagnostic is completed, its report is laid out in the background.

    The in-process cache, whatever the configuration, to look into it.
    """

    def test_report_ready_after_completion(self):
        client, org, assessment = answered_diagnostic()
        with self.settings(PREPARE_DOCUMENTS=True), self.assertNoLogs("hygie.lib.documents"):
            response = client.post(reverse("diagnostic:finish", args=[org.code, assessment.pk]))
            self.assertEqual(response.status_code, 302)
            wait_for_preparation()
        # The PDF is in the cache: the report is served without a new layout.
        self.assertTrue(any(":pdf:" in key for key in cache._cache))
        pdf = client.get(reverse("diagnostic:report", args=[org.code, assessment.pk]))
        self.assertTrue(pdf.content.startswith(b"%PDF"))
