"""Identitovigilance pages: the public NIR check, and inside an organisation
the hub with the NIR/INS check, the status helper, the MSSanté tools and the
audit of an identity file.

Every tool computes and forgets: nothing typed here is stored nor written
to the journal. A bad input is a French error on the form, answered 400.
The audit goes in steps: the upload (`audit_upload`), which keeps the file in
a temporary folder for an hour at most (hygie/identity/uploads.py); the
columns (`audit_mapping`), where the person confirms or changes the columns
Hygie recognised, which starts the audit in a background thread
(hygie/identity/audit_jobs.py); its progress (`audit_progress`, polled by the
page); then the results (`audit_results`), a pair (`audit_pair`) and the
downloads (`audit_download`: CSV and XLSX of the pairs, the PDF report). The
file is deleted when its audit is over; the results an hour later at most.
A member may keep the report (`audit_keep`): its counts and PDF stay
IDENTITY_REPORT_KEEP_DAYS, listed (`reports`) and shown (`report`,
`report_pdf`) to the members who audit, deleted by its author, the titulaire
or the referent (`report_delete`).
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from hygie.identity import actions, audit_jobs, audit_report, display, intake, uploads
from hygie.identity.forms import (
    MappingForm,
    NirForm,
    PatientAddressForm,
    RecipientForm,
    StatusForm,
    UploadForm,
    confidence_label,
)
from hygie.identity.models import AuditReport
from hygie.lib import documents
from hygie.lib.http import is_htmx
from hygie.orgs.access import get_for_org, org_view

REPORTS_SHOWN = 200


def _nir(request: HttpRequest, template: str) -> HttpResponse:
    form = NirForm(request.POST if request.method == "POST" else None)
    context: dict = {"form": form}
    if form.is_bound and form.is_valid() and form.result is not None:
        context |= display.nir_context(form.result)
    status = 400 if form.errors else 200
    return render(request, template, context, status=status)


def nir_public(request: HttpRequest) -> HttpResponse:
    """Anyone, without an account: the number is checked and forgotten."""
    return _nir(request, "identity/nir_public.html")


@org_view("identity.check")
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "identity/home.html")


@org_view("identity.check")
def nir(request: HttpRequest) -> HttpResponse:
    return _nir(request, "identity/nir.html")


@org_view("identity.check")
def status(request: HttpRequest) -> HttpResponse:
    form = StatusForm(request.POST if request.method == "POST" else None)
    context: dict = {"form": form, **display.reference_context()}
    if form.is_bound and form.is_valid() and form.result is not None:
        context |= display.status_context(form.result)
    return render(request, "identity/status.html", context, status=400 if form.errors else 200)


@org_view("identity.check")
def mssante(request: HttpRequest) -> HttpResponse:
    """Two forms on one page, told apart by their submit button's name."""
    posted = request.POST if request.method == "POST" else None
    address_form = PatientAddressForm(posted if posted and "adresse_patient" in posted else None)
    recipient_form = RecipientForm(posted if posted and "destinataire" in posted else None)
    context: dict = {"address_form": address_form, "recipient_form": recipient_form}
    if address_form.is_bound and address_form.is_valid():
        context["address"] = address_form.result
        context["address_sources"] = display.sources(address_form.result.sources)
    if recipient_form.is_bound and recipient_form.is_valid():
        context["recipient"] = recipient_form.result
        context["recipient_sources"] = display.sources(recipient_form.result.sources)
    bad = (
        address_form.errors
        or recipient_form.errors
        or (posted is not None and not (address_form.is_bound or recipient_form.is_bound))
    )
    return render(request, "identity/mssante.html", context, status=400 if bad else 200)


def _owner(request: HttpRequest) -> dict:
    return {"org_pk": request.org.pk, "user_pk": request.user.pk}


@org_view("identity.audit")
@uploads.identity_upload
def audit_upload(request: HttpRequest) -> HttpResponse:
    refused = getattr(request, "upload_refused", "")
    if request.method == "POST" and not refused and "abandonner" in request.POST:
        uploads.discard(**_owner(request))
        messages.success(request, "Le fichier et les résultats de son audit ont été supprimés.")
        return redirect("identity:audit_upload", request.org.code)
    form = UploadForm(request.POST or None, request.FILES or None) if not refused else UploadForm()
    status = 413 if refused else 200
    if request.method == "POST" and not refused and form.is_valid():
        upload = form.cleaned_data["fichier"]
        if isinstance(upload, uploads.TemporaryUpload):
            _, _, refused = actions.receive_file(
                upload, sheet=form.cleaned_data["feuille"], **_owner(request)
            )
            if not refused:
                return redirect("identity:audit_mapping", request.org.code)
        else:
            refused = "Le fichier n'a pas été reçu : déposez-le de nouveau."
        status = 400
    elif form.is_bound and form.errors:
        status = 400
    context = {
        "form": form,
        "refused": refused,
        "pending": uploads.pending(**_owner(request)),
        "has_results": audit_jobs.result(**_owner(request)) is not None,
        "max_age_minutes": settings.IDENTITY_UPLOAD_MAX_AGE_SECONDS // 60,
    }
    return render(request, "identity/audit_upload.html", context, status=status)


@org_view("identity.audit")
def audit_mapping(request: HttpRequest) -> HttpResponse:
    pending = uploads.pending(**_owner(request))
    if pending is None:
        messages.info(
            request,
            "Aucun fichier en attente : il a été supprimé après une heure, ou n'a pas été déposé.",
        )
        return redirect("identity:audit_upload", request.org.code)
    try:
        inspection = actions.inspect_pending(pending, request.GET.get("feuille"))
    except intake.IntakeError as error:
        uploads.discard(**_owner(request))
        messages.error(request, error.message_fr)
        return redirect("identity:audit_upload", request.org.code)
    proposal = inspection.mapping
    if pending.meta.get("mapping"):
        try:
            saved = intake.Mapping.from_dict(pending.meta["mapping"])
            if saved.columns == proposal.columns:
                proposal = saved
        except intake.IntakeError:
            pass
    form = MappingForm(proposal, request.POST or None)
    context = {"pending": pending, "inspection": inspection, "form": form}
    if request.method == "POST" and form.is_valid():
        actions.start_audit(pending, form.confirmed(), **_owner(request))
        return redirect("identity:audit_progress", request.org.code)
    context["warnings"] = proposal.warnings_fr()
    context["rows"] = [
        (field, confidence_label(proposal.confidence.get(field.name)))
        for field in form.visible_fields()
    ]
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "identity/audit_mapping.html", context, status=status)


def _no_results(request: HttpRequest) -> HttpResponse:
    messages.info(
        request,
        "Aucun résultat d'audit : ils sont supprimés une heure après l'audit, "
        "ou aucun fichier n'a été audité.",
    )
    return redirect("identity:audit_upload", request.org.code)


def _results_or_none(request: HttpRequest) -> dict | None:
    results = audit_jobs.result(**_owner(request))
    if results is not None:
        actions.journal_audit(request, results)
    return results


@org_view("identity.audit")
def audit_progress(request: HttpRequest) -> HttpResponse:
    """The audit under way; htmx asks for the bar again every second."""
    state = audit_jobs.state(**_owner(request))
    if state is None:
        if audit_jobs.result(**_owner(request)) is not None:
            return redirect("identity:audit_results", request.org.code)
        return _no_results(request)
    if state.status == audit_jobs.DONE:
        target = redirect("identity:audit_results", request.org.code)
        if is_htmx(request):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = target.url
            return response
        return target
    context = {"state": state, "failed": state.status == audit_jobs.FAILED}
    if is_htmx(request):
        return render(request, "identity/_audit_progress.html", context)
    return render(request, "identity/audit_progress.html", context)


@org_view("identity.audit")
def audit_results(request: HttpRequest) -> HttpResponse:
    results = _results_or_none(request)
    if results is None:
        return _no_results(request)
    context = {
        "results": results,
        "summary": audit_report.summary(results),
        "doublons": audit_report.pair_rows(results, "doublon"),
        "collisions": audit_report.pair_rows(results, "collision"),
        "groups": audit_report.groups(results),
        "anomalies": audit_report.anomalies(results),
        "problems": audit_report.problems(results),
        "shown": audit_report.SHOWN,
        "max_age_minutes": settings.IDENTITY_UPLOAD_MAX_AGE_SECONDS // 60,
        "keep_days": settings.IDENTITY_REPORT_KEEP_DAYS,
        "kept": actions.kept_already(request.org, results, actor=request.user),
    }
    return render(request, "identity/audit_results.html", context)


@org_view("identity.audit")
def audit_pair(request: HttpRequest, index: int) -> HttpResponse:
    results = _results_or_none(request)
    if results is None:
        return _no_results(request)
    pair = audit_report.pair_detail(results, index)
    if pair is None:
        raise Http404
    return render(request, "identity/audit_pair.html", {"pair": pair, "results": results})


DOWNLOADS = ("csv", "xlsx", "pdf")


@org_view("identity.audit")
def audit_download(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in DOWNLOADS:
        raise Http404
    results = _results_or_none(request)
    if results is None:
        return _no_results(request)
    header = audit_report.PAIR_HEADER
    if fmt == "csv":
        # The file for the software's merge function: doublons only, never a collision.
        rows = audit_report.export_rows(results, "doublon")
        return documents.csv_response("doublons-a-verifier.csv", header, rows)
    if fmt == "xlsx":
        body = documents.xlsx_book_bytes(
            [
                ("Doublons potentiels", header, audit_report.export_rows(results, "doublon")),
                (
                    "Collisions - ne pas fusionner",
                    header,
                    audit_report.export_rows(results, "collision"),
                ),
            ]
        )
        return documents.file_response(body, documents.XLSX_MIME, "paires-a-verifier.xlsx")
    return documents.pdf_response(actions.report_pdf(results, request.org), "audit-identites.pdf")


@org_view("identity.audit")
@require_POST
def audit_keep(request: HttpRequest) -> HttpResponse:
    """« Conserver le rapport »: the audit's counts and PDF report, kept
    IDENTITY_REPORT_KEEP_DAYS; the file and the results still go."""
    results = _results_or_none(request)
    if results is None:
        return _no_results(request)
    report = actions.kept_already(request.org, results, actor=request.user)
    if report is not None:
        messages.info(request, "Ce rapport est déjà conservé.")
        return redirect(report)
    report = actions.keep_report(request.org, results, actor=request.user, request=request)
    messages.success(
        request,
        f"Rapport conservé : il sera supprimé dans {settings.IDENTITY_REPORT_KEEP_DAYS} jours.",
    )
    return redirect(report)


def _kept(request: HttpRequest):
    return AuditReport.objects.filter(org=request.org).select_related("created_by").defer("pdf")


@org_view("identity.audit")
def reports(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "identity/reports.html",
        {"rows": _kept(request)[:REPORTS_SHOWN], "keep_days": settings.IDENTITY_REPORT_KEEP_DAYS},
    )


def _may_delete(request: HttpRequest, report: AuditReport) -> bool:
    return report.created_by_id == request.user.pk or request.membership.can("identity.manage")


@org_view("identity.audit")
def report(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_for_org(_kept(request), request.org, pk=pk)
    return render(
        request,
        "identity/report.html",
        {
            "report": found,
            "rate": audit_report.percent(found.rate),
            "may_delete": _may_delete(request, found),
            "keep_days": settings.IDENTITY_REPORT_KEEP_DAYS,
            "deleted_on": found.created_at + timedelta(days=settings.IDENTITY_REPORT_KEEP_DAYS),
        },
    )


@org_view("identity.audit")
def report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_for_org(AuditReport, request.org, pk=pk)
    return documents.pdf_response(bytes(found.pdf), f"audit-identites-{found.pk}.pdf")


@org_view("identity.audit")
@require_POST
def report_delete(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_for_org(_kept(request), request.org, pk=pk)
    if not _may_delete(request, found):
        raise PermissionDenied(
            "Seuls son auteur, le titulaire et le référent peuvent supprimer ce rapport."
        )
    actions.delete_report(found, actor=request.user, request=request)
    messages.success(request, "Rapport supprimé.")
    return redirect("identity:reports", request.org.code)
