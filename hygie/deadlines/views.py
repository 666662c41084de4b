from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from hygie.accounts.models import User
from hygie.deadlines import actions, priority
from hygie.deadlines.calendar import feed
from hygie.deadlines.forms import DeadlineForm
from hygie.deadlines.models import Deadline, Status
from hygie.lib import documents
from hygie.lib.http import is_htmx
from hygie.lib.parse import parse_id
from hygie.orgs.access import get_for_org, org_view, require

EXPORT_HEADER = [
    "Échéance",
    "Intitulé",
    "État",
    "Urgence",
    "Précisions",
    "Fait ou annulé le",
    "Enregistré le",
]


def _visible(request: HttpRequest):
    return Deadline.objects.visible_to(request.membership).select_related("org", "subject_type")


@org_view("deadlines.view")
def deadline_list(request: HttpRequest) -> HttpResponse:
    closed = request.GET.get("etat") == "closes"
    now = timezone.now()
    rows = _visible(request)
    rows = (
        rows.exclude(status=Status.OPEN).order_by("-closed_at")[:200]
        if closed
        else priority.by_priority(rows.open(), now)
    )
    return render(
        request,
        "deadlines/list.html",
        {
            "rows": rows,
            "closed": closed,
            "now": now,
            "can_manage": request.membership.can("deadlines.manage"),
            **_action_urls(request),
        },
    )


@org_view("deadlines.manage")
def deadline_create(request: HttpRequest) -> HttpResponse:
    form = DeadlineForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.set_deadline(
            org=request.org,
            title=form.cleaned_data["title"],
            due_at=form.due_at(),
            notes=form.cleaned_data["notes"],
            actor=request.user,
            request=request,
        )
        messages.success(request, "Échéance ajoutée. Les rappels partiront par e-mail.")
        return redirect("deadlines:list", request.org.code)
    return render(
        request, "deadlines/create.html", {"form": form}, status=400 if form.errors else 200
    )


def _named(request: HttpRequest) -> Deadline:
    pk = parse_id(request.POST.get("pk"))
    if pk is None:
        raise Http404("Échéance introuvable")
    return get_for_org(_visible(request), request.org, pk=pk)


def _manual(request: HttpRequest, deadline: Deadline | None = None) -> Deadline:
    """The deadline named by the form, if set by hand.

    Others close with the workflow that set them; the titulaire alone may
    close them by hand.
    """
    deadline = deadline or _named(request)
    if deadline.subject_id:
        require(request.membership, "org.manage")
    return deadline


def _action_urls(request: HttpRequest) -> dict[str, str]:
    """The two actions of the rows: one URL each, the deadline goes in the form."""
    code = request.org.code
    return {
        "done_url": reverse("deadlines:done", args=[code]),
        "reopen_url": reverse("deadlines:reopen", args=[code]),
    }


def _elsewhere(request: HttpRequest, url: str) -> HttpResponse:
    if is_htmx(request):
        return HttpResponse(status=204, headers={"HX-Redirect": url})
    return redirect(url)


def _row_or_list(request: HttpRequest, deadline: Deadline) -> HttpResponse:
    if is_htmx(request):
        return render(
            request,
            "deadlines/_row.html",
            {
                "deadline": deadline,
                "now": timezone.now(),
                "can_manage": True,
                **_action_urls(request),
            },
        )
    return redirect("deadlines:list", request.org.code)


@org_view("deadlines.manage")
@require_POST
def deadline_done(request: HttpRequest) -> HttpResponse:
    deadline = _named(request)
    proof = deadline.completion_link()
    if proof and deadline.status == Status.OPEN:
        # Never closed by a click: its subject's form records how it was done.
        return _elsewhere(request, proof)
    deadline = _manual(request, deadline)
    if deadline.status == Status.OPEN:
        actions.complete(deadline, actor=request.user, request=request)
        if not is_htmx(request):
            messages.success(request, f"« {deadline.title} » est marquée comme faite.")
    return _row_or_list(request, deadline)


@org_view("deadlines.manage")
@require_POST
def deadline_reopen(request: HttpRequest) -> HttpResponse:
    deadline = _named(request)
    if deadline.completion_link():
        # Closed by its subject's record, which a click cannot undo: a
        # correction is made there.
        return _elsewhere(request, deadline.link())
    deadline = _manual(request, deadline)
    if deadline.status != Status.OPEN:
        actions.reopen(deadline, actor=request.user, request=request)
        if not is_htmx(request):
            messages.success(request, f"« {deadline.title} » est de nouveau à faire.")
    return _row_or_list(request, deadline)


def _export_rows(rows, now):
    for deadline in rows:
        is_open = deadline.status == Status.OPEN
        yield [
            deadline.due_at,
            deadline.title,
            deadline.get_status_display(),
            priority.label_of(deadline, now) if is_open else "",
            deadline.notes,
            deadline.done_on,
            deadline.closed_at if deadline.recorded_later else None,
        ]


@org_view("deadlines.view")
def deadline_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The deadlines in the page's order and words (deadlines/priority.py): the
    open ones by urgency, then those done or cancelled, the last closed first."""
    now = timezone.now()
    visible = _visible(request)
    rows = priority.by_priority(visible.open(), now) + list(
        visible.exclude(status=Status.OPEN).order_by("-closed_at")
    )
    filename = f"echeances-{request.org.code}-{timezone.localdate().isoformat()}.{fmt}"
    if fmt == "csv":
        return documents.csv_response(filename, EXPORT_HEADER, _export_rows(rows, now))
    if fmt == "xlsx":
        return documents.xlsx_response(
            filename, "Échéances", EXPORT_HEADER, _export_rows(rows, now)
        )
    pdf = documents.render_pdf(
        "deadlines/list_pdf.html",
        {
            "open_rows": [deadline for deadline in rows if deadline.status == Status.OPEN],
            "now": now,
        },
        org=request.org,
        title="Échéances",
    )
    return documents.pdf_response(pdf, filename)


def calendar(request: HttpRequest, token: str) -> HttpResponse:
    """The person's private iCalendar feed: no login, the token is the key."""
    user = get_object_or_404(User, calendar_token=token, is_active=True)
    response = HttpResponse(feed(user), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="hygie.ics"'
    return response
