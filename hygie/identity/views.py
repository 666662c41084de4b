"""Identitovigilance pages: the public NIR check, and inside an organisation
the hub with the NIR/INS check, the status helper and the MSSanté tools.

Every tool computes and forgets: nothing typed here is stored nor written
to the journal. A bad input is a French error on the form, answered 400.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from hygie.identity import display
from hygie.identity.forms import NirForm, PatientAddressForm, RecipientForm, StatusForm
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
