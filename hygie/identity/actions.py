"""The identity-file audit's workflow: a file kept for a while, read, forgotten."""

from __future__ import annotations

from django.conf import settings

from hygie.identity import intake, uploads


def limits() -> intake.Limits:
    return intake.Limits(max_bytes=settings.IDENTITY_MAX_FILE_BYTES)


def receive_file(
    upload: uploads.TemporaryUpload, *, org_pk: int, user_pk: int, sheet: str = ""
) -> tuple[uploads.Pending | None, intake.Inspection | None, str]:
    """The uploaded file inspected and kept as the person's pending file.

    A file Hygie cannot read is deleted at once; the French reason is returned.
    """
    try:
        inspection = intake.inspect(upload.path, sheet=sheet or None, limits=limits())
    except intake.IntakeError as error:
        upload.path.unlink(missing_ok=True)
        return None, None, error.message_fr
    pending = uploads.keep(upload, org_pk=org_pk, user_pk=user_pk, sheet=inspection.sheet)
    pending.update(mapping=inspection.mapping.to_dict())
    return pending, inspection, ""


def inspect_pending(pending: uploads.Pending, sheet: str | None = None) -> intake.Inspection:
    """The pending file's first rows again (another sheet if asked)."""
    inspection = intake.inspect(pending.path, sheet=sheet or pending.sheet or None, limits=limits())
    if inspection.sheet != pending.sheet:
        pending.update(sheet=inspection.sheet, mapping=inspection.mapping.to_dict())
    return inspection


def read_pending(pending: uploads.Pending, mapping: intake.Mapping) -> intake.Intake:
    """The whole pending file read with the mapping the person confirmed."""
    pending.update(mapping=mapping.to_dict(), confirmed=True)
    return intake.read(pending.path, mapping, sheet=pending.sheet or None, limits=limits())
