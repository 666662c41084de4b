"""An identity file waits in a temporary folder, never in the database.

A person's upload goes straight to a file of IDENTITY_UPLOAD_DIR, readable
by the app alone, named after the organisation and the person: one pending
file per person and organisation, which a new upload replaces. It is
deleted when the audit is done or abandoned, and by the hourly
housekeeping (and every visit to these pages) once it is older than
IDENTITY_UPLOAD_MAX_AGE_SECONDS. Like the pages of suspicious messages, the
size the browser announces is checked before anything is read, and the
upload stops at IDENTITY_MAX_FILE_BYTES; only then is the CSRF token
checked.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime
from functools import wraps
from pathlib import Path

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopFutureHandlers, StopUpload
from django.views.decorators.csrf import csrf_protect

from hygie.lib.parse import parse_int

SUFFIX = ".fichier"
META = ".json"
PART = ".part"
# The audit's state, results and journal mark (hygie/identity/audit_jobs.py).
AUDIT_SUFFIXES = (".etat", ".resultat", ".journal")


def megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):g} Mo".replace(".", ",")


def file_too_big() -> str:
    return (
        f"Ce fichier dépasse {megabytes(settings.IDENTITY_MAX_FILE_BYTES)} : Hygie ne l'a pas lu. "
        "Exportez seulement les colonnes d'identité (nom, prénoms, sexe, date et lieu de "
        "naissance, NIR, statut, identifiant), ou auditez-le avec « hygie identite auditer »."
    )


def folder() -> Path:
    path = Path(settings.IDENTITY_UPLOAD_DIR)
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


class TemporaryUpload(UploadedFile):
    """The uploaded file, already on disk in the folder; `path` says where."""

    def __init__(self, path: Path, name: str, size: int, content_type: str) -> None:
        super().__init__(None, name, content_type, size)
        self.path = path


class ToFolder(FileUploadHandler):
    """Every file of the request written to the folder, at most `limit` bytes."""

    def __init__(self, request, limit: int) -> None:
        super().__init__(request)
        self.limit = limit
        self.received = 0
        self.out = None

    def new_file(self, *args, **kwargs) -> None:
        super().new_file(*args, **kwargs)
        fd, name = tempfile.mkstemp(dir=folder(), suffix=PART)
        self.path = Path(name)
        self.out = os.fdopen(fd, "wb")
        raise StopFutureHandlers()

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        self.received += len(raw_data)
        if self.received > self.limit:
            self.request.upload_refused = file_too_big()
            self._drop()
            raise StopUpload(connection_reset=False)
        self.out.write(raw_data)

    def _drop(self) -> None:
        if self.out is not None:
            self.out.close()
            self.out = None
            self.path.unlink(missing_ok=True)

    def file_complete(self, file_size: int) -> TemporaryUpload | None:
        if self.out is None:
            return None
        self.out.close()
        self.out = None
        return TemporaryUpload(self.path, self.file_name or "", file_size, self.content_type or "")

    def upload_interrupted(self) -> None:
        self._drop()


def identity_upload(view):
    """Decorate a view that takes an identity file (see the module's docstring)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method == "POST" and request.content_type == "multipart/form-data":
            limit = settings.IDENTITY_MAX_FILE_BYTES
            length = parse_int(request.META.get("CONTENT_LENGTH"))
            if length is not None and length > limit + settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
                request.upload_refused = file_too_big()
                return view(request, *args, **kwargs)
            request.upload_handlers = [ToFolder(request, limit)]
            try:
                request.POST  # noqa: B018 (parsed now, with the handler above)
            except (RequestDataTooBig, TooManyFieldsSent):
                request.upload_refused = file_too_big()
                return view(request, *args, **kwargs)
            if getattr(request, "upload_refused", ""):
                return view(request, *args, **kwargs)
            try:
                return csrf_protect(view)(request, *args, **kwargs)
            finally:
                # A file the view did not keep (refused, invalid form) goes at once.
                for upload in request.FILES.values():
                    if isinstance(upload, TemporaryUpload):
                        upload.path.unlink(missing_ok=True)
        return csrf_protect(view)(request, *args, **kwargs)

    # The CSRF middleware would read the form before the size is checked:
    # csrf_protect above checks it once the form is read.
    wrapper.csrf_exempt = True
    return wrapper


@dataclass
class Pending:
    """A person's identity file waiting for its audit."""

    path: Path
    meta: dict

    @property
    def name(self) -> str:
        return self.meta.get("name", "")

    @property
    def sheet(self) -> str:
        return self.meta.get("sheet", "")

    def update(self, **values) -> None:
        self.meta.update(values)
        _write_meta(self.path, self.meta)


def _base(org_pk: int, user_pk: int) -> Path:
    return folder() / f"{org_pk}-{user_pk}"


def _write_meta(path: Path, meta: dict) -> None:
    target = path.with_suffix(META)
    fd, name = tempfile.mkstemp(dir=path.parent, suffix=PART)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        json.dump(meta, out, ensure_ascii=False)
    os.replace(name, target)


def keep(upload: TemporaryUpload, *, org_pk: int, user_pk: int, sheet: str = "") -> Pending:
    """The upload becomes the person's pending file, replacing any other."""
    base = _base(org_pk, user_pk)
    path = base.with_suffix(SUFFIX)
    os.replace(upload.path, path)
    pending = Pending(
        path, {"name": os.path.basename(upload.name)[:200], "sheet": sheet, "at": time.time()}
    )
    _write_meta(path, pending.meta)
    return pending


def pending(*, org_pk: int, user_pk: int) -> Pending | None:
    """The person's pending file, unless there is none or it is too old."""
    purge()
    path = _base(org_pk, user_pk).with_suffix(SUFFIX)
    try:
        meta = json.loads(path.with_suffix(META).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not path.is_file() or not isinstance(meta, dict):
        return None
    return Pending(path, meta)


def discard(*, org_pk: int, user_pk: int) -> None:
    """The person's file, and its audit's state and results, deleted."""
    base = _base(org_pk, user_pk)
    for suffix in (SUFFIX, META, *AUDIT_SUFFIXES):
        base.with_suffix(suffix).unlink(missing_ok=True)


def purge(now: datetime | None = None) -> int:
    """Delete the files older than the limit; housekeeping calls it hourly."""
    limit = (now.timestamp() if now else time.time()) - settings.IDENTITY_UPLOAD_MAX_AGE_SECONDS
    removed = 0
    try:
        entries = list(os.scandir(settings.IDENTITY_UPLOAD_DIR))
    except OSError:
        return 0
    for entry in entries:
        try:
            if entry.is_file() and entry.stat().st_mtime < limit:
                os.unlink(entry.path)
                removed += 1
        except OSError:
            continue
    return removed
