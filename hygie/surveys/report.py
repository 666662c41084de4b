"""A survey's PDF report, laid out in the background while a page shows its progress.

The report of 2,000 responses takes seconds to lay out. Asked for when it is
not in the cache, it is started in a thread of the web process (no task
queue, as hygie/lib/documents.py's documents prepared ahead), and the person
waits on a page « Rapport en préparation » that htmx polls.

1. The request renders the report's HTML (hygie.lib.documents.prepare_pdf):
   its digest names the document, so a new response or a changed question
   makes a new report, and the same survey state is one report whoever asks.
2. The layout of a digest is claimed with `cache.add`, atomic in Redis (and
   in the process's own cache when Hygie runs as one process): of two
   requests at once, one starts the layout, the other waits for it.
3. The thread writes the job's state (step, failure) in the cache, readable by
   every worker, under the survey and the version (the animateur's report or
   the published one); the layout itself touches no database.

A layout whose state was not rewritten for STALE_SECONDS died with its
process: it is shown as failed, and asking again starts a new one.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

from hygie.lib import documents

logger = logging.getLogger(__name__)

RUNNING, DONE, FAILED = "en_cours", "pret", "echec"
STALE_SECONDS = 300
FAILED_FR = (
    "La mise en page du rapport n'a pas abouti. Demandez-le de nouveau ; si cela se "
    "reproduit, téléchargez les réponses en CSV ou XLSX en attendant."
)
STALE_FR = (
    "La mise en page du rapport s'est interrompue (le serveur a peut-être redémarré). "
    "Demandez-le de nouveau."
)
WAITING_FR = "En attente de son tour"


@dataclass(frozen=True)
class State:
    status: str
    step: str = ""
    message: str = ""
    key: str = ""
    started: float = 0.0

    @property
    def failed(self) -> bool:
        return self.status == FAILED

    @property
    def done(self) -> bool:
        return self.status == DONE


def _state_key(survey_pk: int, version: str) -> str:
    return f"surveys:rapport:{survey_pk}:{version}"


def _claim_key(key: str) -> str:
    return f"{key}:mise-en-page"


def _write(survey_pk: int, version: str, state: State) -> None:
    cache.set(
        _state_key(survey_pk, version),
        {
            "status": state.status,
            "step": state.step,
            "message": state.message,
            "key": state.key,
            "started": state.started,
            "written": time.time(),
        },
        max(settings.PDF_CACHE_SECONDS, STALE_SECONDS),
    )


def state(survey_pk: int, version: str) -> State | None:
    """The report's layout as it stands, or None when none was asked for."""
    data = cache.get(_state_key(survey_pk, version))
    if not isinstance(data, dict):
        return None
    found = State(
        status=str(data.get("status", FAILED)),
        step=str(data.get("step", "")),
        message=str(data.get("message", "")),
        key=str(data.get("key", "")),
        started=float(data.get("started", 0.0)),
    )
    if found.status == RUNNING and time.time() - float(data.get("written", 0)) > STALE_SECONDS:
        return State(FAILED, message=STALE_FR, key=found.key)
    if found.done and documents.cached_pdf(found.key) is None:
        return None  # out of the cache since: to be laid out again
    return found


def ask(
    survey_pk: int, version: str, prepared: documents.PreparedPdf
) -> tuple[bytes | None, State, threading.Thread | None]:
    """The report if it is ready; else its layout's state, started if nobody did.

    Returns (pdf or None, state, the thread started by this call or None). In
    tests (PREPARE_DOCUMENTS off) the layout runs within the call.
    """
    if (pdf := prepared.pdf or documents.cached_pdf(prepared.key)) is not None:
        return pdf, State(DONE, key=prepared.key), None
    current = state(survey_pk, version)
    if current is not None and current.failed and current.key == prepared.key:
        # Asked again after a failure: the claim is given up, a new layout may start.
        cache.delete(_claim_key(prepared.key))
    if not cache.add(_claim_key(prepared.key), time.time(), STALE_SECONDS):
        if current is None or current.key != prepared.key or current.failed:
            # The winner of the claim has not written its state yet.
            current = State(RUNNING, step=WAITING_FR, key=prepared.key, started=time.time())
        return None, current, None
    started = State(RUNNING, step=WAITING_FR, key=prepared.key, started=time.time())
    _write(survey_pk, version, started)
    job = _Job(survey_pk, version, prepared, started.started)
    if not settings.PREPARE_DOCUMENTS:
        job()
        return job.pdf, state(survey_pk, version) or started, None
    thread = threading.Thread(target=job, name="hygie-survey-report", daemon=True)
    thread.start()
    return None, started, thread


@dataclass
class _Job:
    survey_pk: int
    version: str
    prepared: documents.PreparedPdf
    started: float
    pdf: bytes | None = None

    def write(self, status: str, step: str = "", message: str = "") -> None:
        _write(
            self.survey_pk,
            self.version,
            State(status, step, message, key=self.prepared.key, started=self.started),
        )

    def __call__(self) -> None:
        try:
            self.pdf = documents.layout_pdf(self.prepared, step=lambda s: self.write(RUNNING, s))
        except Exception:
            logger.exception("Survey report layout failed")
            self.write(FAILED, message=FAILED_FR)
        else:
            self.write(DONE, "Rapport prêt")
        finally:
            # Done: the cache answers; failed: asking again starts a new layout.
            cache.delete(_claim_key(self.prepared.key))
