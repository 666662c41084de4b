"""Closed requests are deleted once kept for the period the titulaire stated,
with their steps and échéances; without a period, nothing goes."""

import io
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.utils import timezone

from hygie.deadlines.models import Deadline
from hygie.journal.models import Entry
from hygie.rights import actions
from hygie.rights.models import PatientRequest, RequestEvent, RetentionPolicy
from hygie.rights.tests.base import PatientRequestsTestCase


class RetentionTestCase(PatientRequestsTestCase):
    def test_closed_requests_go_after_the_stated_period(self):
        self.log_a_request()
        old = PatientRequest.objects.get()
        actions.refuse(old, ground="identite", detail="", at=timezone.now(), actor=self.titulaire)
        self.log_a_request()  # still open: kept whatever its age
        PatientRequest.objects.filter(pk=old.pk).update(
            closed_at=timezone.now() - timedelta(days=400)
        )
        call_command("droits", "purger", stdout=io.StringIO())
        # No period stated: nothing goes.
        self.assertEqual(PatientRequest.objects.count(), 2)

        self.assertEqual(
            self.client_for(self.praticien)
            .post(self.url("retention"), {"months": 12, "ground": "Preuve"})
            .status_code,
            403,
        )
        self.client_for(self.titulaire).post(
            self.url("retention"), {"months": 12, "ground": "Prouver nos réponses à la CNIL."}
        )
        self.assertEqual(RetentionPolicy.objects.get(org=self.org).months, 12)
        kind = ContentType.objects.get_for_model(PatientRequest)
        self.assertTrue(Deadline.objects.filter(subject_type=kind, subject_id=str(old.pk)))
        out = io.StringIO()
        call_command("droits", "purger", stdout=out)
        self.assertIn("1 demande close supprimée.", out.getvalue())
        self.assertFalse(PatientRequest.objects.filter(pk=old.pk).exists())
        self.assertFalse(RequestEvent.objects.filter(patient_request_id=old.pk).exists())
        self.assertFalse(Deadline.objects.filter(subject_type=kind, subject_id=str(old.pk)))
        self.assertEqual(PatientRequest.objects.count(), 1)
        self.assertTrue(Entry.objects.filter(action="rights.purged", org_id=self.org.pk).exists())
