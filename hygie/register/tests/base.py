"""RegisterTestCase: the shared personas (hygie/tests/base.py) with the
register's addresses and a register built from its templates."""

from django.test import Client
from django.urls import reverse

from hygie.register import actions
from hygie.tests.base import BaseTestCase


class RegisterTestCase(BaseTestCase):
    def url(self, name, *args, **kwargs):
        if kwargs:
            return reverse(f"register:{name}", kwargs={"code": self.org.code, **kwargs})
        return reverse(f"register:{name}", args=[self.org.code, *args])

    def client_for(self, user):
        client = Client()
        client.force_login(user)
        return client

    def build(self, *chosen):
        return actions.start(
            self.org, list(chosen or ["dossier-patient", "rendez-vous"]), actor=self.titulaire
        )
