from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from hygie.lib import documents
from hygie.lib.disclosure import THRESHOLD
from hygie.orgs.access import org_view, regional_view
from hygie.surveys.actions import open_surveys
from hygie.territory import actions, present
from hygie.territory.forms import JoinForm, LinkForm, SendForm
from hygie.territory.models import JoinLink, Participation

# The regional body's tools on its hub: (title, what it is for, URL name, permission).
REGIONAL_TOOLS = [
    (
        "Enquêtes",
        "Interroger les professionnels du territoire, anonymement.",
        "surveys:list",
        "surveys.manage",
    ),
    (
        "Tableau du territoire",
        "Les indicateurs mis en commun par les structures, sans jamais le chiffre de l'une d'elles.",
        "territory:dashboard",
        "territory.dashboard",
    ),
    (
        "Inviter des structures",
        "Un lien à envoyer aux titulaires pour qu'ils rejoignent le territoire.",
        "territory:invite",
        "territory.dashboard",
    ),
    (
        "Lettre d'information",
        "Composer et envoyer la lettre aux abonnés.",
        "newsletter:home",
        "newsletter.manage",
    ),
]


@org_view("territory.view")
def home(request: HttpRequest) -> HttpResponse:
    """The hub: for a regional body, its tools; for a practice, its
    territories, what it shares, the surveys it is asked to answer and the
    awareness pages."""
    org = request.org
    if org.is_regional:
        tools = [t for t in REGIONAL_TOOLS if request.membership.can(t[3])]
        members = Participation.objects.active().filter(region=org).count()
        return render(request, "territory/home_region.html", {"tools": tools, "members": members})
    participations = list(
        Participation.objects.active()
        .filter(practice=org)
        .select_related("region")
        .order_by("region__name")
    )
    regions = [p.region for p in participations]
    can_join = request.membership.can("territory.join")
    shared = None
    if participations and can_join:
        shared = actions.refresh_if_stale(org)
    return render(
        request,
        "territory/home_practice.html",
        {
            "participations": participations,
            "can_join": can_join,
            "shared": shared,
            "threshold": THRESHOLD,
            "names": actions.labels.names() if shared else None,
            "surveys": open_surveys(regions) if regions else [],
        },
    )


@org_view("territory.join")
def leave(request: HttpRequest, pk: int) -> HttpResponse:
    participation = get_object_or_404(
        Participation.objects.select_related("region", "practice"),
        pk=pk,
        practice=request.org,
        left_at=None,
    )
    if request.method == "POST":
        actions.leave(participation, actor=request.user, request=request)
        messages.success(
            request,
            f"{request.org.name} a quitté le territoire de {participation.region.name} : "
            "ses indicateurs ne comptent plus.",
        )
        return redirect("territory:home", request.org.code)
    return render(request, "territory/leave.html", {"participation": participation})


@regional_view("territory.dashboard")
def invite(request: HttpRequest) -> HttpResponse:
    form = LinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        link = actions.create_link(
            request.org, label=form.cleaned_data["label"], actor=request.user, request=request
        )
        messages.success(request, "Lien créé : copiez-le ou envoyez-le par e-mail.")
        return redirect(f"{request.path}#lien-{link.pk}")
    links = JoinLink.objects.usable().filter(region=request.org)
    # The members' names and dates, never their figures.
    members = (
        Participation.objects.active()
        .filter(region=request.org)
        .select_related("practice")
        .order_by("practice__name")
    )
    return render(
        request,
        "territory/invite.html",
        {"form": form, "links": links, "members": members, "send_form": SendForm()},
    )


@regional_view("territory.dashboard")
@require_POST
def link_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    link = get_object_or_404(JoinLink, pk=pk, region=request.org, revoked_at=None)
    actions.revoke_link(link, actor=request.user, request=request)
    messages.success(request, "Lien retiré : il ne permet plus de rejoindre le territoire.")
    return redirect("territory:invite", request.org.code)


@regional_view("territory.dashboard")
@require_POST
def link_send(request: HttpRequest, pk: int) -> HttpResponse:
    link = get_object_or_404(JoinLink.objects.usable(), pk=pk, region=request.org)
    form = SendForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["email"][0])
    elif actions.send_link(link, form.cleaned_data["email"], actor=request.user, request=request):
        messages.success(request, f"Lien envoyé à {form.cleaned_data['email']}.")
    else:
        messages.error(request, "Le message n'a pas pu partir : réessayez dans une heure.")
    return redirect("territory:invite", request.org.code)


@login_required
def join(request: HttpRequest, token: str) -> HttpResponse:
    """A titulaire makes one of her practices join, after reading what it shares."""
    link = get_object_or_404(JoinLink.objects.select_related("region"), token=token)
    context = {
        "link": link,
        "region": link.region,
        "consent_version": actions.CONSENT_VERSION,
        "threshold": THRESHOLD,
    }
    if not link.is_usable:
        return render(request, "territory/join_expired.html", context, status=410)
    practices = actions.practices_of(request.user, link.region)
    free = [org for org, joined in practices if not joined]
    form = JoinForm(free, request.POST or None)
    if request.method == "POST" and form.is_valid():
        practice = form.chosen()
        try:
            actions.join(link, practice, actor=request.user, request=request)
        except actions.JoinError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                f"{practice.name} a rejoint le territoire de {link.region.name}. "
                "Vous pouvez le quitter à tout moment depuis cette page.",
            )
            return redirect("territory:home", practice.code)
    context.update({"form": form, "practices": practices, "free": free})
    return render(request, "territory/join.html", context)


@regional_view("territory.dashboard")
def dashboard(request: HttpRequest) -> HttpResponse:
    board = actions.dashboard(request.org)
    return render(request, "territory/dashboard.html", present.page_context(board))


@regional_view("territory.dashboard")
def export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The dashboard for the ARS or the steering committee, with the same suppression."""
    if fmt not in ("pdf", "xlsx"):
        raise Http404("Format inconnu")
    board = actions.dashboard(request.org)
    actions.record_export(request.org, fmt, actor=request.user, request=request)
    day = timezone.localdate().isoformat()
    if fmt == "xlsx":
        body = documents.xlsx_book_bytes(present.xlsx_sheets(board))
        return documents.file_response(body, documents.XLSX_MIME, f"territoire-{day}.xlsx")
    pdf = documents.render_pdf(
        "territory/dashboard_pdf.html",
        present.page_context(board),
        org=request.org,
        title="Tableau du territoire",
    )
    return documents.pdf_response(pdf, f"territoire-{day}.pdf")
