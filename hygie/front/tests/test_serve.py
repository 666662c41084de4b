import tempfile
from io import StringIO
from pathlib import Path

from django.test import TestCase, override_settings

from hygie.front.management.commands.serve import Command
from hygie.front.tests.test_demo import LOGIN_LINE
from hygie.orgs.models import Organisation


class ServePrepareTestCase(TestCase):
    """What `hygie serve` does before starting the server."""

    def setUp(self):
        folder = tempfile.TemporaryDirectory()
        self.addCleanup(folder.cleanup)
        root = Path(folder.name)
        settings = override_settings(DATA_DIR=root / "data", STATIC_ROOT=root / "static")
        settings.enable()
        self.addCleanup(settings.disable)
        self.static_root = root / "static"

    def prepare(self, demo: bool = True) -> str:
        out = StringIO()
        Command(stdout=out).prepare(demo=demo)
        return out.getvalue()

    def test_it_creates_the_demo_on_an_empty_database_and_prints_the_logins(self):
        output = self.prepare()
        self.assertIn("Organisation de démonstration créée", output)
        self.assertTrue(Organisation.objects.filter(is_demo=True).exists())
        logins = dict(LOGIN_LINE.findall(output))
        self.assertEqual(len(logins), 3)
        for email, password in logins.items():
            r = self.client.post("/connexion/", {"email": email, "password": password})
            self.assertRedirects(r, "/accueil/", fetch_redirect_response=False)
            self.client.logout()

    def test_it_collects_the_static_files(self):
        self.prepare()
        self.assertTrue((self.static_root / "hygie" / "hygie.css").exists())

    def test_it_prints_the_same_logins_on_the_next_start(self):
        first = self.prepare()
        second = self.prepare()
        self.assertEqual(
            Organisation.objects.filter(is_demo=True, name="Cabinet du Dr Martin").count(), 1
        )
        self.assertNotIn("créée", second)
        self.assertEqual(LOGIN_LINE.findall(first), LOGIN_LINE.findall(second))

    def test_it_creates_no_demo_when_asked_not_to(self):
        output = self.prepare(demo=False)
        self.assertFalse(Organisation.objects.exists())
        self.assertNotIn("mot de passe", output)

    def test_it_creates_no_demo_next_to_real_organisations(self):
        Organisation.objects.create(name="MSP des Tilleuls", kind="msp")
        self.prepare()
        self.assertFalse(Organisation.objects.filter(is_demo=True).exists())
