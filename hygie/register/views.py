from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_POST

from hygie.content import library
from hygie.diagnostic.actions import latest_completed
from hygie.lib import documents
from hygie.lib.french import count
from hygie.lib.parse import FIRST_YEAR, LAST_YEAR, parse_day
from hygie.orgs.access import get_for_org, org_view, require
from hygie.register import actions, dpo, exports, printed
from hygie.register.completeness import missing, warnings
from hygie.register.forms import (
    QUESTIONNAIRES,
    ChooseForm,
    ControllerForm,
    DpoForm,
    NeedsForm,
    ProcessingForm,
    ProcessorForm,
    QuestionnaireRecordForm,
    RetentionFormSet,
    RetentionRuleForm,
    ReturnedForm,
    questionnaire_choices,
)
from hygie.register.models import (
    CLAUSES,
    DpoDecision,
    Location,
    Processing,
    Processor,
    QuestionnaireRecord,
)


def _visible(request: HttpRequest, data: dict) -> dict:
    """The secretary reads only the processings she works in."""
    if request.membership.can("register.read"):
        return data
    return {
        **data,
        "processings": [p for p in data["processings"] if p.get("secretary")],
        "processors": [],
    }


UNREADABLE_DAY = (
    f"Date illisible : indiquez une date entre {FIRST_YEAR} et {LAST_YEAR}, au format jj/mm/aaaa."
)


@org_view("register.view")
def home(request: HttpRequest) -> HttpResponse:
    """The register as it stands, or as it stood at the end of ?date=."""
    past = request.GET.get("date")
    start = request.GET.get("depuis")
    if (past and parse_day(past) is None) or (start and parse_day(start) is None):
        messages.error(request, UNREADABLE_DAY)
        return redirect("register:home", request.org.code)
    version = None
    if past:
        day = parse_day(past)
        version = actions.as_of(request.org, day)
        if version is None:
            messages.warning(request, f"Le registre n'existait pas encore le {day:%d/%m/%Y}.")
            return redirect("register:home", request.org.code)
        data = version.snapshot
    else:
        data = actions.snapshot(request.org)
    start_day = parse_day(start)
    data = printed.describe(_visible(request, data), start_day)
    full = request.membership.can("register.read")
    return render(
        request,
        "register/home.html",
        {
            "data": data,
            "version": version,
            "gaps": missing(data) if full and version is None else [],
            "warnings": warnings(data) if full and version is None else [],
            "can_edit": request.membership.can("register.edit") and version is None,
            "full": full,
            "clauses": CLAUSES,
            "location_labels": dict(Location.choices),
            "today": timezone.localdate(),
            "start_day": start_day,
        },
    )


@org_view("register.edit")
def start(request: HttpRequest) -> HttpResponse:
    """Propose the templates that fit the practice; create those confirmed."""
    guessed = _guess_needs(request.org)
    needs_form = NeedsForm(request.GET or None, initial={"needs": guessed})
    needs = set(needs_form.cleaned_data["needs"] if needs_form.is_valid() else guessed)
    present = set(Processing.objects.filter(org=request.org).values_list("template", flat=True))
    offered = [t for t in actions.templates() if t["id"] not in present]
    fitting = [t for t in offered if actions.applies(t, request.org, needs)]
    others = [t for t in offered if t not in fitting]
    # Ticked: the core processings, and those the practice said it needs.
    proposed = [
        t["id"] for t in fitting if t.get("default") or (t.get("applies") or {}).get("needs")
    ]
    form = ChooseForm(
        request.POST if request.method == "POST" else None,
        templates=fitting + others,
        proposed=proposed,
    )
    if request.method == "POST" and form.is_valid():
        created = actions.start(
            request.org, form.cleaned_data["chosen"], actor=request.user, request=request
        )
        messages.success(
            request,
            f"{count(len(created), 'traitement inscrit', 'traitements inscrits')} au registre. "
            "Relisez-les et complétez ce qui manque.",
        )
        return redirect("register:home", request.org.code)
    return render(
        request,
        "register/start.html",
        {"needs_form": needs_form, "form": form, "fitting": len(fitting)},
        status=400 if form.errors else 200,
    )


def _guess_needs(org) -> list[str]:
    """What the diagnostic's profile already says of the practice."""
    assessment = latest_completed(org)
    profile = assessment.profile if assessment else {}
    guessed = []
    if profile.get("secretariat") == "oui":
        guessed.append("secretariat")
    if profile.get("teleconsultation") == "oui":
        guessed.append("teleconsultation")
    return guessed


def _processing_for(request: HttpRequest, pk: int) -> Processing:
    processing = get_for_org(Processing, request.org, pk=pk)
    if not processing.secretary and not request.membership.can("register.read"):
        raise Http404("Traitement introuvable")
    return processing


@org_view("register.edit")
def processing_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    processing = get_for_org(Processing, request.org, pk=pk) if pk else None
    template = actions.template(processing.template) if processing else None
    form = ProcessingForm(request.POST or None, instance=processing, prefix="t", template=template)
    rules = processing.retention if processing else []
    formset = RetentionFormSet(
        request.POST or None,
        initial=[RetentionRuleForm.initial_from(r) for r in rules],
        prefix="conservation",
    )
    # Each rule's note (why it is what it is, what to check) beside its fields.
    for sub, rule in zip(formset.forms, rules, strict=False):
        sub.stored = rule
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        values = {f: form.cleaned_data[f] for f in form.Meta.fields}
        values["retention"] = formset.rules(rules)
        saved = actions.save_processing(
            request.org, processing, values, actor=request.user, request=request
        )
        messages.success(request, f"« {saved.title} » enregistré.")
        return redirect("register:home", request.org.code)
    return render(
        request,
        "register/processing_form.html",
        {"processing": processing, "form": form, "formset": formset},
        status=400 if form.errors or formset.errors else 200,
    )


@org_view("register.edit")
@require_POST
def processing_delete(request: HttpRequest, pk: int) -> HttpResponse:
    processing = get_for_org(Processing, request.org, pk=pk)
    actions.delete_processing(processing, actor=request.user, request=request)
    messages.success(request, f"« {processing.title} » retiré du registre.")
    return redirect("register:home", request.org.code)


@org_view("register.edit")
def controller(request: HttpRequest) -> HttpResponse:
    form = ControllerForm(request.POST or None, instance=actions.controller_of(request.org))
    if request.method == "POST" and form.is_valid():
        actions.save_controller(request.org, form.cleaned_data, actor=request.user, request=request)
        messages.success(request, "Responsable du traitement enregistré.")
        return redirect("register:home", request.org.code)
    return render(
        request, "register/controller.html", {"form": form}, status=400 if form.errors else 200
    )


@org_view("register.edit")
def processor_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    processor = get_for_org(Processor, request.org, pk=pk) if pk else None
    form = ProcessorForm(request.POST or None, instance=processor, org=request.org)
    if request.method == "POST" and form.is_valid():
        saved = actions.save_processor(
            request.org, processor, form.values(), actor=request.user, request=request
        )
        messages.success(request, f"Sous-traitant « {saved.name} » enregistré.")
        return redirect("register:home", request.org.code)
    return render(
        request,
        "register/processor_form.html",
        {"processor": processor, "form": form},
        status=400 if form.errors else 200,
    )


@org_view("register.edit")
@require_POST
def processor_delete(request: HttpRequest, pk: int) -> HttpResponse:
    processor = get_for_org(Processor, request.org, pk=pk)
    actions.delete_processor(processor, actor=request.user, request=request)
    messages.success(request, f"Sous-traitant « {processor.name} » retiré.")
    return redirect("register:home", request.org.code)


@org_view("register.read")
def dpo_decision(request: HttpRequest) -> HttpResponse:
    current = DpoDecision.objects.filter(org=request.org).first()
    form = DpoForm(
        request.POST or None,
        initial={
            k: ("1" if v is True else "0" if v is False else v)
            for k, v in (current.answers if current else {}).items()
        },
    )
    can_edit = request.membership.can("register.edit")
    if request.method == "POST":
        require(request.membership, "register.edit")
        if form.is_valid():
            actions.decide_dpo(
                request.org,
                dpo.Answers(**form.cleaned_data),
                actor=request.user,
                request=request,
            )
            messages.success(request, "Décision enregistrée, avec ses motifs.")
            return redirect("register:home", request.org.code)
    return render(
        request,
        "register/dpo.html",
        {"form": form, "current": current, "can_edit": can_edit},
        status=400 if form.errors else 200,
    )


@org_view("register.read")
def history(request: HttpRequest) -> HttpResponse:
    versions = request.org.register_versions.select_related("author")[:200]
    return render(request, "register/history.html", {"versions": versions})


@org_view("register.view")
def notice(request: HttpRequest, fmt: str) -> HttpResponse:
    """The patients' information notice (PDF) or the waiting-room poster (A4, A3)."""
    patients = printed.for_patients(printed.describe(actions.snapshot(request.org)))
    template, title = {
        "notice": ("register/notice_pdf.html", "Information des patients sur leurs données"),
        "affiche-a4": ("register/poster_pdf.html", "Vos données au cabinet"),
        "affiche-a3": ("register/poster_pdf.html", "Vos données au cabinet"),
    }[fmt]
    pdf = documents.render_pdf(
        template,
        {
            "patients": patients,
            "size": "A3" if fmt == "affiche-a3" else "A4",
            "page_size": "A3" if fmt == "affiche-a3" else None,
        },
        org=request.org,
        title=title,
    )
    return documents.pdf_response(pdf, f"{fmt}-{request.org.code}.pdf")


@org_view("register.view")
def website_text(request: HttpRequest) -> HttpResponse:
    patients = printed.for_patients(printed.describe(actions.snapshot(request.org)))
    text = render_to_string("register/website.txt", {"patients": patients, "org": request.org})
    return render(request, "register/website.html", {"text": text.strip()})


# What each export is: the file name's start, the sheet's title, its table.
TABLES = {
    "registre": ("registre-rgpd", "Registre", exports.register_table),
    "sous-traitants": ("sous-traitants", "Sous-traitants", exports.processors_table),
}
SPREADSHEETS = {"xlsx": documents.xlsx_response, "ods": documents.ods_response}


@org_view("register.read")
def export(request: HttpRequest, what: str, fmt: str) -> HttpResponse:
    data = printed.describe(actions.snapshot(request.org))
    prefix, sheet, table = TABLES[what]
    name = f"{prefix}-{request.org.code}-{timezone.localdate().isoformat()}"
    if what == "registre" and fmt == "pdf":
        pdf = documents.render_pdf(
            "register/register_pdf.html",
            {"data": data, "clauses": CLAUSES},
            org=request.org,
            title="Registre des activités de traitement",
        )
        return documents.pdf_response(pdf, f"{name}.pdf")
    if fmt not in SPREADSHEETS:
        raise Http404("Format inconnu")
    header, rows = table(data)
    return SPREADSHEETS[fmt](f"{name}.{fmt}", sheet, header, rows)


# The supplier questionnaires sent to the processors and their signed returns:
# the register keeps them (a processor names the one it returned); their pages
# are offered by the diagnostic, to those who answer it, at its addresses.


@org_view("diagnostic.answer")
def questionnaires(request: HttpRequest) -> HttpResponse:
    form = QuestionnaireRecordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.record_questionnaire(
            request.org, form.cleaned_data, actor=request.user, request=request
        )
        messages.success(request, "Envoi enregistré. Notez le retour signé quand il arrive.")
        return redirect("register:questionnaires", request.org.code)
    items = library.items(QUESTIONNAIRES)
    # The official questionnaires the checklists are inspired by, linked first.
    official = list(dict.fromkeys(q["inspired_by"]["ref"] for q in items))
    return render(
        request,
        "register/questionnaires.html",
        {
            "items": items,
            "official": library.cite([{"ref": ref} for ref in official]),
            "titles": dict(questionnaire_choices()),
            "records": list(QuestionnaireRecord.objects.filter(org=request.org)[:200]),
            "form": form,
            "returned_form": ReturnedForm(),
        },
        status=400 if form.errors else 200,
    )


@org_view("diagnostic.answer")
@require_POST
def questionnaire_returned(request: HttpRequest) -> HttpResponse:
    form = ReturnedForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Indiquez une date de retour valide (entre 2000 et 2200).")
        return redirect("register:questionnaires", request.org.code)
    sent = get_for_org(QuestionnaireRecord, request.org, pk=form.cleaned_data["pk"])
    actions.mark_returned(
        sent, form.cleaned_data["returned_on"], actor=request.user, request=request
    )
    messages.success(request, f"Retour signé de {sent.provider} enregistré.")
    return redirect("register:questionnaires", request.org.code)


@org_view("diagnostic.answer")
def questionnaire_pdf(request: HttpRequest, number: int) -> HttpResponse:
    item = next((q for q in library.items(QUESTIONNAIRES) if q["number"] == number), None)
    if item is None:
        raise Http404("Questionnaire inconnu")
    pdf = documents.render_pdf(
        "register/questionnaire_pdf.html",
        {
            "q": item,
            "official": library.cite([{"ref": item["inspired_by"]["ref"]}])[0],
            "sources": library.cite(item["source"]),
        },
        org=request.org,
        title=f"Liste de vérification prestataire n° {number}",
    )
    return documents.pdf_response(
        pdf, f"liste-verification-prestataire-{number}-{request.org.code}.pdf"
    )
