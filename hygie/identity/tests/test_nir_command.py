"""`hygie identite nir`: exit status 0 valid, 1 invalid, 2 usage."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from unittest import TestCase

from django.core.management import call_command
from django.core.management.base import CommandError


def run(*args: str) -> tuple[str, CommandError | None]:
    out = io.StringIO()
    try:
        call_command("identite", "nir", *args, stdout=out)
    except CommandError as error:
        return out.getvalue(), error
    return out.getvalue(), None


class NirCommandTestCase(TestCase):
    def test_a_valid_number_exits_0_with_its_findings(self):
        out, error = run("2 55 08 14 168 025 38", "--sexe", "F", "--naissance", "1955-08-12",
                         "--lieu", "14168")  # fmt: skip
        self.assertIsNone(error)
        self.assertIn("255081416802538 : valide", out)
        self.assertIn("Colombières (Calvados", out)
        self.assertIn("Le sexe correspond au NIR", out)

    def test_an_invalid_or_inconsistent_number_exits_1(self):
        for args in (("295109912611199",), ("255081416802538", "--sexe", "M")):
            with self.subTest(args=args):
                out, error = run(*args)
                self.assertEqual(error.returncode, 1)
                self.assertIn("INVALIDE", out)

    def test_json_for_programs(self):
        out, error = run("1550899350123", "--json", "--oid", "1.2.250.1.213.1.4.9")
        self.assertIsNone(error)
        data = json.loads(out)
        self.assertTrue(data["valide"])
        self.assertEqual(data["oid"], "NIA")
        self.assertEqual(data["lieu"]["kind"], "etranger")
        self.assertTrue(all({"code", "niveau", "message", "source"} <= c.keys()
                            for c in data["constats"]))  # fmt: skip

    def test_an_unreadable_trait_exits_2_in_french(self):
        _out, error = run("2550814168025", "--naissance", "1955-13-01")
        self.assertEqual(error.returncode, 2)
        self.assertIn("Date de naissance impossible", str(error))

    def test_usage_errors_exit_2_and_no_database_is_needed(self):
        hygie = [sys.executable, "-c", "from hygie.cli import main; main()", "identite", "nir"]
        done = subprocess.run(hygie, capture_output=True, text=True, timeout=60)
        self.assertEqual(done.returncode, 2)
        env = {"HYGIE_DATA_DIR": "/nonexistent/hygie-empty"}
        done = subprocess.run([*hygie, "2550814168025"], capture_output=True, text=True,
                              timeout=60, env={**os.environ, **env})  # fmt: skip
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertIn("valide", done.stdout)
