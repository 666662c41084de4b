"""The practice's backups: its plan, its log and what is due."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from hygie.backups import actions, exports, status
from hygie.backups.forms import BackupRunForm, DestructionForm, PlanForm, RestoreTestForm
from hygie.backups.models import BackupRun, Destruction, PlannedBackup, RestoreTest
from hygie.content import library
from hygie.lib import documents
from hygie.lib.parse import parse_id
from hygie.orgs.access import get_for_org, org_view, require
from hygie.orgs.models import Membership

RECENT = 5
LOG_LIMIT = 500
# Where the retention of the practice's data comes from, for the destruction form.
DESTRUCTION_SOURCES = [
    {"ref": "seed-003", "detail": "Sauvegardes, bonnes pratiques (destruction des données)"},
    {"ref": "cnil-referentiel-cabinets", "detail": "durées de conservation"},
    {"ref": "cnil-guide-securite", "detail": "fiche n° 15, fin de vie des matériels"},
]


@org_view("backups.view")
def home(request: HttpRequest) -> HttpResponse:
    org = request.org
    today = timezone.localdate()
    plan = status.with_deadlines(status.plan_of(org))
    for planned in plan:
        planned.traits = status.traits(planned, today)
    return render(
        request,
        "backups/home.html",
        {
            "plan": plan,
            "gaps": status.shown_gaps(org, plan, today, request.membership),
            "runs": BackupRun.objects.filter(org=org).select_related("planned", "by")[:RECENT],
            "tests": RestoreTest.objects.filter(org=org).select_related("planned", "by")[:RECENT],
            "destructions": Destruction.objects.filter(org=org).select_related("by")[:RECENT],
            "can_log": request.membership.can("backups.log"),
            "can_plan": request.membership.can("backups.plan"),
            "now": timezone.now(),
            "today": today,
        },
    )


@org_view("backups.view")
def log(request: HttpRequest) -> HttpResponse:
    """The whole log: backups, restore tests and destructions."""
    org = request.org
    return render(
        request,
        "backups/log.html",
        {
            "runs": BackupRun.objects.filter(org=org).select_related("planned", "by")[:LOG_LIMIT],
            "tests": RestoreTest.objects.filter(org=org).select_related("planned", "by")[
                :LOG_LIMIT
            ],
            "destructions": Destruction.objects.filter(org=org).select_related("by", "planned")[
                :LOG_LIMIT
            ],
            "can_log": request.membership.can("backups.log"),
            "user_id": request.user.pk,
            "can_plan": request.membership.can("backups.plan"),
        },
    )


# --- The plan -------------------------------------------------------------------


def _plan_form(request: HttpRequest, planned: PlannedBackup | None) -> PlanForm:
    members = list(
        Membership.objects.filter(org=request.org)
        .allowed("backups.log")
        .select_related("user")
        .order_by("user__full_name")
    )
    processors = list(request.org.processors.all())
    initial = {}
    if planned is not None:
        initial = {
            name: getattr(planned, name)
            for name in actions.PLAN_FIELDS
            if name not in ("processor", "responsible")
        }
        initial["processor"] = planned.processor_id
        initial["responsible"] = planned.responsible_id
    return PlanForm(request.POST or None, initial=initial, members=members, processors=processors)


def _plan_page(request: HttpRequest, planned: PlannedBackup | None) -> HttpResponse:
    form = _plan_form(request, planned)
    if request.method == "POST" and form.is_valid():
        if planned is None:
            planned = actions.add_planned(
                request.org, form.cleaned_data, actor=request.user, request=request
            )
            messages.success(request, f"« {planned} » ajoutée au plan, avec ses échéances.")
        elif actions.change_planned(
            planned, form.cleaned_data, actor=request.user, request=request
        ):
            messages.success(request, f"« {planned} » enregistrée.")
        return redirect(planned.get_absolute_url())
    return render(
        request,
        "backups/plan_form.html",
        {"form": form, "planned": planned},
        status=400 if form.errors else 200,
    )


@org_view("backups.plan")
def plan_new(request: HttpRequest) -> HttpResponse:
    return _plan_page(request, None)


@org_view("backups.plan")
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    planned = get_for_org(PlannedBackup.objects.active(), request.org, pk=pk)
    return _plan_page(request, planned)


@org_view("backups.plan")
@require_POST
def plan_retire(request: HttpRequest, pk: int) -> HttpResponse:
    planned = get_for_org(PlannedBackup, request.org, pk=pk)
    actions.retire(planned, actor=request.user, request=request)
    messages.success(request, f"« {planned} » retirée du plan ; son journal est gardé.")
    return redirect("backups:home", request.org.code)


# --- The log --------------------------------------------------------------------


def _log_form(request: HttpRequest, form_class):
    """A line of the log about a copy in force, the one it was opened for
    (`?sauvegarde=`) chosen."""
    return form_class(
        request.POST or None,
        plan=list(PlannedBackup.objects.filter(org=request.org).active()),
        initial={"planned": parse_id(request.GET.get("sauvegarde"))},
    )


@org_view("backups.log")
@require_POST
def run(request: HttpRequest, pk: int) -> HttpResponse:
    """« Sauvegarde faite aujourd'hui »: one click, from a phone too."""
    planned = get_for_org(PlannedBackup, request.org, pk=pk)
    try:
        actions.log_backup(
            planned, done_on=timezone.localdate(), actor=request.user, request=request
        )
    except actions.Refused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, f"Sauvegarde notée pour aujourd'hui : {planned}.")
    return redirect(planned.get_absolute_url())


@org_view("backups.log")
def run_new(request: HttpRequest) -> HttpResponse:
    """A backup done on another day."""
    form = _log_form(request, BackupRunForm)
    if request.method == "POST" and form.is_valid():
        planned = form.cleaned_data["planned"]
        actions.log_backup(
            planned,
            done_on=form.cleaned_data["done_on"],
            note=form.cleaned_data["note"],
            actor=request.user,
            request=request,
        )
        messages.success(request, f"Sauvegarde du {form.cleaned_data['done_on']:%d/%m/%Y} notée.")
        return redirect(planned.get_absolute_url())
    return render(
        request, "backups/run_form.html", {"form": form}, status=400 if form.errors else 200
    )


@org_view("backups.log")
@require_POST
def run_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """A backup logged by mistake: its author, or who sets the plan, removes it."""
    found = get_for_org(BackupRun.objects.select_related("planned"), request.org, pk=pk)
    if found.by_id != request.user.pk:
        require(request.membership, "backups.plan")
    actions.delete_backup(found, actor=request.user, request=request)
    messages.success(
        request, f"La sauvegarde du {found.done_on:%d/%m/%Y} a été retirée du journal."
    )
    return redirect("backups:log", request.org.code)


@org_view("backups.log")
def restore_new(request: HttpRequest) -> HttpResponse:
    form = _log_form(request, RestoreTestForm)
    if request.method == "POST" and form.is_valid():
        planned = form.cleaned_data["planned"]
        test = actions.log_restore_test(
            planned, form.cleaned_data, actor=request.user, request=request
        )
        if test.succeeded:
            messages.success(request, "Test de restauration noté : c'est votre preuve.")
        else:
            messages.warning(
                request,
                "Test noté. La restauration n'a pas entièrement marché : corrigez avec votre "
                "prestataire ou votre éditeur, puis refaites le test dans la semaine.",
            )
        return redirect(planned.get_absolute_url())
    return render(
        request, "backups/restore_form.html", {"form": form}, status=400 if form.errors else 200
    )


@org_view("backups.log")
def destruction_new(request: HttpRequest) -> HttpResponse:
    form = DestructionForm(
        request.POST or None, plan=list(PlannedBackup.objects.filter(org=request.org))
    )
    if request.method == "POST" and form.is_valid():
        actions.log_destruction(request.org, form.cleaned_data, actor=request.user, request=request)
        messages.success(request, "Destruction notée.")
        return redirect(reverse("backups:home", args=[request.org.code]) + "#destructions")
    return render(
        request,
        "backups/destruction_form.html",
        {"form": form, "sources": library.cite(DESTRUCTION_SOURCES)},
        status=400 if form.errors else 200,
    )


# --- Exports --------------------------------------------------------------------


@org_view("backups.view")
def export(request: HttpRequest, what: str, fmt: str) -> HttpResponse:
    """The plan or the log as CSV; both, with the gaps, as one PDF."""
    org = request.org
    day = timezone.localdate().isoformat()
    if fmt == "pdf":
        if what != "sauvegardes":
            raise Http404("Document inconnu")
        pdf = exports.pdf(org, timezone.now())
        return documents.pdf_response(pdf, f"sauvegardes-{org.code}-{day}.pdf")
    tables = {"plan": exports.plan_table, "journal": exports.log_table}
    if what not in tables:
        raise Http404("Tableau inconnu")
    header, rows = tables[what](org)
    return documents.csv_response(f"sauvegardes-{what}-{org.code}-{day}.csv", header, rows)
