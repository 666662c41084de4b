"""What the tests of patients' requests share: the personas of
hygie/tests/base.py, a request logged through its page as the secretary
would, and the échéances that follow it."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hygie.deadlines.models import Deadline
from hygie.rights import actions
from hygie.rights.models import PatientRequest
from hygie.tests.base import BaseTestCase


class PatientRequestsTestCase(BaseTestCase):
    def url(self, name, *args):
        return reverse(f"rights:{name}", args=[self.org.code, *args])

    def client_for(self, user):
        client = Client()
        client.force_login(user)
        return client

    def log_a_request(self, user=None, **data):
        """Post the new request form; by default the secretary logs a patient's
        request for her recent record, received three days ago."""
        received = data.pop("received", timezone.localtime() - timedelta(days=3))
        form = {
            "day": received.date().isoformat(),
            "hour": received.strftime("%H:%M"),
            "channel": "guichet",
            "right": "dossier",
            "record_age": "recent",
            "requester_kind": "patient",
            "requester_name": "Jeanne Durand",
            "requester_contact": "06 00 00 00 00",
            **data,
        }
        return self.client_for(user or self.secretaire).post(self.url("new"), form)

    def answer_now(self, patient_request: PatientRequest, content: str) -> None:
        actions.answer(
            patient_request,
            at=timezone.now(),
            means="Courrier simple",
            content=content,
            actor=self.titulaire,
        )

    def deadlines_of(self, patient_request: PatientRequest):
        return Deadline.objects.filter(
            subject_type=ContentType.objects.get_for_model(PatientRequest),
            subject_id=str(patient_request.pk),
        )
