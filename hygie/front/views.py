from __future__ import annotations

import logging
import uuid

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import get_template
from django.utils import timezone

from hygie.content import library
from hygie.deadlines import priority
from hygie.deadlines.models import Deadline
from hygie.front import capabilities
from hygie.lib import french
from hygie.orgs.access import org_view, usual_membership
from hygie.orgs.models import Contacts

log = logging.getLogger("hygie.errors")

LATER_ON_HOME = 5


def landing(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("front:start")
    coming = french.and_list(c.title.lower() for c in capabilities.coming())
    return render(request, "front/landing.html", {"coming": coming})


def emergency(request: HttpRequest) -> HttpResponse:
    """The first reflexes of an incident: public, printable, no login needed.

    It must work when the practice's own account is out of reach. Numbers to
    call come first, within a phone's first screen: the practice's own
    emergency contacts when a member is signed in, then the public services
    the content library marks to call at once.
    """
    from hygie.lib import phones

    steps = [{**s, "sources": library.cite(s["source"])} for s in library.items("fiche-reflexe")]
    helpers = [{**h, "sources": library.cite(h["source"])} for h in library.items("aide-urgence")]
    contacts = _own_contacts(request)
    calls = [
        {"label": c["who"], "name": c["name"], "number": c["number"]}
        for c in (contacts.calls() if contacts else [])
    ] + [dict(h["call"]) for h in helpers if h.get("call")]
    for call in calls:
        call["href"] = phones.href(call["number"])
    return render(
        request,
        "front/emergency.html",
        {"steps": steps, "helpers": helpers, "contacts": contacts, "calls": calls},
    )


def _own_contacts(request: HttpRequest):
    """The emergency contacts of the signed-in person's organisation: the one
    they used last, or their only one."""
    mine = usual_membership(request.user)
    if mine is None:
        return None
    return Contacts.objects.filter(org=mine.org).select_related("org").first()


@login_required
def start(request: HttpRequest) -> HttpResponse:
    """Where a signed-in person lands: their last organisation, or the list."""
    last = usual_membership(request.user)
    if last is not None:
        return redirect(last.org)
    return redirect("orgs:list")


def reflex_of_the_day() -> dict | None:
    reflexes = library.items("reflexes")
    if not reflexes:
        return None
    reflex = reflexes[timezone.localdate().toordinal() % len(reflexes)]
    return {**reflex, "sources": library.cite(reflex["source"])}


@org_view()
def home(request: HttpRequest) -> HttpResponse:
    """An organisation's home page: what is due, the tools, the reflex of the day."""
    now = timezone.now()
    deadlines = priority.by_priority(
        Deadline.objects.visible_to(request.membership).open().select_related("org"), now
    )
    urgent = [d for d in deadlines if priority.is_urgent(d, now)]
    later = [d for d in deadlines if not priority.is_urgent(d, now)]
    return render(
        request,
        "front/home.html",
        {
            "urgent": urgent,
            "later": later[:LATER_ON_HOME],
            "later_count": len(later),
            "now": now,
            "capabilities": capabilities.for_membership(request.membership),
            "show_mfa_banner": not request.user.has_mfa(),
            "reflex": reflex_of_the_day(),
        },
    )


def health(request: HttpRequest) -> HttpResponse:
    """For the reverse proxy and monitoring: the app answers and reaches its database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


def bad_request(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "errors/400.html", status=400)


def permission_denied(request: HttpRequest, exception=None) -> HttpResponse:
    message = str(exception) if exception and str(exception) else ""
    return render(request, "errors/403.html", {"message": message}, status=403)


def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "errors/404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """A French page with a reference; the traceback follows in the log (django.request).

    Rendered without context processors: the database may be the problem.
    """
    ref = uuid.uuid4().hex[:10].upper()
    user_id = getattr(getattr(request, "user", None), "pk", None)
    log.error("Erreur %s sur %s %s (utilisateur %s)", ref, request.method, request.path, user_id)
    html = get_template("errors/500.html").render({"reference": ref})
    return HttpResponse(html, status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "errors/csrf.html", status=403)
