"""`hygie check --deploy` warns when the journal key sits in the data folder."""

import io
from pathlib import Path

from django.core.management import call_command
from django.test import SimpleTestCase, override_settings

from hygie.journal.checks import journal_key_outside_data

IN_DATA = {
    "DATA_DIR": Path("/srv/hygie/data"),
    "JOURNAL_KEY_FILE": Path("/srv/hygie/data/journal_key"),
}


class DeployCheckTestCase(SimpleTestCase):
    def test_it_warns_when_the_key_is_in_the_data_folder(self):
        with override_settings(**IN_DATA):
            [warning] = journal_key_outside_data()
        self.assertEqual(warning.id, "hygie.journal.W001")
        self.assertIn("dossier de données", warning.msg)

    def test_a_key_from_the_environment_or_a_secret_file_elsewhere_passes(self):
        for kept in (None, Path("/run/credentials/hygie.service/journal_key")):
            with (
                self.subTest(kept=kept),
                override_settings(DATA_DIR=Path("/srv/hygie/data"), JOURNAL_KEY_FILE=kept),
            ):
                self.assertEqual(journal_key_outside_data(), [])

    def test_it_is_a_deployment_check(self):
        with override_settings(**IN_DATA):
            out = io.StringIO()
            call_command("check", "--deploy", "--tag", "security", stdout=out, stderr=out)
        self.assertIn("hygie.journal.W001", out.getvalue())
