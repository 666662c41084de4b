"""The animateur's pages: the surveys of a regional body, their settings,
questions, invitations, link, QR code and poster."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from hygie.accounts.qr import qr_data_uri
from hygie.journal.actions import record
from hygie.lib.french import count
from hygie.orgs.access import get_for_org, regional_view
from hygie.surveys import actions
from hygie.surveys.forms import (
    InvitationsForm,
    NewSurveyForm,
    QuestionForm,
    SectionForm,
    SettingsForm,
)
from hygie.surveys.models import Question, Section, Survey

MANAGE = "surveys.manage"


def _survey(request: HttpRequest, pk: int) -> Survey:
    return get_for_org(Survey, request.org, pk=pk)


def _locked(survey: Survey) -> bool:
    """Answers exist: the questionnaire's structure no longer changes."""
    return survey.responses.exists()


@regional_view(MANAGE)
def survey_list(request: HttpRequest) -> HttpResponse:
    surveys = request.org.surveys.annotate(
        answered=Count("responses", filter=Q(responses__excluded=False), distinct=True),
        asked=Count("questions", distinct=True),
    ).select_related("previous")
    return render(request, "surveys/list.html", {"surveys": surveys})


@regional_view(MANAGE)
def create(request: HttpRequest) -> HttpResponse:
    templates = actions.templates()
    form = NewSurveyForm(request.POST or None, org=request.org, templates=templates)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data["start"] == NewSurveyForm.BLANK:
            survey = actions.create_blank(
                request.org, request.user, data["title"], previous=data["previous"]
            )
        else:
            survey = actions.create_from_template(
                request.org, data["start"], request.user, previous=data["previous"]
            )
            if data["title"]:
                survey.title = data["title"]
                survey.save(update_fields=["title"])
        messages.success(request, "Enquête créée, en brouillon : relisez-la puis ouvrez-la.")
        return redirect(survey)
    return render(request, "surveys/create.html", {"form": form})


@regional_view(MANAGE)
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk)
    form = SettingsForm(request.POST or None, instance=survey)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
            record(
                action="survey.edited",
                org=request.org,
                actor=request.user,
                obj=survey,
                object_label=survey.title,
                details={"Modifié": "réglages"},
            )
        messages.success(request, "Réglages enregistrés.")
        return redirect(survey)
    return render(request, "surveys/detail.html", _detail_context(survey, form))


def _detail_context(survey: Survey, form) -> dict:
    invitations = survey.invitations.aggregate(
        total=Count("pk"),
        never_sent=Count("pk", filter=Q(sent_count=0)),
        unused=Count("pk", filter=Q(used=False)),
    )
    return {
        "survey": survey,
        "form": form,
        "sections": survey.sections.all(),
        "questions": survey.questions.select_related("section"),
        "locked": _locked(survey),
        "answered": survey.responses.filter(excluded=False).count(),
        "qr": qr_data_uri(survey.public_url()),
        "invitations": invitations,
        "invite_form": InvitationsForm(),
    }


@regional_view(MANAGE)
@require_POST
def status(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk)
    wanted = request.POST.get("status")
    if wanted == Survey.Status.OPEN and not survey.questions.exists():
        messages.error(request, "Ajoutez au moins une question avant d'ouvrir l'enquête.")
    elif wanted in (Survey.Status.OPEN, Survey.Status.CLOSED) and wanted != survey.status:
        actions.set_status(survey, wanted, request.user)
        if wanted == Survey.Status.OPEN:
            messages.success(request, "Enquête ouverte : diffusez le lien ou le QR code.")
        else:
            messages.success(request, "Enquête fermée : elle n'accepte plus de réponses.")
    return redirect(survey)


@regional_view(MANAGE)
def question_edit(request: HttpRequest, pk: int, qpk: int | None = None) -> HttpResponse:
    survey = _survey(request, pk)
    question = get_object_or_404(survey.questions, pk=qpk) if qpk else None
    locked = _locked(survey)
    if locked and question is None:
        messages.error(request, "Des réponses existent : on n'ajoute plus de question.")
        return redirect(survey)
    if question is None:
        last = survey.questions.order_by("-position").first()
        question = Question(survey=survey, position=last.position + 1 if last else 0)
    form = QuestionForm(request.POST or None, instance=question, survey=survey, wording_only=locked)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            saved = form.save()
            _journal_edit(request, survey, f"question « {saved.key} »")
        messages.success(request, "Question enregistrée.")
        return redirect(survey.get_absolute_url() + f"#question-{saved.pk}")
    return render(
        request,
        "surveys/question_form.html",
        {"survey": survey, "form": form, "question": question, "locked": locked},
    )


@regional_view(MANAGE)
@require_POST
def question_delete(request: HttpRequest, pk: int, qpk: int) -> HttpResponse:
    survey = _survey(request, pk)
    question = get_object_or_404(survey.questions, pk=qpk)
    if _locked(survey):
        messages.error(request, "Des réponses existent : la question ne peut plus être supprimée.")
        return redirect(survey)
    dependents = [
        q.text for q in survey.questions.all() if (q.show_if or {}).get("question") == question.key
    ]
    if dependents:
        messages.error(
            request,
            "D'autres questions dépendent de celle-ci ; retirez d'abord leur condition : "
            + " ; ".join(dependents),
        )
        return redirect(survey)
    with transaction.atomic():
        question.delete()
        _journal_edit(request, survey, f"question « {question.key} » supprimée")
    messages.success(request, "Question supprimée.")
    return redirect(survey)


@regional_view(MANAGE)
@require_POST
def question_move(request: HttpRequest, pk: int, qpk: int) -> HttpResponse:
    """Swap a question with its neighbour, unless a condition would then
    point to a later question."""
    survey = _survey(request, pk)
    question = get_object_or_404(survey.questions, pk=qpk)
    if _locked(survey):
        messages.error(request, "Des réponses existent : l'ordre des questions est figé.")
        return redirect(survey)
    ordered = list(survey.questions.all())
    index = ordered.index(question)
    other = index - 1 if request.POST.get("direction") == "up" else index + 1
    if 0 <= other < len(ordered):
        ordered[index], ordered[other] = ordered[other], ordered[index]
        seen: set[str] = set()
        for q in ordered:
            if q.show_if and q.show_if.get("question") not in seen:
                messages.error(
                    request,
                    f"« {q.text} » dépend d'une question qui doit rester avant elle.",
                )
                return redirect(survey)
            seen.add(q.key)
        with transaction.atomic():
            for position, q in enumerate(ordered):
                if q.position != position:
                    q.position = position
                    q.save(update_fields=["position"])
    return redirect(survey.get_absolute_url() + f"#question-{question.pk}")


@regional_view(MANAGE)
def section_edit(request: HttpRequest, pk: int, spk: int | None = None) -> HttpResponse:
    survey = _survey(request, pk)
    section = get_object_or_404(survey.sections, pk=spk) if spk else None
    if section is None:
        if _locked(survey):
            messages.error(request, "Des réponses existent : on n'ajoute plus de section.")
            return redirect(survey)
        section = Section(survey=survey, position=survey.sections.count())
    form = SectionForm(request.POST or None, instance=section)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
            _journal_edit(request, survey, f"section « {section.title} »")
        messages.success(request, "Section enregistrée.")
        return redirect(survey)
    return render(
        request, "surveys/section_form.html", {"survey": survey, "form": form, "section": section}
    )


@regional_view(MANAGE)
@require_POST
def section_delete(request: HttpRequest, pk: int, spk: int) -> HttpResponse:
    """Delete a section; its questions stay, outside any section."""
    survey = _survey(request, pk)
    section = get_object_or_404(survey.sections, pk=spk)
    if _locked(survey):
        messages.error(request, "Des réponses existent : la section ne peut plus être supprimée.")
        return redirect(survey)
    with transaction.atomic():
        section.delete()
        survey.sections.filter(position__gt=section.position).update(position=F("position") - 1)
        _journal_edit(request, survey, f"section « {section.title} » supprimée")
    messages.success(request, "Section supprimée ; ses questions restent, hors section.")
    return redirect(survey)


def _journal_edit(request: HttpRequest, survey: Survey, what: str) -> None:
    record(
        action="survey.edited",
        org=request.org,
        actor=request.user,
        obj=survey,
        object_label=survey.title,
        details={"Modifié": what},
    )


@regional_view(MANAGE)
@require_POST
def invitations(request: HttpRequest, pk: int) -> HttpResponse:
    """Add pasted addresses, or send the invitations, or remind."""
    survey = _survey(request, pk)
    what = request.POST.get("action", "add")
    if what in ("send", "remind"):
        if not survey.is_accepting():
            messages.error(request, "Ouvrez l'enquête avant d'envoyer les invitations.")
            return redirect(survey.get_absolute_url() + "#invitations")
        sent = actions.send_invitations(survey, request.user, reminder=what == "remind")
        messages.success(request, f"{count(sent, 'message envoyé', 'messages envoyés')}.")
        return redirect(survey.get_absolute_url() + "#invitations")
    form = InvitationsForm(request.POST)
    if form.is_valid():
        found, refused = actions.parse_emails(form.cleaned_data["addresses"])
        if refused:
            form.add_error(
                "addresses",
                "Ces éléments ne sont pas des adresses e-mail ; corrigez-les ou retirez-les "
                "(rien n'a été ajouté) : " + ", ".join(refused[:20]),
            )
        elif not found:
            form.add_error("addresses", "Collez au moins une adresse e-mail.")
        else:
            try:
                added, already = actions.add_invitations(survey, found, request.user)
            except ValidationError as error:
                form.add_error("addresses", error.messages[0])
            else:
                text = f"{count(added, 'adresse ajoutée', 'adresses ajoutées')}"
                if already:
                    text += f", {count(already, 'déjà invitée', 'déjà invitées')}"
                messages.success(request, text + ".")
                return redirect(survey.get_absolute_url() + "#invitations")
    ctx = _detail_context(survey, SettingsForm(instance=survey))
    ctx["invite_form"] = form
    return render(request, "surveys/detail.html", ctx, status=400)


@regional_view(MANAGE)
def poster(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk)
    return render(
        request,
        "surveys/poster.html",
        {"survey": survey, "qr": qr_data_uri(survey.public_url())},
    )
