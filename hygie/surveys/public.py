"""The respondents' pages: no account, no IP kept, one answer per browser.

The browser keeps a random token in a cookie scoped to the survey's path;
the database keeps only its HMAC (BrowserMark), unrelated to the response.
The IP reaches neither a table nor the cache: the rate limit counts by a
keyed digest of the network.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import ensure_csrf_cookie

from hygie.content import library
from hygie.lib.http import client_ip
from hygie.lib.throttling import count_in_window, network
from hygie.surveys import actions
from hygie.surveys.answering import clean, field_name
from hygie.surveys.models import Invitation, Survey, digest

COOKIE = "hygie_enquete"
# The cookie outlives the survey's closing by this margin; without a closing
# date it lasts this long after the answer.
COOKIE_MARGIN = timedelta(days=30)
COOKIE_WITHOUT_CLOSING = timedelta(days=365)
RATE_WINDOW_SECONDS = 600
HONEYPOT = "site_web"


def cookie_lifetime(survey: Survey) -> timedelta:
    now = timezone.now()
    if survey.closes_at and survey.closes_at > now:
        return survey.closes_at - now + COOKIE_MARGIN
    return COOKIE_WITHOUT_CLOSING


def cookie_lifetime_text(survey: Survey) -> str:
    if survey.closes_at:
        return "jusqu'à trente jours après la clôture de l'enquête"
    return "un an"


def set_browser_cookie(response: HttpResponse, survey: Survey, token: str) -> None:
    response.set_cookie(
        COOKIE,
        token,
        max_age=int(cookie_lifetime(survey).total_seconds()),
        path=survey.public_path(),
        secure=settings.HTTPS,
        httponly=True,
        samesite="Lax",
    )


def rate_key(request: HttpRequest) -> str:
    # A keyed digest: the cache, readable by whoever runs it, never holds a
    # respondent's address beside the minute of an answer.
    return f"survey-post:{digest(network(client_ip(request)))[:32]}"


def over_rate_limit(request: HttpRequest) -> bool:
    """Count this questionnaire against its network's budget: a window opens
    with the network's first questionnaire and lasts RATE_WINDOW_SECONDS."""
    sent = count_in_window(rate_key(request), RATE_WINDOW_SECONDS)
    return sent > settings.SURVEY_SUBMISSIONS_PER_NETWORK


def get_survey(token: str) -> Survey:
    return get_object_or_404(Survey.objects.select_related("org"), public_token=token)


def sections_of(survey: Survey, answers: dict | None = None, errors: dict | None = None):
    """The questions grouped by section, in order, each with its field name,
    resolved sources, the value to show again and its error."""
    answers, errors = answers or {}, errors or {}
    sections = {s.pk: {"section": s, "questions": []} for s in survey.sections.all()}
    loose = {"section": None, "questions": []}
    texts = {}
    for number, q in enumerate(survey.questions.all(), start=1):
        q.number = number
        q.field = field_name(q.key)
        q.cited = library.cite(q.sources) if q.sources else []
        given = answers.get(q.key)
        q.selected = [str(v) for v in given] if isinstance(given, list) else [str(given or "")]
        q.value = q.selected[0] if q.selected else ""
        q.error = errors.get(q.key, "")
        q.condition = _condition_text(q, texts)
        q.describedby = " ".join(
            ([f"{q.field}-aide"] if q.help or q.condition else [])
            + ([f"{q.field}-erreur"] if q.error else [])
        )
        texts[q.key] = q
        (sections.get(q.section_id) or loose)["questions"].append(q)
    groups = ([loose] if loose["questions"] else []) + list(sections.values())
    return [g for g in groups if g["questions"]]


def _condition_text(q, earlier: dict) -> str:
    """« Seulement si vous avez répondu « Oui » à la question 12. »"""
    if not q.show_if or q.show_if.get("question") not in earlier:
        return ""
    other = earlier[q.show_if["question"]]
    labels = other.choice_labels()
    wanted = " ou ".join(f"« {labels.get(a, a)} »" for a in q.show_if.get("answers", []))
    return f"Seulement si vous avez répondu {wanted} à la question {other.number}."


def raw_answers(request: HttpRequest, survey: Survey) -> dict:
    raw = {}
    for q in survey.questions.all():
        name = field_name(q.key)
        raw[q.key] = request.POST.getlist(name) if q.kind == "multiple" else request.POST.get(name)
    return raw


@never_cache
@ensure_csrf_cookie
def answer(request: HttpRequest, token: str) -> HttpResponse:
    return _answer(request, get_survey(token), None)


@never_cache
@ensure_csrf_cookie
def answer_invited(request: HttpRequest, token: str, invitation: str) -> HttpResponse:
    survey = get_survey(token)
    found = actions.find_invitation(survey, invitation)
    if found is None:
        raise Http404("Invitation inconnue")
    return _answer(request, survey, found)


def _answer(request: HttpRequest, survey: Survey, invitation: Invitation | None) -> HttpResponse:
    browser_token = request.COOKIES.get(COOKIE, "")
    now = timezone.now()
    if not survey.is_accepting(now):
        return _unavailable(request, survey)
    if invitation is not None and invitation.used:
        return _refused(
            request, survey, "Ce lien d'invitation a déjà servi : une seule réponse par lien."
        )
    if actions.has_answered(survey, browser_token):
        return _refused(
            request, survey, "Vous avez déjà répondu à cette enquête depuis ce navigateur."
        )
    answers, errors = {}, {}
    if request.method == "POST":
        if over_rate_limit(request):
            return render(request, "surveys/public/too_many.html", _context(survey), status=429)
        if request.POST.get(HONEYPOT):
            # A robot filled the field people never see: thank it, keep nothing.
            return redirect("surveys:thanks", survey.public_token)
        answers, errors = clean(survey.questions.all(), raw_answers(request, survey))
        if not errors:
            browser_token = browser_token or secrets.token_urlsafe(24)
            try:
                actions.submit(survey, answers, browser_token=browser_token, invitation=invitation)
            except actions.AlreadyAnswered:
                return _refused(request, survey, "Vous avez déjà répondu à cette enquête.")
            except actions.NotAccepting:
                return _unavailable(request, survey)
            done = redirect("surveys:thanks", survey.public_token)
            set_browser_cookie(done, survey, browser_token)
            return done
        answers = raw_answers(request, survey)
    ctx = {
        **_context(survey),
        "sections": sections_of(survey, answers, errors),
        "draft_key": f"hygie-enquete:{survey.public_token}",
        "answers": answers,
        "errors": errors,
        "honeypot": HONEYPOT,
        "invitation": invitation,
    }
    response = render(request, "surveys/public/answer.html", ctx, status=400 if errors else 200)
    if not browser_token:
        browser_token = secrets.token_urlsafe(24)
    # Renewed on every visit, so that its lifetime follows the closing date.
    set_browser_cookie(response, survey, browser_token)
    return response


def _unavailable(request: HttpRequest, survey: Survey) -> HttpResponse:
    """Not open yet, or closed: a page that says which, and when."""
    return render(request, "surveys/public/unavailable.html", _context(survey))


def _refused(request: HttpRequest, survey: Survey, reason: str) -> HttpResponse:
    ctx = {**_context(survey), "reason": reason}
    return render(request, "surveys/public/refused.html", ctx, status=409)


def _context(survey: Survey) -> dict:
    return {"survey": survey, "org": survey.org, "now": timezone.now()}


def thanks(request: HttpRequest, token: str) -> HttpResponse:
    survey = get_survey(token)
    ctx = {**_context(survey), "draft_key": f"hygie-enquete:{survey.public_token}"}
    return render(request, "surveys/public/thanks.html", ctx)


def notice(request: HttpRequest, token: str) -> HttpResponse:
    survey = get_survey(token)
    return render(
        request,
        "surveys/public/notice.html",
        {
            **_context(survey),
            "cookie_lifetime": cookie_lifetime_text(survey),
            "sources": library.cite(NOTICE_SOURCES),
            "unverified_basis": {
                "check": "Base légale proposée par défaut, à confirmer par la structure "
                "avec son délégué à la protection des données."
            },
        },
    )


NOTICE_SOURCES = [
    {"ref": "rgpd", "detail": "article 13 (informations à fournir) et article 6 (bases légales)"},
    {"ref": "cnil-information-personnes"},
    {"ref": "cnil-cookies-lignes-directrices", "detail": "traceurs strictement nécessaires"},
    {"ref": "seed-000", "detail": "objet d'une enquête régionale sur les pratiques RGPD"},
]
