"""Identitovigilance pages: the public NIR check, and inside an organisation
the hub with the NIR/INS check, the status helper, the MSSanté tools and the
audit of an identity file.

Every tool computes and forgets: nothing typed here is stored nor written
to the journal. A bad input is a French error on the form, answered 400.
The audit starts with two steps: the upload (`audit_upload`), which keeps the
file in a temporary folder for an hour at most (hygie/identity/uploads.py),
and the columns (`audit_mapping`), where the person confirms or changes the
columns Hygie recognised, then sees what the file holds and what could not
be read.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from hygie.identity import actions, display, intake, uploads
from hygie.identity.forms import (
    MappingForm,
    NirForm,
    PatientAddressForm,
    RecipientForm,
    StatusForm,
    UploadForm,
    confidence_label,
)
from hygie.orgs.access import org_view


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


PROBLEMS_SHOWN = 200


def _owner(request: HttpRequest) -> dict:
    return {"org_pk": request.org.pk, "user_pk": request.user.pk}


@org_view("identity.audit")
@uploads.identity_upload
def audit_upload(request: HttpRequest) -> HttpResponse:
    refused = getattr(request, "upload_refused", "")
    if request.method == "POST" and not refused and "abandonner" in request.POST:
        uploads.discard(**_owner(request))
        messages.success(request, "Le fichier a été supprimé de Hygie.")
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
        mapping = form.confirmed()
        try:
            result = actions.read_pending(pending, mapping)
        except intake.IntakeError as error:
            context["refused"] = error.message_fr
            return render(request, "identity/audit_mapping.html", context, status=400)
        context.update(
            {
                "result": result,
                "problems": result.problems[:PROBLEMS_SHOWN],
                "problems_more": result.problem_count - min(len(result.problems), PROBLEMS_SHOWN),
                "lines_not_read": len(result.lines_not_read),
                "fields": [
                    (intake.FIELD_LABELS[name], mapping.columns[i] if i is not None else "")
                    for name, i in mapping.fields.items()
                ],
            }
        )
        return render(request, "identity/audit_read.html", context)
    context["warnings"] = proposal.warnings_fr()
    context["rows"] = [
        (field, confidence_label(proposal.confidence.get(field.name)))
        for field in form.visible_fields()
    ]
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "identity/audit_mapping.html", context, status=status)
