"""`hygie serve --workers 2`: two processes answer on one port, and stop together."""

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from django.test import SimpleTestCase

ROOT = Path(__file__).resolve().parents[3]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def workers_of(pid: int) -> list[int]:
    """The worker processes (not multiprocessing's own resource tracker)."""
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        for child in (task / "children").read_text().split():
            cmdline = Path(f"/proc/{child}/cmdline").read_bytes()
            if b"spawn_main" in cmdline:
                found.append(int(child))
    return found


class ServeWorkersTestCase(SimpleTestCase):
    def test_two_workers_answer_and_stop_together(self):
        port = free_port()
        with tempfile.TemporaryDirectory() as data_dir:
            env = {k: v for k, v in os.environ.items() if not k.startswith(("HYGIE_", "DJANGO_"))}
            env["HYGIE_DATA_DIR"] = data_dir
            server = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "hygie.cli",
                    "serve",
                    "--sans-demo",
                    "--port",
                    str(port),
                    "--workers",
                    "2",
                ],
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            try:
                deadline = time.monotonic() + 60
                while True:
                    try:
                        with urllib.request.urlopen(
                            f"http://127.0.0.1:{port}/etat/", timeout=2
                        ) as r:
                            self.assertEqual(r.read(), b"ok")
                        break
                    except OSError:
                        self.assertLess(time.monotonic(), deadline, "Hygie did not start")
                        time.sleep(0.2)
                workers = workers_of(server.pid)
                self.assertEqual(len(workers), 2)
                server.send_signal(signal.SIGTERM)
                self.assertEqual(server.wait(timeout=20), 0)
                for pid in workers:
                    self.assertFalse(
                        Path(f"/proc/{pid}/cmdline").exists(), f"worker {pid} left running"
                    )
            finally:
                if server.poll() is None:
                    # A killed supervisor would leave its workers behind.
                    for pid in workers_of(server.pid):
                        os.kill(pid, signal.SIGKILL)
                    server.kill()
                    server.wait(timeout=10)
