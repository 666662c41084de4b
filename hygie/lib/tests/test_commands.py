"""Hygie's commands on a database that was never prepared: a French message
saying what to run, never a Python traceback."""

import os
import sqlite3
import subprocess
import sys
import tempfile
from contextlib import closing
from pathlib import Path

from django.core.management import get_commands, load_command_class
from django.test import SimpleTestCase

from hygie.lib.commands import DatabaseCommand

HYGIE = Path(sys.executable).with_name("hygie")
WHAT_TO_RUN = "lancez « hygie migrate » puis « hygie contenu charger »"
# The commands that run on a database not prepared: serve prepares it, and
# sauvegarde restores into an empty one (its « creer » checks the database
# itself, see below).
PREPARES = {"serve", "sauvegarde"}


class UnpreparedDatabaseTestCase(SimpleTestCase):
    def run_on_a_fresh_database(self, *commands: list[str]) -> list[subprocess.CompletedProcess]:
        """Each command in a process of its own, all at once, on one new and
        empty SQLite file, with none of the caller's configuration."""
        folder = tempfile.TemporaryDirectory()
        self.addCleanup(folder.cleanup)
        data = Path(folder.name) / "data"
        data.mkdir()
        (data / "hygie.sqlite3").touch()
        env = {k: v for k, v in os.environ.items() if not k.startswith(("HYGIE_", "DJANGO_"))}
        env["HYGIE_DATA_DIR"] = str(data)
        running = [
            subprocess.Popen(
                [str(HYGIE), *command],
                cwd=folder.name,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for command in commands
        ]
        done = []
        for command, process in zip(commands, running, strict=True):
            out, err = process.communicate(timeout=120)
            done.append(subprocess.CompletedProcess(command, process.returncode, out, err))
        with closing(sqlite3.connect(data / "hygie.sqlite3")) as database:
            tables = database.execute("SELECT name FROM sqlite_master").fetchall()
        self.assertEqual(tables, [], "the commands created tables")
        return done

    def test_commands_on_a_database_never_prepared_say_what_to_run_without_a_traceback(self):
        refused = self.run_on_a_fresh_database(
            ["contenu", "lister"],
            ["journal", "verifier"],
            ["demo"],
            ["sauvegarde", "creer", "--phrase-fichier", "/dev/null"],
            # Django's own, which would only warn in English before failing.
            ["createsuperuser", "--noinput", "--email", "claire@cabinet-martin.example"],
        )
        for result in refused:
            with self.subTest(command=" ".join(result.args)):
                self.assertNotIn("Traceback", result.stdout + result.stderr)
                self.assertEqual(result.returncode, 1, result.stderr)
                self.assertIn("La base de données n'a pas encore été préparée", result.stderr)
                self.assertIn(WHAT_TO_RUN, result.stderr)

    def test_validating_the_content_library_needs_no_database(self):
        (result,) = self.run_on_a_fresh_database(["contenu", "valider"])
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("valides", result.stdout)

    def test_every_command_of_hygie_but_serve_checks_the_database_first(self):
        ours = {name: app for name, app in get_commands().items() if app.startswith("hygie.")}
        self.assertGreaterEqual(set(ours), {"contenu", "rappels", "droits", "journal", "demo"})
        for name, app in ours.items():
            with self.subTest(command=name):
                command = load_command_class(app, name)
                self.assertEqual(isinstance(command, DatabaseCommand), name not in PREPARES)
