from __future__ import annotations

from datetime import datetime, time, timedelta

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from hygie.journal.actions import INSTANCE_CHAIN, chain_key, record
from hygie.journal.forms import JournalFilterForm
from hygie.journal.models import Entry
from hygie.journal.verify import copy_differences, verify
from hygie.lib import documents
from hygie.orgs.access import org_view

PAGE_SIZE = 50
# A PDF is for reading and printing; beyond this, CSV and XLSX hold everything.
PDF_MAX_ENTRIES = 500
EXPORT_HEADER = [
    "N°",
    "Date et heure",
    "Personne",
    "Action",
    "Objet",
    "Détails",
    "Adresse IP",
    "Chaîne",
    "Empreinte",
]


def _filtered(request: HttpRequest):
    org = request.org
    memberships = list(org.memberships.select_related("user").order_by("user__full_name"))
    form = JournalFilterForm(request.GET or None, members=[m.user for m in memberships])
    joined = {m.user_id: m.created for m in memberships}
    entries = Entry.objects.for_org(org, joined).order_by("-time", "-id")
    data = {}
    if form.is_bound:
        # is_valid() keeps the valid filters in cleaned_data: they apply even when
        # another one is wrong, so that an export never holds more than was asked.
        form.is_valid()
        data = form.cleaned_data
    if data.get("action"):
        entries = entries.filter(action=data["action"])
    if data.get("actor"):
        entries = entries.filter(actor_id=int(data["actor"]))
    tz = timezone.get_current_timezone()
    if data.get("start"):
        entries = entries.filter(time__gte=datetime.combine(data["start"], time.min, tz))
    if data.get("end"):
        after = datetime.combine(data["end"] + timedelta(days=1), time.min, tz)
        entries = entries.filter(time__lt=after)
    return form, entries


@org_view("journal.view")
def journal(request: HttpRequest) -> HttpResponse:
    form, entries = _filtered(request)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "journal/list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "report": request.session.pop("_journal_report", None),
        },
    )


def _rows(entries):
    for e in entries.iterator(chunk_size=1000):
        yield [
            e.seq,
            e.time,
            e.actor_label,
            e.action_label,
            e.object_label,
            e.details_text,
            e.ip or "",
            e.chain,
            e.hash,
        ]


def _filters_said(form) -> dict:
    """The filters applied, as the form shows them: « personne : Claire Martin (…) »."""
    said = {}
    for name, value in (form.cleaned_data if form.is_bound else {}).items():
        if not value:
            continue
        field = form.fields[name]
        choices = dict(getattr(field, "choices", ()))
        said[str(field.label).lower()] = choices.get(value, value)
    return said


@org_view("journal.view")
def export(request: HttpRequest, fmt: str) -> HttpResponse:
    form, entries = _filtered(request)
    org = request.org
    stamp = timezone.localdate().isoformat()
    filename = f"journal-{org.code}-{stamp}.{fmt}"
    record(
        action="journal.exported",
        org=org,
        actor=request.user,
        details={"format": fmt, "filtres": _filters_said(form)},
        request=request,
    )
    if fmt == "csv":
        return documents.csv_response(filename, EXPORT_HEADER, _rows(entries))
    if fmt == "xlsx":
        return documents.xlsx_response(filename, "Journal", EXPORT_HEADER, _rows(entries))
    pdf = documents.render_pdf(
        "journal/journal_pdf.html",
        {
            "entries": list(entries[:PDF_MAX_ENTRIES]),
            "truncated": entries.count() > PDF_MAX_ENTRIES,
        },
        org=org,
        title="Journal d'audit",
    )
    return documents.pdf_response(pdf, filename)


@org_view("journal.view")
@require_POST
def verify_view(request: HttpRequest) -> HttpResponse:
    """Check the organisation's chain, and the sign-in chain its page draws on.

    The sign-in chain is shared by every organisation: only whether it is
    intact is reported here, not its size or where it broke (that is for
    whoever runs the instance, with `hygie journal verifier`).
    """
    own = verify([chain_key(request.org.pk)])
    sign_ins = verify([INSTANCE_CHAIN])
    copies = copy_differences(request.org)
    ok = own.ok and sign_ins.ok and not copies
    breaks = [str(b) for b in own.breaks] + [f"Modifié hors d'Hygie : {c}" for c in copies]
    if not sign_ins.ok:
        breaks.append(
            "Le journal des connexions, commun à toutes les organisations, a été altéré : "
            "prévenez l'équipe qui héberge Hygie."
        )
    record(
        action="journal.verified",
        org=request.org,
        actor=request.user,
        details={"entrées": own.entries, "intègre": ok},
        request=request,
    )
    request.session["_journal_report"] = {"ok": ok, "entries": own.entries, "breaks": breaks}
    if ok:
        messages.success(
            request,
            f"Journal intègre : {own.entries} entrées vérifiées, "
            "ainsi que le journal des connexions.",
        )
    else:
        messages.error(request, "Le journal a été altéré : voir le détail ci-dessous.")
    return redirect("journal:list", request.org.code)
