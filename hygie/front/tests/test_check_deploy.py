import os
import secrets
import string
import subprocess
import sys
import tempfile
from pathlib import Path

from django.test import SimpleTestCase

ROOT = Path(__file__).resolve().parents[3]


class CheckDeployTestCase(SimpleTestCase):
    """`hygie check --deploy` finds nothing to fix in production settings."""

    def test_production_settings_pass_the_deployment_checks(self):
        alphabet = string.ascii_letters + string.digits + "!@#%^&*(-_=+)"
        with tempfile.TemporaryDirectory() as data_dir:
            env = {k: v for k, v in os.environ.items() if not k.startswith(("HYGIE_", "DJANGO_"))}
            env.update(
                HYGIE_HTTPS="1",
                HYGIE_SECRET_KEY="".join(secrets.choice(alphabet) for _ in range(60)),
                HYGIE_ALLOWED_HOSTS="hygie.example.org",
                HYGIE_DATA_DIR=data_dir,
            )
            result = subprocess.run(
                [sys.executable, "-m", "hygie.cli", "check", "--deploy", "--fail-level", "WARNING"],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
                check=False,
            )
        output = result.stdout + result.stderr
        self.assertEqual(result.returncode, 0, output)
        self.assertIn("System check identified no issues", output)
        self.assertNotIn("WARNING", output)
