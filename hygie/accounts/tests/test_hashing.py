import os
import subprocess
import sys

from django.test import SimpleTestCase


class HashingTestCase(SimpleTestCase):
    def test_production_hashes_passwords_with_argon2id(self):
        """ANSSI R29: a memory-hard function. Tests use MD5 for speed, so the
        production settings are loaded in a process started without `test`."""
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "hygie.settings",
            "HYGIE_SECRET_KEY": "only-for-this-check",
            "HYGIE_JOURNAL_KEY": "only-for-this-check",
        }
        script = (
            "import django; django.setup()\n"
            "from django.conf import settings\n"
            "from django.contrib.auth.hashers import make_password\n"
            "print(settings.PASSWORD_HASHERS[0])\n"
            "print(make_password('Cheval-Batterie-Agrafe-2026!'))\n"
        )
        result = subprocess.run(
            [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
        )
        hasher, encoded = result.stdout.split()
        self.assertEqual(hasher, "django.contrib.auth.hashers.Argon2PasswordHasher")
        self.assertTrue(encoded.startswith("argon2$argon2id$"), encoded)
