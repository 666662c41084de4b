import os
import stat
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from unittest import mock

from django.test import SimpleTestCase

from hygie.lib.env import (
    database_from_url,
    envbool,
    envint,
    envlist,
    envsecret,
    envsecret_kept,
)


def environ(**values: str):
    return mock.patch.dict(os.environ, values)


class EnvboolTestCase(SimpleTestCase):
    def test_it_reads_yes_and_no_in_english_and_french(self):
        for value, expected in [("1", True), ("oui", True), (" True ", True), ("non", False)]:
            with self.subTest(value=value), environ(HYGIE_X=value):
                self.assertIs(envbool("HYGIE_X", not expected), expected)

    def test_it_defaults_when_unset(self):
        self.assertIs(envbool("HYGIE_UNSET_FOR_TESTS", True), True)

    def test_it_refuses_anything_else_in_french(self):
        with (
            environ(HYGIE_X="peut-être"),
            self.assertRaisesMessage(ValueError, "doit valoir 1 ou 0"),
        ):
            envbool("HYGIE_X", False)


class EnvintTestCase(SimpleTestCase):
    def test_it_reads_a_number(self):
        with environ(HYGIE_X="42"):
            self.assertEqual(envint("HYGIE_X", 1), 42)

    def test_it_defaults_when_unset_or_empty(self):
        self.assertEqual(envint("HYGIE_UNSET_FOR_TESTS", 7), 7)
        with environ(HYGIE_X=" "):
            self.assertEqual(envint("HYGIE_X", 7), 7)

    def test_it_refuses_a_word_in_french(self):
        with environ(HYGIE_X="cinq"), self.assertRaisesMessage(ValueError, "nombre entier"):
            envint("HYGIE_X", 5)


class EnvlistTestCase(SimpleTestCase):
    def test_it_splits_on_commas(self):
        with environ(HYGIE_X=" a.example , b.example,, "):
            self.assertEqual(envlist("HYGIE_X", []), ["a.example", "b.example"])

    def test_it_defaults_when_unset(self):
        self.assertEqual(envlist("HYGIE_UNSET_FOR_TESTS", ["x"]), ["x"])


class EnvsecretTestCase(SimpleTestCase):
    def setUp(self):
        folder = tempfile.TemporaryDirectory()
        self.addCleanup(folder.cleanup)
        self.path = Path(folder.name) / "data" / "secret_key"

    def test_it_prefers_the_environment(self):
        with environ(HYGIE_X="from-env"):
            self.assertEqual(envsecret("HYGIE_X", self.path), "from-env")
        self.assertFalse(self.path.exists())

    def test_it_generates_a_secret_readable_by_its_owner_only(self):
        secret = envsecret("HYGIE_UNSET_FOR_TESTS", self.path)
        self.assertGreaterEqual(len(secret), 50)
        self.assertEqual(stat.S_IMODE(self.path.stat().st_mode), 0o600)

    def test_it_keeps_the_generated_secret(self):
        first = envsecret("HYGIE_UNSET_FOR_TESTS", self.path)
        self.assertEqual(envsecret("HYGIE_UNSET_FOR_TESTS", self.path), first)

    def test_processes_started_at_once_keep_one_secret(self):
        # Each in a process of its own, as `hygie serve` and `hygie rappels`
        # started together on a new data folder: all ready, then all at once.
        gate = self.path.parent.parent / "gate"
        gate.mkdir()
        script = (
            "import sys, time; from pathlib import Path; from hygie.lib.env import envsecret\n"
            "gate = Path(sys.argv[2]); (gate / sys.argv[3]).touch()\n"
            "while not (gate / 'go').exists(): time.sleep(0.0002)\n"
            "print(envsecret('HYGIE_UNSET_FOR_TESTS', Path(sys.argv[1])))"
        )
        env = {k: v for k, v in os.environ.items() if k != "HYGIE_UNSET_FOR_TESTS"}
        running = [
            subprocess.Popen(
                [sys.executable, "-c", script, str(self.path), str(gate), f"ready-{i}"],
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for i in range(8)
        ]
        while len(list(gate.glob("ready-*"))) < len(running):
            if any(process.poll() is not None for process in running):
                break
            time.sleep(0.01)
        (gate / "go").touch()
        secrets_read = set()
        for process in running:
            out, err = process.communicate(timeout=60)
            self.assertEqual(process.returncode, 0, err)
            secrets_read.add(out.strip())
        self.assertEqual(secrets_read, {self.path.read_text().strip()})
        self.assertEqual(sorted(p.name for p in self.path.parent.iterdir()), ["secret_key"])


class EnvsecretKeptTestCase(SimpleTestCase):
    """The journal key: from the environment, a secret file, or the data folder."""

    def setUp(self):
        folder = tempfile.TemporaryDirectory()
        self.addCleanup(folder.cleanup)
        self.folder = Path(folder.name)
        self.data = self.folder / "data" / "journal_key"

    def kept(self, **variables):
        with environ(**variables):
            for name in {"HYGIE_X", "HYGIE_X_FILE"} - set(variables):
                os.environ.pop(name, None)
            return envsecret_kept("HYGIE_X", "HYGIE_X_FILE", self.data)

    def test_it_says_where_the_secret_comes_from(self):
        secret = self.folder / "journal_key"
        secret.write_text("from-file\n")
        self.assertEqual(self.kept(HYGIE_X="from-env"), ("from-env", None))
        self.assertEqual(self.kept(HYGIE_X_FILE=str(secret)), ("from-file", secret.resolve()))
        value, path = self.kept()
        self.assertEqual(path, self.data.resolve())
        self.assertEqual(self.data.read_text().strip(), value)

    def test_a_secret_file_that_cannot_be_read_stops_rather_than_a_new_key(self):
        missing = self.folder / "absent"
        with self.assertRaisesMessage(ValueError, f"impossible de lire le fichier {missing}"):
            self.kept(HYGIE_X_FILE=str(missing))
        empty = self.folder / "empty"
        empty.write_text("\n")
        with self.assertRaisesMessage(ValueError, "est vide"):
            self.kept(HYGIE_X_FILE=str(empty))
        self.assertFalse(self.data.exists())

    def test_it_refuses_both_ways_at_once(self):
        with self.assertRaisesMessage(ValueError, "gardez-en un seul"):
            self.kept(HYGIE_X="a", HYGIE_X_FILE="/etc/hostname")


class DatabaseFromUrlTestCase(SimpleTestCase):
    def test_it_reads_a_postgres_url(self):
        db = database_from_url("postgres://hygie:p%40ss@db.example:6543/hygie")
        self.assertEqual(db["ENGINE"], "django.db.backends.postgresql")
        self.assertEqual(
            (db["NAME"], db["USER"], db["PASSWORD"], db["HOST"], db["PORT"]),
            ("hygie", "hygie", "p@ss", "db.example", "6543"),
        )

    def test_it_leaves_out_what_is_not_given(self):
        db = database_from_url("postgresql:///hygie")
        self.assertEqual((db["USER"], db["HOST"], db["PORT"]), ("", "", ""))

    def test_it_names_the_test_database_from_the_environment(self):
        with environ(HYGIE_TEST_DATABASE_NAME="test_hygie_x"):
            self.assertEqual(database_from_url("postgres:///h")["TEST"]["NAME"], "test_hygie_x")

    def test_it_pools_connections_instead_of_keeping_one_per_thread(self):
        db = database_from_url("postgres:///h")
        self.assertEqual(db["CONN_MAX_AGE"], 0)
        self.assertEqual(db["OPTIONS"]["pool"]["max_size"], 8)
        with environ(HYGIE_DATABASE_POOL_SIZE="20"):
            self.assertEqual(database_from_url("postgres:///h")["OPTIONS"]["pool"]["max_size"], 20)

    def test_it_refuses_another_database_in_french(self):
        with self.assertRaisesMessage(ValueError, "doit commencer par postgres://"):
            database_from_url("mysql://h/h")
