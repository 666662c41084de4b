import os
import secrets
import string
import subprocess
import sys
import tempfile
from pathlib import Path

from django.test import SimpleTestCase

ROOT = Path(__file__).resolve().parents[3]


def run_in_production(*args: str) -> subprocess.CompletedProcess:
    """Run `hygie <args>` with the settings of an HTTPS deployment."""
    alphabet = string.ascii_letters + string.digits + "!@#%^&*(-_=+)"
    with tempfile.TemporaryDirectory() as data_dir:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("HYGIE_", "DJANGO_"))}
        env.update(
            HYGIE_HTTPS="1",
            HYGIE_SECRET_KEY="".join(secrets.choice(alphabet) for _ in range(60)),
            # Kept outside the data folder, as docs/deploy.md sets it.
            HYGIE_JOURNAL_KEY=secrets.token_urlsafe(48),
            HYGIE_ALLOWED_HOSTS="hygie.example.org",
            HYGIE_DATA_DIR=data_dir,
        )
        return subprocess.run(
            [sys.executable, "-m", "hygie.cli", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )


# Requests made in a production process, over plain HTTP, as a local probe would.
PROBE = """
from django.test import Client
c = Client()
print(c.get("/etat/", HTTP_HOST="hygie.example.org").status_code)
print(c.get("/connexion/", HTTP_HOST="hygie.example.org").status_code)
"""


class CheckDeployTestCase(SimpleTestCase):
    """`hygie check --deploy` finds nothing to fix in production settings."""

    def test_production_settings_pass_the_deployment_checks(self):
        result = run_in_production("check", "--deploy", "--fail-level", "WARNING")
        output = result.stdout + result.stderr
        self.assertEqual(result.returncode, 0, output)
        self.assertIn("System check identified no issues", output)
        self.assertNotIn("WARNING", output)


class HealthOverHttpTestCase(SimpleTestCase):
    def test_a_local_probe_over_http_reaches_the_health_check_and_nothing_else(self):
        result = run_in_production("shell", "--no-imports", "-c", PROBE)
        self.assertEqual(result.returncode, 0, result.stderr)
        # The health check answers; every other page is sent to HTTPS.
        self.assertEqual(result.stdout.split(), ["200", "301"])
