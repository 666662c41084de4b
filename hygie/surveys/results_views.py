"""The results of a survey: the animateur's page (live), the comparison of two
campaigns, the flood timeline, the publication, the exports and the PDF report;
and the published page, public, by its own link."""

from __future__ import annotations

import time
from datetime import datetime

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from hygie.content import library
from hygie.lib import disclosure, documents
from hygie.lib.french import count
from hygie.lib.http import is_htmx
from hygie.orgs.access import get_for_org, regional_view
from hygie.surveys import (
    charts,
    compare,
    exports,
    flood,
    report,
    report_tables,
    results,
    results_actions,
)
from hygie.surveys.models import Response, Survey

POLL_SECONDS = 10


def _survey(request: HttpRequest, pk: int) -> Survey:
    return get_for_org(Survey.objects.select_related("previous"), request.org, pk=pk)


def _results_context(survey: Survey, *, with_texts: bool) -> dict:
    found = results.compute(survey, with_texts=with_texts)
    return {
        "survey": survey,
        "results": found,
        "threshold": disclosure.THRESHOLD,
        "with_texts": with_texts,
    }


@regional_view("surveys.manage")
def results_page(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk)
    context = _results_context(survey, with_texts=True)
    context["poll_seconds"] = POLL_SECONDS
    context["live"] = context["results"].respondents
    return render(request, "surveys/results.html", context)


@regional_view("surveys.manage")
def results_count(request: HttpRequest, pk: int) -> HttpResponse:
    """The live count, polled by htmx; when it changed since the page drew its
    charts, the response asks the charts to be drawn again."""
    survey = _survey(request, pk)
    live = results.live_count(survey)
    response = render(
        request,
        "surveys/_results_count.html",
        {"survey": survey, "live": live, "poll_seconds": POLL_SECONDS},
    )
    try:
        known = int(request.GET.get("connu", ""))
    except ValueError:
        known = live
    if known != live:
        response["HX-Trigger"] = "resultats-modifies"
    return response


@regional_view("surveys.manage")
def results_body(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk)
    if not is_htmx(request):
        return redirect("surveys:results", request.org.code, survey.pk)
    return render(request, "surveys/_results_body.html", _results_context(survey, with_texts=True))


@regional_view("surveys.manage")
@require_POST
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk)
    published = request.POST.get("publier") == "1"
    results_actions.set_published(
        survey=survey, published=published, user=request.user, request=request
    )
    if published:
        messages.success(request, "Les résultats sont publiés à l'adresse indiquée.")
    else:
        messages.success(request, "Les résultats ne sont plus publiés.")
    return redirect("surveys:results", request.org.code, survey.pk)


@regional_view("surveys.manage")
def timeline(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk)
    found = flood.windows(
        Response.objects.filter(survey=survey).order_by().values_list("submitted_at", "excluded")
    )
    bars = flood.coarsen(found)
    svg = charts.timeline_svg(
        "chronologie",
        "Réponses reçues au fil du temps",
        [b[1] for b in bars],
        [b[2] for b in bars],
    )
    shown = [w for w in found if w.flagged or w.excluded]
    return render(
        request,
        "surveys/results_timeline.html",
        {
            "survey": survey,
            "svg": svg,
            "windows": shown,
            "factor": flood.FACTOR,
            "minimum": flood.MINIMUM,
            "total": sum(w.total for w in found),
        },
    )


@regional_view("surveys.manage")
@require_POST
def exclude_window(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk)
    try:
        start = datetime.fromisoformat(request.POST.get("debut", ""))
    except ValueError:
        start = None
    if start is None or start.tzinfo is None:
        messages.error(request, "Période inconnue : rechargez la page et recommencez.")
        return redirect("surveys:timeline", request.org.code, survey.pk)
    excluded = request.POST.get("action") != "reintegrer"
    changed = results_actions.set_window_excluded(
        survey=survey, start=start, excluded=excluded, user=request.user, request=request
    )
    what = count(changed, "réponse")
    if excluded:
        messages.success(request, f"{what} de cette période ne sont plus comptées.")
    else:
        messages.success(request, f"{what} de cette période sont de nouveau comptées.")
    return redirect("surveys:timeline", request.org.code, survey.pk)


@regional_view("surveys.manage")
def export_csv(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk)
    return documents.file_response(
        exports.csv_bytes(survey), "text/csv; charset=utf-8", exports.filename(survey, "csv")
    )


@regional_view("surveys.manage")
def export_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk)
    return documents.file_response(
        exports.xlsx_bytes(survey), documents.XLSX_MIME, exports.filename(survey, "xlsx")
    )


def _report_context(survey: Survey, *, published: bool) -> dict:
    context = _results_context(survey, with_texts=not published)
    context["published"] = published
    context["report_questions"] = [
        (result, report_tables.cross_table(result)) for result in context["results"].questions
    ]
    sources: dict[str, dict] = {}
    for result in context["results"].questions:
        for s in library.cite(result.question.sources or []):
            sources.setdefault(s["ref"], s)
    context["sources"] = list(sources.values())
    if survey.previous_id and survey.previous.org_id == survey.org_id:
        context["compared"], _ = compare.compare(
            context["results"], results.compute(survey.previous)
        )
    return context


def _report_title(survey: Survey, *, published: bool) -> str:
    return survey.title if published else f"{survey.title} — rapport de l'animateur"


def report_pdf_bytes(survey: Survey, *, published: bool) -> bytes:
    return documents.render_pdf(
        "surveys/report_pdf.html",
        _report_context(survey, published=published),
        org=survey.org,
        title=_report_title(survey, published=published),
    )


def _version(published: bool) -> str:
    return "publie" if published else "animateur"


def _report(
    request: HttpRequest, survey: Survey, *, published: bool, filename: str, state_url: str
) -> HttpResponse:
    """The report when it is ready, else the page that waits for its layout."""
    if settings.PDF_CACHE_SECONDS <= 0:  # nothing to wait for: laid out now
        return documents.pdf_response(report_pdf_bytes(survey, published=published), filename)
    prepared = documents.prepare_pdf(
        "surveys/report_pdf.html",
        _report_context(survey, published=published),
        org=survey.org,
        title=_report_title(survey, published=published),
    )
    pdf, state, _ = report.ask(survey.pk, _version(published), prepared)
    if pdf is not None:
        return documents.pdf_response(pdf, filename)
    return _progress(
        request, survey, state, state_url=state_url, report_url=request.get_full_path()
    )


def _progress(
    request: HttpRequest,
    survey: Survey,
    state: report.State | None,
    *,
    state_url: str,
    report_url: str,
) -> HttpResponse:
    context = {
        "survey": survey,
        "state": state,
        "state_url": state_url,
        "report_url": report_url,
        "back_url": reverse("surveys:published", args=[survey.results_token])
        if request.resolver_match.url_name.startswith("published")
        else reverse("surveys:results", args=[survey.org.code, survey.pk]),
        "elapsed": count(int(time.time() - state.started), "seconde")
        if state and state.started
        else "",
    }
    if is_htmx(request):
        return render(request, "surveys/_report_progress.html", context)
    return render(request, "surveys/report_progress.html", context)


def _query(published: bool) -> str:
    return "?version=publiee" if published else ""


@regional_view("surveys.manage")
def report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The animateur's report (free text included), or with ?version=publiee
    the published one (never any free text)."""
    survey = _survey(request, pk)
    published = request.GET.get("version") == "publiee"
    state_url = reverse("surveys:report_state", args=[request.org.code, survey.pk])
    return _report(
        request,
        survey,
        published=published,
        filename=f"enquete-{survey.pk}-rapport-{_version(published)}.pdf",
        state_url=state_url + _query(published),
    )


@regional_view("surveys.manage")
def report_state(request: HttpRequest, pk: int) -> HttpResponse:
    """The report's layout under way, polled by htmx every second."""
    survey = _survey(request, pk)
    published = request.GET.get("version") == "publiee"
    query = _query(published)
    return _progress(
        request,
        survey,
        report.state(survey.pk, _version(published)),
        state_url=request.path + query,
        report_url=reverse("surveys:report_pdf", args=[request.org.code, survey.pk]) + query,
    )


@regional_view("surveys.manage")
def compare_page(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk)
    previous = survey.previous
    if previous is None or previous.org_id != survey.org_id:
        raise Http404("Pas de campagne précédente")
    current_results = results.compute(survey)
    compared, unmatched = compare.compare(current_results, results.compute(previous))
    return render(
        request,
        "surveys/results_compare.html",
        {
            "survey": survey,
            "previous": previous,
            "compared": compared,
            "unmatched": unmatched,
            "threshold": disclosure.THRESHOLD,
        },
    )


def _published(token: str) -> Survey:
    return get_object_or_404(
        Survey.objects.select_related("org"), results_token=token, results_published=True
    )


def published(request: HttpRequest, token: str) -> HttpResponse:
    """The published results: no login, no free text, small counts hidden."""
    survey = _published(token)
    with timezone.override(survey.org.tzinfo()):
        context = _results_context(survey, with_texts=False)
        return render(request, "surveys/published.html", context)


def _published_report(token: str) -> Survey:
    """The published survey whose report may be laid out: enough responses."""
    survey = _published(token)
    if not disclosure.shown(results.live_count(survey)):
        raise Http404("Pas assez de réponses")
    return survey


def published_pdf(request: HttpRequest, token: str) -> HttpResponse:
    survey = _published_report(token)
    return _report(
        request,
        survey,
        published=True,
        filename=f"enquete-{survey.pk}-resultats.pdf",
        state_url=reverse("surveys:published_report_state", args=[token]),
    )


def published_report_state(request: HttpRequest, token: str) -> HttpResponse:
    survey = _published_report(token)
    return _progress(
        request,
        survey,
        report.state(survey.pk, _version(True)),
        state_url=request.path,
        report_url=reverse("surveys:published_pdf", args=[token]),
    )


R = "o/<str:code>/enquetes/<int:pk>/resultats/"
urlpatterns = [
    path(R, results_page, name="results"),
    path(R + "compte/", results_count, name="results_count"),
    path(R + "graphiques/", results_body, name="results_body"),
    path(R + "publication/", publish, name="publish"),
    path(R + "chronologie/", timeline, name="timeline"),
    path(R + "chronologie/periode/", exclude_window, name="exclude_window"),
    path(R + "reponses.csv", export_csv, name="export_csv"),
    path(R + "reponses.xlsx", export_xlsx, name="export_xlsx"),
    path(R + "rapport.pdf", report_pdf, name="report_pdf"),
    path(R + "rapport/preparation/", report_state, name="report_state"),
    path("o/<str:code>/enquetes/<int:pk>/comparaison/", compare_page, name="compare"),
    path("enquete/<slug:token>/resultats/", published, name="published"),
    path("enquete/<slug:token>/resultats/rapport.pdf", published_pdf, name="published_pdf"),
    path(
        "enquete/<slug:token>/resultats/rapport/preparation/",
        published_report_state,
        name="published_report_state",
    ),
]
