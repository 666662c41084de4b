"""The identity-file audit's workflow: a file kept for a while, read, audited, forgotten.

Nothing of the file is stored unless a member keeps the audit's report
(`keep_report`): its counts and its PDF, which names patients, deleted after
IDENTITY_REPORT_KEEP_DAYS by the housekeeping (`purge_reports`). The journal
says that an audit ran, or a report was kept or deleted, with counts only.
"""

from __future__ import annotations

from datetime import UTC, datetime

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from hygie.identity import audit_jobs, audit_report, intake, uploads
from hygie.identity.models import AuditReport
from hygie.journal import actions as journal
from hygie.journal.actions import record
from hygie.lib import documents


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


def report_pdf(results: dict, org) -> bytes:
    """The PDF report of an audit: its counts, pairs, groups and anomalies."""
    limit = audit_report.IN_PDF
    return documents.render_pdf(
        "identity/audit_report_pdf.html",
        {
            "results": results,
            "summary": audit_report.summary(results),
            "doublons": audit_report.pair_rows(results, "doublon", limit),
            "collisions": audit_report.pair_rows(results, "collision", limit),
            "groups": audit_report.groups(results, limit),
            "anomalies": audit_report.anomalies(results, limit),
            "limit": limit,
        },
        org=org,
        title="Audit du fichier d'identités",
        cache_seconds=0,  # about patients: never kept beyond the request
    )


def audited_at(results: dict) -> datetime:
    finished = results.get("finished")
    if isinstance(finished, (int, float)):
        return datetime.fromtimestamp(finished, tz=UTC)
    return timezone.now()


def kept_already(org, results: dict, *, actor) -> AuditReport | None:
    """The report this member already kept of these results, if any."""
    return AuditReport.objects.filter(
        org=org,
        created_by=actor,
        audited_at=audited_at(results),
        file_name=str(results.get("name", ""))[:255],
    ).first()


def keep_report(org, results: dict, *, actor, request: HttpRequest | None = None) -> AuditReport:
    """Keep the audit's counts and PDF report; journaled with counts only."""
    pdf = report_pdf(results, org)
    s = audit_report.summary(results)
    with transaction.atomic():
        report = AuditReport.objects.create(
            org=org,
            created_by=actor,
            audited_at=audited_at(results),
            file_name=str(results.get("name", ""))[:255],
            rows=int(results.get("rows", 0)),
            records=s["records"],
            doublons=s["doublons"],
            groups=s["groups"],
            extra_records=s["extra_records"],
            rate=float(results["summary"].get("taux_doublons", 0.0)),
            collisions=s["collisions"],
            twins=s["twins"],
            anomalies=s["anomalies"],
            problems=s["problem_count"],
            pdf=pdf,
        )
        record(
            action="identity.report_kept",
            org=org,
            actor=actor,
            obj=report,
            details={**report.counts(), "durée (jours)": settings.IDENTITY_REPORT_KEEP_DAYS},
            request=request,
        )
    return report


@transaction.atomic
def delete_report(report: AuditReport, *, actor, request: HttpRequest | None = None) -> None:
    record(
        action="identity.report_deleted",
        org=report.org,
        actor=actor,
        obj=report,
        object_label=str(report),
        details=report.counts(),
        request=request,
    )
    report.delete()


def purge_reports(now: datetime | None = None) -> int:
    """Delete the reports kept longer than IDENTITY_REPORT_KEEP_DAYS, journaled
    per organisation (how many, never what). Returns how many went."""
    return journal.purge_reports(
        AuditReport.objects.all(),
        action="identity.reports_purged",
        days=settings.IDENTITY_REPORT_KEEP_DAYS,
        now=now or timezone.now(),
    )


def housekeeping(now: datetime | None = None) -> None:
    """Hourly: the uploads and results past their hour, the reports past their days."""
    uploads.purge(now)
    purge_reports(now)
