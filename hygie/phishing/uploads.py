"""A message's file is read in memory, and refused in French when too big.

Django would parse an upload before any view sees it (the CSRF check reads
the form), writing a large file to a temporary file on disk, and answer a
form too big with its generic error. The pages that take a message do it
the other way round (Django's documented pattern for changing the upload
handlers in a view): the size the browser announces is checked first, the
file is then kept in memory only and stops at PHISHING_MAX_FILE_BYTES, and
only then is the CSRF token checked. A refusal sets `request.upload_refused`
(a French sentence) and the view renders its form with it, reading nothing
of what was sent.
"""

from __future__ import annotations

from functools import wraps
from io import BytesIO

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopFutureHandlers, StopUpload
from django.views.decorators.csrf import csrf_protect

from hygie.lib.parse import parse_int


def megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):g} Mo".replace(".", ",")


def file_too_big() -> str:
    return (
        f"Ce fichier dépasse {megabytes(settings.PHISHING_MAX_FILE_BYTES)} : Hygie ne l'a pas lu. "
        "Pour un e-mail très lourd (pièces jointes), collez plutôt sa source sans les pièces "
        "jointes, ou analysez-le avec « hygie messages analyser »."
    )


def text_too_big() -> str:
    return (
        f"Le texte collé dépasse {megabytes(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)} : Hygie ne "
        "l'a pas lu. Enregistrez l'e-mail et déposez le fichier (.eml, .msg) à la place."
    )


class InMemoryUpload(FileUploadHandler):
    """Every file of the request in memory, all together at most `limit` bytes."""

    def __init__(self, request, limit: int) -> None:
        super().__init__(request)
        self.limit = limit
        self.received = 0

    def new_file(self, *args, **kwargs) -> None:
        super().new_file(*args, **kwargs)
        self.file = BytesIO()
        raise StopFutureHandlers()

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        self.received += len(raw_data)
        if self.received > self.limit:
            self.request.upload_refused = file_too_big()
            raise StopUpload(connection_reset=False)
        self.file.write(raw_data)

    def file_complete(self, file_size: int) -> InMemoryUploadedFile:
        self.file.seek(0)
        return InMemoryUploadedFile(
            file=self.file,
            field_name=self.field_name,
            name=self.file_name,
            content_type=self.content_type,
            size=file_size,
            charset=self.charset,
            content_type_extra=self.content_type_extra,
        )


def message_upload(view):
    """Decorate a view that takes a message (see the module's docstring)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method == "POST":
            limit = settings.PHISHING_MAX_FILE_BYTES
            length = parse_int(request.META.get("CONTENT_LENGTH"))
            if length is not None and length > limit + settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
                request.upload_refused = file_too_big()
                return view(request, *args, **kwargs)
            request.upload_handlers = [InMemoryUpload(request, limit)]
            try:
                request.POST  # noqa: B018 (parsed now, with the handler above)
            except (RequestDataTooBig, TooManyFieldsSent):
                request.upload_refused = text_too_big()
                return view(request, *args, **kwargs)
            if getattr(request, "upload_refused", ""):
                return view(request, *args, **kwargs)
        return csrf_protect(view)(request, *args, **kwargs)

    # The CSRF middleware would read the form before the size is checked:
    # csrf_protect above checks it once the form is read.
    wrapper.csrf_exempt = True
    return wrapper
