"""Benchmark results are committed: they must not carry the paths of the
machine they ran on."""

import importlib.util
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from django.test import SimpleTestCase

ROOT = Path(__file__).resolve().parents[2]
# A path of some machine: where it starts (not inside a URL or a word).
MACHINE_PATH = re.compile(
    r"(?<![\w.:/~$-])/(?:work|home|root|tmp|Users|private|var/folders|mnt|srv|opt|usr)(?=/|\b)"
)


def committed_results() -> list[Path]:
    """The files under a results folder of bench/ that the repository holds."""
    git = shutil.which("git")
    done = git and subprocess.run(
        [git, "ls-files", "-z", "--", "bench"], cwd=ROOT, capture_output=True, check=False
    )
    if done and done.returncode == 0:
        names = [name for name in done.stdout.decode().split("\0") if name]
    else:  # not a git checkout: whatever bench/ holds
        names = [str(p.relative_to(ROOT)) for p in (ROOT / "bench").rglob("*") if p.is_file()]
    return [ROOT / name for name in names if "/results/" in name]


def web_bench():
    spec = importlib.util.spec_from_file_location("web_bench", ROOT / "bench" / "web" / "run.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class BenchResultsTestCase(SimpleTestCase):
    def test_no_committed_bench_result_holds_a_path_of_the_machine_it_ran_on(self):
        results = committed_results()
        self.assertTrue(results)
        for path in results:
            with self.subTest(result=str(path.relative_to(ROOT))):
                found = MACHINE_PATH.findall(path.read_text(errors="replace"))
                self.assertEqual(found, [])

    def test_the_bench_writes_paths_relative_to_the_repository(self):
        command = (
            f"{sys.prefix}/bin/python3 {ROOT}/bench/quiz/players.py "
            f"--out={tempfile.gettempdir()}/hygie-quiz-bench-1/players.json "
            f"--base=http://127.0.0.1:8000/jouer"
        )
        with tempfile.TemporaryDirectory() as folder:
            out = Path(folder) / "result.json"
            web_bench().write_results(out, {"processes": [{"command": command, "cwd": str(ROOT)}]})
            written = json.loads(out.read_text())["processes"][0]
        self.assertEqual(MACHINE_PATH.findall(json.dumps(written)), [])
        self.assertIn(" bench/quiz/players.py ", written["command"])
        self.assertIn("--base=http://127.0.0.1:8000/jouer", written["command"])
        self.assertEqual(written["cwd"], ".")
