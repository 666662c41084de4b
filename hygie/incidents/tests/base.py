"""What the tests of the incident pages share: the personas of
hygie/tests/base.py and an incident declared through its page, as a
person at the practice would."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hygie.tests.base import BaseTestCase


class IncidentPagesTestCase(BaseTestCase):
    def url(self, name, *args):
        return reverse(f"incidents:{name}", args=[self.org.code, *args])

    def client_for(self, user):
        client = Client()
        client.force_login(user)
        return client

    def declare_through_the_page(self, user, **data):
        """Post the declaration form: by default a ransomware discovered now."""
        now = timezone.localtime()
        form = {
            "kind": "rancongiciel",
            "discovered_date": now.date().isoformat(),
            "discovered_time": now.strftime("%H:%M"),
            "description": "Écran bloqué, message en anglais.",
            **data,
        }
        return self.client_for(user).post(self.url("declare"), form)
