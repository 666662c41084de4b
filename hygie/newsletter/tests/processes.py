"""Run `hygie …` in another process on the test database, with mail written
to files: the crash and concurrency tests of the sending loop.

On PostgreSQL the process opens the test database itself. On SQLite the test
database lives in memory: it is copied to a file for the process, and the
file copied back once the process is done.
"""

from __future__ import annotations

import email
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

from django.db import connection

ROOT = Path(__file__).resolve().parents[3]
SEPARATOR = b"\n" + b"-" * 79 + b"\n"


class SharedDatabase:
    def __init__(self, folder: Path):
        self.folder = folder
        self.mail_dir = folder / "mails"
        self.mail_dir.mkdir()
        self.sqlite = connection.vendor == "sqlite"

    def env(self, **extra: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("HYGIE_", "DJANGO_"))}
        env["HYGIE_DATA_DIR"] = str(self.folder)
        env["HYGIE_EMAIL_FILE_PATH"] = str(self.mail_dir)
        if not self.sqlite:
            url = urlsplit(os.environ["HYGIE_DATABASE_URL"])
            name = connection.settings_dict["NAME"]
            env["HYGIE_DATABASE_URL"] = url._replace(path=f"/{name}").geturl()
        env.update(extra)
        return env

    def push(self) -> None:
        """SQLite: the test database, as it is now, into the process's file."""
        if self.sqlite:
            connection.ensure_connection()
            target = sqlite3.connect(self.folder / "hygie.sqlite3")
            connection.connection.backup(target)
            target.close()

    def pull(self) -> None:
        """SQLite: what the processes wrote, back into the test database."""
        if self.sqlite:
            source = sqlite3.connect(self.folder / "hygie.sqlite3")
            source.backup(connection.connection)
            source.close()

    def start(self, *args: str, **extra: str) -> subprocess.Popen:
        return subprocess.Popen(
            [sys.executable, "-m", "hygie.cli", *args],
            cwd=ROOT,
            env=self.env(**extra),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )

    def run(self, *args: str, **extra: str) -> tuple[int, str]:
        process = self.start(*args, **extra)
        output, _ = process.communicate(timeout=120)
        return process.returncode, output.decode()

    def messages(self) -> list[email.message.Message]:
        """Every message written by every process, in no particular order."""
        found = []
        for path in sorted(self.mail_dir.iterdir()):
            for chunk in path.read_bytes().split(SEPARATOR):
                if chunk.strip():
                    found.append(email.message_from_bytes(chunk))
        return found
