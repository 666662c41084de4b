"""The committed bundle hygie-passwords.js matches its sources and the contract."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from django.test import SimpleTestCase

from hygie.accounts import engine

ASSETS = Path(__file__).resolve().parents[3] / "assets" / "passwords"
PACKAGE = Path(__file__).resolve().parents[3] / "package.json"


class BundleTestCase(SimpleTestCase):
    def test_it_was_rebuilt_after_its_sources_changed(self):
        self.assertEqual(
            engine.bundle_sources_hash(),
            engine.sources_hash(ASSETS),
            "assets/passwords changed: run `make vendor` and commit hygie-passwords.js.",
        )

    def test_the_hash_changes_with_a_source(self):
        with tempfile.TemporaryDirectory() as root:
            copy = Path(root) / "assets" / "passwords"
            shutil.copytree(ASSETS, copy)
            self.assertEqual(engine.sources_hash(copy), engine.sources_hash(ASSETS))
            clubs = copy / "clubs.json"
            clubs.write_text(clubs.read_text(encoding="utf-8") + " ", encoding="utf-8")
            self.assertNotEqual(engine.sources_hash(copy), engine.sources_hash(ASSETS))

    def test_its_header_names_the_pinned_versions_and_the_licences(self):
        head = engine.BUNDLE.read_text(encoding="utf-8")[:1500]
        dependencies = json.loads(PACKAGE.read_text(encoding="utf-8"))["dependencies"]
        for name in ["@zxcvbn-ts/core", "@zxcvbn-ts/language-common", "@zxcvbn-ts/language-fr"]:
            self.assertIn(f"{name} {dependencies[name]}", head)
        for licence in ["AGPL-3.0-or-later", "MIT", "ODC-BY", "Licence Ouverte"]:
            self.assertIn(licence, head)
        self.assertIn(dependencies["@zxcvbn-ts/core"], engine.version())
        self.assertTrue((engine.BUNDLE.parent / "NOTICE.txt").exists())

    def test_it_needs_no_eval_under_the_strict_csp(self):
        text = engine.BUNDLE.read_text(encoding="utf-8")
        self.assertIsNone(re.search(r"\beval\(|new Function\(", text))

    def test_it_defines_the_contracts_functions(self):
        kinds = json.loads(
            engine.evaluate(
                "JSON.stringify(Object.keys(HygiePasswords).map(k => [k, typeof HygiePasswords[k]]))"
            )
        )
        self.assertLessEqual(
            {
                ("version", "string"),
                ("USES", "object"),
                ("analyse", "function"),
                ("renewal", "function"),
                ("generatePassphrase", "function"),
                ("generatePassword", "function"),
            },
            {tuple(k) for k in kinds},
        )
        uses = json.loads(engine.evaluate("JSON.stringify(HygiePasswords.USES)"))
        for use in uses:
            self.assertLessEqual(
                {"key", "label", "requiredCase", "minLength", "classes", "source"}, set(use)
            )


# In a fresh interpreter: workers forked before the engine was loaded each load
# their own, and every process exits normally (mini-racer's isolate is closed
# at exit; left open, it may hang the interpreter's shutdown).
FORK = """
import os, sys
sys.path.insert(0, sys.argv[1])
from hygie.accounts import engine
children = []
for password, case in [("Vk7#qL9!mZ2@", 1), ("4829", 3)]:
    pid = os.fork()
    if pid == 0:
        ok = engine.analyse(password)["cnilCase"] == case and engine._context_pid == os.getpid()
        sys.exit(0 if ok else 3)
    children.append(pid)
for pid in children:
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, status
assert engine.analyse("1234")["cnilCase"] == 0
print("ok")
"""


class ForkTestCase(SimpleTestCase):
    def test_each_forked_worker_loads_its_own_engine_and_exits(self):
        root = str(Path(__file__).resolve().parents[3])
        done = subprocess.run(
            [sys.executable, "-c", FORK, root], capture_output=True, text=True, timeout=120
        )
        self.assertEqual(done.stdout.strip(), "ok", done.stderr)
        self.assertEqual(done.returncode, 0)
