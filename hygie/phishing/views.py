"""Messages suspects: the public page, an organisation's page and its kept reports.

The public page (/outils/message/) analyses and forgets: it writes only the
day's count. An organisation's page does the same, and its result carries
the analysis's redacted summary, signed (`_signed`), in the form whose
buttons keep a report, open the incident declaration or make a cyberquiz
question: the message is never sent back nor read again.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from hygie.content import library
from hygie.incidents.forms import DeclareForm
from hygie.lib import dates
from hygie.orgs.access import get_for_org, org_view, require
from hygie.orgs.models import Membership
from hygie.phishing import actions, display, summary
from hygie.phishing.forms import MessageForm
from hygie.phishing.models import MessageReport
from hygie.phishing.uploads import megabytes, message_upload

SALT = "hygie.phishing.summary"
# How long after an analysis its result's buttons still work.
SIGNED_HOURS = 12
REPORTS_SHOWN = 200


def limits() -> list[str]:
    """The limits stated on the page, in French."""
    from hygie.phishing import reading

    return [
        f"Un fichier de {megabytes(settings.PHISHING_MAX_FILE_BYTES)} au plus (.eml, .msg ou "
        ".txt), un texte collé de "
        f"{megabytes(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)} au plus : au-delà, Hygie le refuse "
        "sans le lire.",
        # The reading's own limits (size, depth, links, time), when it states them.
        *getattr(reading, "LIMITS", ()),
    ]


def _analysed(request: HttpRequest) -> tuple[MessageForm, dict, int]:
    """The form, the result's context and the status of a page that analyses."""
    refused = getattr(request, "upload_refused", "")
    if refused or request.method != "POST":
        form = MessageForm()
    else:
        form = MessageForm(request.POST, request.FILES)
    result: dict = {"refused": refused, "limits": limits()}
    if not refused and form.is_bound and form.is_valid() and form.analysis is not None:
        actions.count_analysis(form.analysis)
        result.update(display.context(form.analysis))
        form = MessageForm()  # the next message starts from an empty form
    status = 413 if refused else 400 if form.errors else 200
    return form, result, status


@message_upload
def public(request: HttpRequest) -> HttpResponse:
    """Anyone, without an account: nothing is stored but the day's count."""
    form, result, status = _analysed(request)
    return render(request, "phishing/public.html", {"form": form, **result}, status=status)


def public_steps(request: HttpRequest, answer: str) -> HttpResponse:
    """« J'ai cliqué… » from the public page: what to do at once, and where to
    declare the incident."""
    if answer not in summary.ANSWERS:
        raise Http404("Réponse inconnue")
    kind = summary.ACCOUNT if answer == summary.CREDENTIALS_TYPED else summary.LINK_OR_ATTACHMENT
    incident_type = library.get("incident-types", kind) or {"reflexes": [], "source": []}
    declare_url = ""
    if request.user.is_authenticated:
        mine = Membership.objects.for_user(request.user).filter(org_id=request.user.last_org_id)
        if (membership := mine.first()) is not None and membership.can("incidents.declare"):
            declare_url = reverse("incidents:declare", args=[membership.org.code])
    return render(
        request,
        "phishing/steps.html",
        {
            "answer": answer,
            "answer_label": summary.ANSWERS[answer],
            "type": incident_type,
            "sources": library.cite(incident_type.get("source", [])),
            "declare_url": declare_url,
        },
    )


def _signed(request: HttpRequest, data: dict) -> str:
    return signing.dumps(
        {"org": request.org.pk, "user": request.user.pk, "summary": data}, salt=SALT, compress=True
    )


def _summary(request: HttpRequest) -> dict | None:
    """The summary the result's form sends back, if it is this member's, of
    this organisation, and recent."""
    try:
        value = signing.loads(
            request.POST.get("analyse", ""), salt=SALT, max_age=timedelta(hours=SIGNED_HOURS)
        )
    except signing.BadSignature:
        return None
    if (
        not isinstance(value, dict)
        or value.get("org") != request.org.pk
        or value.get("user") != request.user.pk
    ):
        return None
    return value.get("summary")


def _expired(request: HttpRequest) -> HttpResponse:
    return render(request, "phishing/expired.html", status=400)


@org_view("phishing.analyse")
@message_upload
def analyse(request: HttpRequest) -> HttpResponse:
    form, result, status = _analysed(request)
    if "analysis" in result:
        data = summary.summary(result["analysis"], timezone.now().isoformat())
        result["signed"] = _signed(request, data)
        result["can_be_question"] = summary.can_be_question(data)
    reports = MessageReport.objects.filter(org=request.org).select_related("created_by")[:5]
    return render(
        request,
        "phishing/analyse.html",
        {
            "form": form,
            "reports": reports,
            "answers": summary.ANSWERS,
            "keep_days": settings.PHISHING_KEEP_DAYS,
            **result,
        },
        status=status,
    )


@org_view("phishing.analyse")
@require_POST
def keep(request: HttpRequest) -> HttpResponse:
    data = _summary(request)
    if data is None:
        return _expired(request)
    report = actions.keep_report(
        request.org,
        data,
        with_body=request.POST.get("texte") == "oui",
        actor=request.user,
        request=request,
    )
    messages.success(
        request,
        "Rapport conservé"
        + (" avec le texte du message." if report.body_kept else ", sans le texte du message."),
    )
    return redirect(report)


@org_view("phishing.analyse")
def reports(request: HttpRequest) -> HttpResponse:
    rows = MessageReport.objects.filter(org=request.org).select_related("created_by")
    return render(
        request,
        "phishing/reports.html",
        {"rows": rows[:REPORTS_SHOWN], "keep_days": settings.PHISHING_KEEP_DAYS},
    )


def _may_delete(request: HttpRequest, report: MessageReport) -> bool:
    return report.created_by_id == request.user.pk or request.membership.can("phishing.manage")


@org_view("phishing.analyse")
def report(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_for_org(MessageReport, request.org, pk=pk)
    excerpts = [e["texte"] for s in found.signals for e in s.get("extraits", [])]
    return render(
        request,
        "phishing/report.html",
        {
            "report": found,
            "body": display.highlighted(found.body[: display.SHOWN_CHARS], excerpts),
            "subject": display.highlighted(found.subject, excerpts),
            "sender": display.highlighted(found.sender, excerpts),
            "signals": [
                {
                    **s,
                    "extraits": [
                        (e["ou"], display.highlighted(e["texte"], [e["texte"]]))
                        for e in s.get("extraits", [])
                    ],
                }
                for s in sorted(found.signals, key=lambda s: -s.get("poids", 0))
            ],
            "may_delete": _may_delete(request, found),
            "keep_days": settings.PHISHING_KEEP_DAYS,
        },
    )


@org_view("phishing.analyse")
@require_POST
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_for_org(MessageReport, request.org, pk=pk)
    if not _may_delete(request, found):
        raise PermissionDenied(
            "Seuls son auteur, le titulaire et le référent peuvent supprimer ce rapport."
        )
    actions.delete_report(found, actor=request.user, request=request)
    messages.success(request, "Rapport supprimé.")
    return redirect("phishing:reports", request.org.code)


@org_view("phishing.analyse")
@require_POST
def incident(request: HttpRequest) -> HttpResponse:
    """« J'ai cliqué… »: the incident declaration, prefilled from the analysis;
    the member checks it and declares it (incidents:declare)."""
    require(request.membership, "incidents.declare")
    data = _summary(request)
    if data is None:
        return _expired(request)
    answer = request.POST.get("reponse", "")
    if answer not in summary.ANSWERS:
        return render(request, "errors/400.html", status=400)
    when = dates.named_datetime(actions.analysed_at(data), request.org.tzinfo())
    form = DeclareForm(
        initial={
            "kind": summary.incident_kind(answer, data),
            "description": summary.incident_description(answer, data, when),
        }
    )
    return render(
        request,
        "phishing/incident.html",
        {"form": form, "answer_label": summary.ANSWERS[answer]},
    )


@org_view("quiz.host")
@require_POST
def quiz(request: HttpRequest) -> HttpResponse:
    """« En faire une question du cyberquiz »: a private question of the
    organisation, made of the lure and its signals."""
    require(request.membership, "phishing.analyse")
    data = _summary(request)
    if data is None:
        return _expired(request)
    if not summary.can_be_question(data):
        return render(request, "errors/400.html", status=400)
    question = actions.lure_to_question(request.org, data, actor=request.user, request=request)
    messages.success(
        request,
        f"Question ajoutée au cyberquiz : « {question.text} » Cochez-la dans un quiz pour la "
        "poser à l'équipe.",
    )
    return redirect(reverse("quiz:compose", args=[request.org.code]) + "?theme=hameconnage")
