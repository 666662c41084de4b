from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from hygie.content import library
from hygie.diagnostic import actions, chart, discovery, measures, results
from hygie.diagnostic.forms import ContactsForm, PlanItemForm, ProfileForm
from hygie.diagnostic.models import Assessment, PlanItem, PlanItemStatus
from hygie.diagnostic.profile import is_complete
from hygie.diagnostic.scoring import applicable
from hygie.lib import documents
from hygie.lib.parse import parse_id
from hygie.orgs import actions as orgs_actions
from hygie.orgs.access import get_for_org, org_view
from hygie.orgs.models import Contacts, Membership

HISTORY_LIMIT = 200
PLAN_HEADER = [
    "Rang",
    "Action",
    "Thème",
    "Priorité",
    "Effort",
    "État",
    "Responsable",
    "À faire avant le",
    "Note",
    "Preuve",
]
ANSWERS_HEADER = ["Thème", "Mesure", "Question", "Réponse", "Valeur (0–3)", "Poids", "Sources"]


# --- Overview and history ------------------------------------------------------


@org_view("diagnostic.plan")
def home(request: HttpRequest) -> HttpResponse:
    if not request.membership.can("diagnostic.answer"):
        return redirect("diagnostic:plan", request.org.code)
    org = request.org
    history = list(
        org.assessments.exclude(completed_at=None)
        .order_by("-completed_at")
        .only("pk", "org_id", "completed_at", "indice", "theme_indices", "unknown")[:HISTORY_LIMIT]
    )
    latest = history[0] if history else None
    current = actions.result_of(latest, with_plan=True) if latest else None
    catalogue = measures.catalogue()
    return render(
        request,
        "diagnostic/home.html",
        {
            "draft": actions.draft_of(org),
            "latest": latest,
            "current": current,
            "history": history,
            "chart": chart.history_svg(list(reversed(history))) if len(history) > 1 else "",
            "theme_charts": chart.theme_rows(list(reversed(history)), catalogue.themes)
            if len(history) > 1
            else [],
            "now": timezone.now(),
            "open_plan_items": org.plan_items.filter(
                status__in=[PlanItemStatus.TODO, PlanItemStatus.DOING]
            ).count(),
        },
    )


# --- Taking a diagnostic ----------------------------------------------------------


def _assessment(request: HttpRequest, pk: int, *, draft: bool | None = None) -> Assessment:
    assessment = get_for_org(Assessment.objects.select_related("org"), request.org, pk=pk)
    if draft is True and assessment.is_completed:
        raise Http404("Ce diagnostic est terminé.")
    if draft is False and not assessment.is_completed:
        raise Http404("Ce diagnostic n'est pas terminé.")
    return assessment


@org_view("diagnostic.answer")
@require_POST
def start(request: HttpRequest) -> HttpResponse:
    assessment = actions.start(request.org, actor=request.user, request=request)
    return redirect("diagnostic:profile", request.org.code, assessment.pk)


@org_view("diagnostic.answer")
def profile(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _assessment(request, pk, draft=True)
    form = ProfileForm(request.POST or None, initial=assessment.profile)
    if request.method == "POST" and form.is_valid():
        actions.save_profile(assessment, form.cleaned_data, actor=request.user, request=request)
        return redirect("diagnostic:theme", request.org.code, assessment.pk, 1)
    return render(
        request,
        "diagnostic/profile.html",
        {"assessment": assessment, "form": form, "themes": measures.catalogue().themes},
        status=400 if form.errors else 200,
    )


def _progress(assessment: Assessment, asked, answers, carried=None) -> dict:
    """Answers given or confirmed, among the measures asked; those carried from
    the last diagnostic are counted apart."""
    total = len(asked)
    done = sum(1 for m in asked if m.key in answers)
    to_confirm = sum(1 for m in asked if m.key in (carried or {}) and m.key not in answers)
    return {
        "done": done,
        "total": total,
        "percent": (100 * done // total) if total else 100,
        "to_confirm": to_confirm,
    }


def _carried(assessment: Assessment) -> tuple[dict[str, str], object]:
    """The answers still to confirm, and when the diagnostic they come from ended."""
    carried = actions.carried_of(assessment)
    since = (
        assessment.answers.exclude(carried_from=None).values_list("carried_from", flat=True).first()
        if carried
        else None
    )
    return carried, since


def _theme_context(request, assessment, number):
    catalogue = measures.catalogue()
    themes = [t for t in catalogue.themes]
    if not 1 <= number <= len(themes):
        raise Http404("Thème inconnu")
    theme = themes[number - 1]
    asked = applicable(catalogue, assessment.profile)
    answers = actions.answers_of(assessment)
    carried, since = _carried(assessment)
    counts = {t.key: [0, 0] for t in themes}
    for m in asked:
        counts[m.theme][1] += 1
        if m.key in answers:
            counts[m.theme][0] += 1
    # (measure, chosen option, carried: checked but still to confirm, and the
    # record it was answered from: the backups' journal, say)
    proven = actions.evidence_of(assessment.org)
    items = []
    for m in asked:
        if m.theme != theme.key:
            continue
        chosen = answers.get(m.key, carried.get(m.key))
        was_carried = m.key not in answers and m.key in carried
        evidence = proven.get(m.key)
        if evidence is not None and (was_carried or evidence.choice != chosen):
            evidence = None
        items.append((m, chosen, was_carried, evidence))
    return {
        "assessment": assessment,
        "theme": theme,
        "number": number,
        "themes": [(i, t, counts[t.key]) for i, t in enumerate(themes, start=1)],
        "items": items,
        "carried_since": since,
        "to_confirm_here": sum(1 for _, _, c, _ in items if c),
        "progress": _progress(assessment, asked, answers, carried),
        "previous": number - 1 if number > 1 else None,
        "next": number + 1 if number < len(themes) else None,
    }


@org_view("diagnostic.answer")
def theme(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    assessment = _assessment(request, pk, draft=True)
    if not is_complete(assessment.profile):
        messages.info(request, "Répondez d'abord aux questions sur votre cabinet.")
        return redirect("diagnostic:profile", request.org.code, assessment.pk)
    errors = []
    if request.method == "POST":
        catalogue = measures.catalogue()
        asked = {m.key: m for m in applicable(catalogue, assessment.profile)}
        chosen = []
        for key, value in request.POST.items():
            if not key.startswith("m-"):
                continue
            measure = asked.get(key[2:])
            if measure is None or measure.option(value) is None:
                errors.append(
                    "Une réponse envoyée n'existe pas : rechargez la page et recommencez."
                )
                break
            chosen.append((measure, value))
        if not errors:
            actions.save_answers(assessment, chosen, actor=request.user)
            target = request.POST.get("aller", "")
            if target == "resultat":
                return redirect("diagnostic:review", request.org.code, assessment.pk)
            if (next_number := parse_id(target)) is not None:
                return redirect("diagnostic:theme", request.org.code, assessment.pk, next_number)
            return redirect("diagnostic:theme", request.org.code, assessment.pk, number)
    context = _theme_context(request, assessment, number)
    context["errors"] = errors
    return render(request, "diagnostic/theme.html", context, status=400 if errors else 200)


@org_view("diagnostic.answer")
@require_POST
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    """Save one answer as it is chosen (htmx); the page's form saves them all otherwise."""
    assessment = _assessment(request, pk, draft=True)
    catalogue = measures.catalogue()
    asked = {m.key: m for m in applicable(catalogue, assessment.profile)}
    measure = asked.get(request.POST.get("mesure", ""))
    choice = request.POST.get("choix", "")
    if measure is None or measure.option(choice) is None:
        return HttpResponseBadRequest(
            "Réponse non reconnue : rechargez la page.", content_type="text/plain; charset=utf-8"
        )
    actions.save_answer(assessment, measure, choice, actor=request.user)
    answers = actions.answers_of(assessment)
    progress = _progress(assessment, list(asked.values()), answers, actions.carried_of(assessment))
    same_theme = [m for m in asked.values() if m.theme == measure.theme]
    return render(
        request,
        "diagnostic/_saved.html",
        {
            "progress": progress,
            "measure": measure,
            "option": measure.option(choice),
            "theme_total": len(same_theme),
            "theme_done": sum(1 for m in same_theme if m.key in answers),
        },
    )


@org_view("diagnostic.answer")
def review(request: HttpRequest, pk: int) -> HttpResponse:
    """Before completing: what is left unanswered."""
    assessment = _assessment(request, pk, draft=True)
    catalogue = measures.catalogue()
    asked = applicable(catalogue, assessment.profile)
    answers = actions.answers_of(assessment)
    carried, since = _carried(assessment)
    numbers = {t.key: i for i, t in enumerate(catalogue.themes, start=1)}
    missing = [(m, numbers[m.theme]) for m in asked if m.key not in answers]
    return render(
        request,
        "diagnostic/review.html",
        {
            "assessment": assessment,
            "missing": [(m, n) for m, n in missing if m.key not in carried],
            "to_confirm": [(m, n) for m, n in missing if m.key in carried],
            "carried_since": since,
            "progress": _progress(assessment, asked, answers, carried),
        },
    )


@org_view("diagnostic.answer")
@require_POST
def finish(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _assessment(request, pk, draft=True)
    if not is_complete(assessment.profile):
        return redirect("diagnostic:profile", request.org.code, assessment.pk)
    actions.finish(assessment, actor=request.user, request=request)
    messages.success(request, "Diagnostic terminé. Voici vos six actions prioritaires.")
    return redirect("diagnostic:result", request.org.code, assessment.pk)


@org_view("diagnostic.answer")
@require_POST
def discard(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _assessment(request, pk, draft=True)
    actions.discard(assessment, actor=request.user, request=request)
    messages.success(request, "Le diagnostic en cours a été supprimé.")
    return redirect("diagnostic:home", request.org.code)


# --- Results, report and exports ------------------------------------------------


@org_view("diagnostic.answer")
def result(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _assessment(request, pk, draft=False)
    context = results.result_context(request.org, assessment)
    return render(request, "diagnostic/result.html", context)


@org_view("diagnostic.answer")
def report(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _assessment(request, pk, draft=False)
    pdf = results.report_pdf(request.org, assessment)
    day = timezone.localtime(assessment.completed_at).date().isoformat()
    return documents.pdf_response(pdf, f"diagnostic-{request.org.code}-{day}.pdf")


def _answer_rows(assessment):
    catalogue = measures.catalogue()
    answers = actions.answers_of(assessment)
    themes = catalogue.theme_by_key
    for m in applicable(catalogue, assessment.profile):
        option = m.option(answers.get(m.key, ""))
        yield [
            themes[m.theme].title,
            m.key,
            m.question,
            option.label if option else "Sans réponse",
            "" if option is None or option.value is None else option.value,
            m.weight,
            " ; ".join(c["ref"] for c in (m.source or [])),
        ]


@org_view("diagnostic.answer")
def export_answers(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    assessment = _assessment(request, pk, draft=False)
    day = timezone.localtime(assessment.completed_at).date().isoformat()
    filename = f"diagnostic-reponses-{request.org.code}-{day}.{fmt}"
    rows = list(_answer_rows(assessment))
    if fmt == "csv":
        return documents.csv_response(filename, ANSWERS_HEADER, rows)
    return documents.xlsx_response(filename, "Réponses", ANSWERS_HEADER, rows)


# --- The plan -------------------------------------------------------------------


def _plan_items(request: HttpRequest):
    return PlanItem.objects.visible_to(request.membership).select_related("owner")


@org_view("diagnostic.plan")
def plan(request: HttpRequest) -> HttpResponse:
    closed = request.GET.get("etat") == "closes"
    rows = _plan_items(request)
    rows = (
        rows.exclude(status__in=[PlanItemStatus.TODO, PlanItemStatus.DOING]).order_by("-closed_at")
        if closed
        else rows.filter(status__in=[PlanItemStatus.TODO, PlanItemStatus.DOING]).order_by(
            "rank", "pk"
        )
    )
    catalogue = measures.catalogue()
    return render(
        request,
        "diagnostic/plan.html",
        {
            "rows": list(rows),
            "closed": closed,
            "measures": catalogue.by_key,
            "themes": catalogue.theme_by_key,
            "full": request.membership.can("diagnostic.answer"),
        },
    )


@org_view("diagnostic.plan")
def plan_item(request: HttpRequest, pk: int) -> HttpResponse:
    plan_item = get_for_org(_plan_items(request), request.org, pk=pk)
    full = request.membership.can("diagnostic.answer")
    members = list(
        Membership.objects.filter(org=request.org)
        .select_related("user")
        .order_by("user__full_name")
    )
    form = PlanItemForm(request.POST or None, instance=plan_item, members=members, limited=not full)
    if request.method == "POST":
        # The form fills the instance while validating: keep the stored copy apart.
        stored = get_for_org(PlanItem, request.org, pk=pk)
        if form.is_valid():
            changed = actions.update_plan_item(
                stored, form.cleaned_data, actor=request.user, request=request
            )
            if changed:
                messages.success(request, f"Action « {stored.title} » enregistrée.")
            return redirect("diagnostic:plan", request.org.code)
        plan_item = stored
    measure = measures.catalogue().by_key.get(plan_item.measure)
    return render(
        request,
        "diagnostic/plan_item.html",
        {
            "plan_item": plan_item,
            "form": form,
            "measure": measure,
            "sources": library.cite(measure.source or []) if measure else [],
        },
        status=400 if form.errors else 200,
    )


def _plan_rows(rows, catalogue):
    themes = catalogue.theme_by_key
    for plan_item in rows:
        m = catalogue.by_key.get(plan_item.measure)
        yield [
            plan_item.rank or "",
            plan_item.title,
            themes[plan_item.theme].title if plan_item.theme in themes else plan_item.theme,
            plan_item.priority,
            m.effort_label if m else "",
            plan_item.get_status_display(),
            str(plan_item.owner) if plan_item.owner else "",
            plan_item.due_on,
            plan_item.note,
            plan_item.evidence,
        ]


@org_view("diagnostic.plan")
def export_plan(request: HttpRequest, fmt: str) -> HttpResponse:
    rows = list(_plan_items(request).order_by("status", "rank", "pk"))
    filename = f"plan-action-{request.org.code}-{timezone.localdate().isoformat()}.{fmt}"
    data = list(_plan_rows(rows, measures.catalogue()))
    if fmt == "csv":
        return documents.csv_response(filename, PLAN_HEADER, data)
    return documents.xlsx_response(filename, "Plan d'action", PLAN_HEADER, data)


# --- Printables: the fiche réflexe and its contacts -----------------------------


# A step of the fiche réflexe -> the contact it prints (Contacts' field).
REFLEX_CONTACTS = {
    "prestataire": "prestataire",
    "editeur": "editeur",
    "cyber_regional": "cyber_regional",
    "assureur": "assureur",
    "plainte": "assureur",
    "referent": "referent",
    "cnil": "referent",
}


@org_view("diagnostic.reflex_sheet")
def reflex_sheet(request: HttpRequest) -> HttpResponse:
    """The fiche réflexe, printed: a contact not recorded is left as blank lines,
    to be written in by hand."""
    contacts = Contacts.objects.filter(org=request.org).first()
    steps = library.items("fiche-reflexe")
    shown = {s.get("contact") for s in steps} & set(REFLEX_CONTACTS)
    complete = contacts is not None and all(
        getattr(contacts, REFLEX_CONTACTS[c]) or getattr(contacts, f"{REFLEX_CONTACTS[c]}_tel")
        for c in shown
    )
    pdf = documents.render_pdf(
        "diagnostic/reflex_sheet_pdf.html",
        {"steps": steps, "contacts": contacts, "complete": complete},
        org=request.org,
        title="Fiche réflexe : en cas d'incident",
    )
    return documents.pdf_response(pdf, f"fiche-reflexe-{request.org.code}.pdf", inline=True)


@org_view("diagnostic.answer")
def contacts(request: HttpRequest) -> HttpResponse:
    instance = Contacts.objects.filter(org=request.org).first() or Contacts(org=request.org)
    form = ContactsForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        orgs_actions.save_contacts(
            request.org, form.cleaned_data, actor=request.user, request=request
        )
        messages.success(request, "Contacts enregistrés : ils figurent sur votre fiche réflexe.")
        return redirect("diagnostic:contacts", request.org.code)
    return render(
        request, "diagnostic/contacts.html", {"form": form}, status=400 if form.errors else 200
    )


# --- Découverte: open to anyone, stores nothing --------------------------------


def _discovery_result(answers: dict[str, str], chosen) -> dict:
    outcome = discovery.evaluate(answers, chosen)
    return {
        "result": outcome,
        "top": outcome.gaps[: discovery.TOP_ACTIONS],
        "answers": answers,
        "rows": [(m, m.option(answers[m.key])) for m in chosen.measures],
    }


def _discovery_form(request, key_measures, answers, errors, status) -> HttpResponse:
    return render(
        request,
        "diagnostic/discovery.html",
        {"items": [(m, answers.get(m.key)) for m in key_measures], "errors": errors},
        status=status,
    )


def discover(request: HttpRequest) -> HttpResponse:
    chosen = discovery.catalogue()
    key_measures = list(chosen.measures)
    if request.method != "POST":
        return _discovery_form(request, key_measures, {}, [], 200)
    answers, errors = discovery.read(request.POST, key_measures)
    if errors:
        return _discovery_form(request, key_measures, answers, errors, 400)
    return render(request, "diagnostic/discovery_result.html", _discovery_result(answers, chosen))


@require_POST
def discover_pdf(request: HttpRequest) -> HttpResponse:
    """The découverte's result as a PDF: the answers come back from the result
    page's form, since nothing was stored."""
    chosen = discovery.catalogue()
    key_measures = list(chosen.measures)
    answers, errors = discovery.read(request.POST, key_measures)
    if errors:
        return _discovery_form(request, key_measures, answers, errors, 400)
    context = _discovery_result(answers, chosen)
    context.update(results.bibliography(context["top"]))
    pdf = documents.render_pdf(
        "diagnostic/discovery_pdf.html",
        context,
        org=None,
        title="Diagnostic découverte",
    )
    return documents.pdf_response(pdf, f"diagnostic-decouverte-{timezone.localdate()}.pdf")
