"""The audit of an uploaded identity file, run in a background thread.

Once the person has confirmed the columns, `start` reads the pending file with
that mapping (hygie.identity.intake) and audits it (hygie.identity.audit) in a
thread of the web process: no task queue, like the documents prepared ahead in
hygie/lib/documents.py. The page polls the job's state, a small JSON file
beside the upload (`<org>-<user>.etat`), which the thread rewrites as it goes;
any worker process can read it.

The file being audited is moved to a name of its job's own
(`<org>-<user>-<job>.encours`), and the state names the job: a new audit or
a deletion by the person stops an older job, which writes nothing. When the
audit is done, that file is deleted and the results (pairs,
groups, anomalies, summary, what could not be read, and the traits of the
records named in a pair) are written to `<org>-<user>.resultat`, in the same
temporary folder, readable by the app alone: the hourly housekeeping deletes
them an hour after the audit at most, and the person can delete them at once.
Nothing reaches the database but the journal's entry, with counts only,
written by the first request that sees the audit done (the thread itself
touches no database).

One audit at a time per process (a million records take about 2 GB): a
second one waits for its turn, and says so.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings

from hygie.identity import intake, uploads
from hygie.identity.audit import audit

logger = logging.getLogger(__name__)

STATE, RESULT, JOURNALED = uploads.AUDIT_SUFFIXES
# A file being audited, named after its job: `<org>-<user>-<job>.encours`.
RUNNING_FILE = ".encours"
# Share of the progress bar given to reading the file (the audit has the rest).
READ_SHARE = 0.3
# Problems of reading kept for the page (the count is kept whole).
PROBLEMS_KEPT = 500
# A running job whose state was not rewritten for this long died with its process.
STALE_SECONDS = 600

RUNNING, DONE, FAILED = "en_cours", "termine", "echec"
FAILED_FR = (
    "L'audit n'a pas pu aller à son terme. Déposez de nouveau le fichier ; si cela se "
    "reproduit, auditez-le avec « hygie identite auditer »."
)

_turn = threading.Semaphore(1)


def _base(org_pk: int, user_pk: int) -> Path:
    return uploads.folder() / f"{org_pk}-{user_pk}"


def _write_json(target: Path, data: Any) -> None:
    """Written beside the target then renamed: never a half-written file."""
    fd, name = tempfile.mkstemp(dir=target.parent, suffix=uploads.PART)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(data, out, ensure_ascii=False)
        os.replace(name, target)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


@dataclass
class State:
    status: str
    share: float = 0.0
    step: str = ""
    message: str = ""

    @property
    def percent(self) -> int:
        return max(0, min(100, int(self.share * 100)))


def state(*, org_pk: int, user_pk: int) -> State | None:
    """The person's audit as it stands, or None when there is none."""
    uploads.purge()
    path = _base(org_pk, user_pk).with_suffix(STATE)
    data = _read_json(path)
    if not isinstance(data, dict):
        return None
    found = State(
        status=str(data.get("status", FAILED)),
        share=float(data.get("share", 0.0)),
        step=str(data.get("step", "")),
        message=str(data.get("message", "")),
    )
    if found.status == RUNNING:
        try:
            age = time.time() - path.stat().st_mtime
        except OSError:
            return None
        if age > STALE_SECONDS:
            found = State(FAILED, message=FAILED_FR)
    return found


def result(*, org_pk: int, user_pk: int) -> dict | None:
    """The finished audit's results, or None (none, or deleted after the hour)."""
    uploads.purge()
    data = _read_json(_base(org_pk, user_pk).with_suffix(RESULT))
    return data if isinstance(data, dict) else None


def discard(*, org_pk: int, user_pk: int) -> None:
    """The audit's state and results deleted (not the pending file)."""
    base = _base(org_pk, user_pk)
    for suffix in uploads.AUDIT_SUFFIXES:
        base.with_suffix(suffix).unlink(missing_ok=True)


class Cancelled(Exception):
    """The person deleted the file and its audit while it ran."""


def first_to_journal(*, org_pk: int, user_pk: int) -> bool:
    """True once per finished audit: for the request that writes its journal entry."""
    try:
        fd = os.open(
            _base(org_pk, user_pk).with_suffix(JOURNALED), os.O_CREAT | os.O_EXCL | os.O_WRONLY
        )
    except FileExistsError:
        return False
    os.close(fd)
    return True


class _Reporter:
    """Writes the job's state, at most every half-second or whole percent.

    The state names its job: when it is gone (the person deleted the file and
    its results) or names another job (a new audit started), this one stops.
    """

    def __init__(self, path: Path, job: str = "") -> None:
        self.path = path
        self.job = job
        self.last = (-1.0, 0.0)

    def write(self, status: str, share: float, step: str, message: str = "") -> None:
        _write_json(
            self.path,
            {"status": status, "share": share, "step": step, "message": message, "job": self.job},
        )
        self.last = (share, time.monotonic())

    def current(self) -> bool:
        data = _read_json(self.path)
        return isinstance(data, dict) and data.get("job") == self.job

    def progress(self, share: float, step: str) -> None:
        previous, at = self.last
        if share - previous >= 0.01 or time.monotonic() - at >= 0.5:
            if not self.current():
                raise Cancelled()
            self.write(RUNNING, share, step)


def start(
    pending: uploads.Pending,
    mapping: intake.Mapping,
    *,
    org_pk: int,
    user_pk: int,
    limits: intake.Limits,
) -> threading.Thread | None:
    """Start the audit of the pending file; in a thread unless the settings say not.

    The file leaves the pending place for one of its job's own, so that a new
    upload meanwhile is neither read nor deleted by this job.
    """
    base = _base(org_pk, user_pk)
    discard(org_pk=org_pk, user_pk=user_pk)
    job_id = secrets.token_hex(8)
    source = base.parent / f"{base.name}-{job_id}{RUNNING_FILE}"
    os.replace(pending.path, source)
    pending.path.with_suffix(uploads.META).unlink(missing_ok=True)
    reporter = _Reporter(base.with_suffix(STATE), job_id)
    reporter.write(RUNNING, 0.0, "En attente de son tour")
    job = _Job(
        reporter,
        base,
        source,
        mapping,
        sheet=pending.sheet,
        name=pending.name,
        limits=limits,
    )
    if not settings.IDENTITY_AUDIT_IN_BACKGROUND:
        job()
        return None
    thread = threading.Thread(target=job, name="hygie-identity-audit", daemon=True)
    thread.start()
    return thread


@dataclass
class _Job:
    reporter: _Reporter
    base: Path
    source: Path
    mapping: intake.Mapping
    sheet: str
    name: str
    limits: intake.Limits

    def __call__(self) -> None:
        try:
            with _turn:
                self._run()
        except Cancelled:
            pass
        except intake.IntakeError as error:
            self._fail(error.message_fr)
        except Exception:
            logger.exception("Identity audit failed")
            self._fail(FAILED_FR)
        finally:
            # The file itself is never kept once its audit is over.
            self.source.unlink(missing_ok=True)

    def _fail(self, message: str) -> None:
        if self.reporter.current():
            self.reporter.write(FAILED, 0.0, "", message)

    def _scaled(self, low: float, high: float) -> Callable[[float, str], None]:
        def progress(share: float, step: str) -> None:
            self.reporter.progress(low + share * (high - low), step)

        return progress

    def _run(self) -> None:
        if not self.reporter.current():
            return
        self.reporter.write(RUNNING, 0.0, "Lecture du fichier")
        read = intake.read(
            self.source,
            self.mapping,
            sheet=self.sheet or None,
            progress=self._scaled(0.0, READ_SHARE),
            limits=self.limits,
        )
        if read.table.num_rows == 0:
            raise intake.IntakeError(
                "Aucune identité n'a pu être lue dans ce fichier : vérifiez les colonnes choisies."
            )
        found = audit(read.table, progress=self._scaled(READ_SHARE, 0.99))
        data = serialise(read, found, self.name)
        if not self.reporter.current():
            return  # deleted by the person, or replaced by a new audit: nothing is written
        _write_json(self.base.with_suffix(RESULT), data)
        self.reporter.write(DONE, 1.0, "Audit terminé")


def serialise(read: intake.Intake, found, name: str) -> dict:
    """What the pages, the downloads and the report need, as JSON."""
    named = {p.id_a for p in found.pairs} | {p.id_b for p in found.pairs}
    records: dict[str, dict] = {}
    if named:
        table = read.table
        ids = table.column("identifiant").to_pylist()
        columns = {c: table.column(c).to_pylist() for c in intake.COLUMNS}
        for i, identifiant in enumerate(ids):
            if identifiant in named and identifiant not in records:
                records[identifiant] = {c: columns[c][i] for c in intake.COLUMNS}
    doublons = sorted((p for p in found.pairs if p.kind == "doublon"), key=lambda p: -p.probability)
    collisions = [p for p in found.pairs if p.kind != "doublon"]
    return {
        "name": name,
        "finished": time.time(),
        "rows": read.table.num_rows,
        "problem_count": read.problem_count,
        "problems": [[p.line, p.column, p.message_fr] for p in read.problems[:PROBLEMS_KEPT]],
        "lines_not_read": len(read.lines_not_read),
        "notices": list(read.notices),
        "summary": found.summary,
        "pairs": [
            {
                "a": p.id_a,
                "b": p.id_b,
                "kind": p.kind,
                "probability": p.probability,
                "agree": list(p.agree),
                "differ": list(p.differ),
            }
            for p in [*doublons, *collisions]
        ],
        "groups": [list(g) for g in found.groups],
        "anomalies": [[a.identifiant, a.ligne, a.kind, a.message_fr] for a in found.anomalies],
        "records": records,
    }
