"""The identity-file audit's workflow: a file kept for a while, read, audited, forgotten."""

from __future__ import annotations

from django.conf import settings

from hygie.identity import audit_jobs, intake, uploads
from hygie.journal.actions import record


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


def start_audit(
    pending: uploads.Pending, mapping: intake.Mapping, *, org_pk: int, user_pk: int
) -> None:
    """The pending file's audit started with the columns the person confirmed."""
    pending.update(mapping=mapping.to_dict(), confirmed=True)
    audit_jobs.start(pending, mapping, org_pk=org_pk, user_pk=user_pk, limits=limits())


def journal_audit(request, results: dict) -> None:
    """The journal says that an audit ran, with counts only (once per audit)."""
    if not audit_jobs.first_to_journal(org_pk=request.org.pk, user_pk=request.user.pk):
        return
    s = results["summary"]
    record(
        action="identity.audit_ran",
        org=request.org,
        actor=request.user,
        details={
            "Identités lues": int(s.get("enregistrements", 0)),
            "Doublons potentiels (paires)": int(s.get("doublons", 0)),
            "Groupes de doublons": int(s.get("groupes", 0)),
            "Collisions potentielles (paires)": int(s.get("collisions", 0)),
            "Anomalies": int(s.get("anomalies", 0)),
            "Problèmes de lecture": int(results.get("problem_count", 0)),
        },
        request=request,
    )
