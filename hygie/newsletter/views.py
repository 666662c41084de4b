"""The animateur's pages: letters, their blocks, preview, sending, subscribers."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from hygie.lib.french import count
from hygie.newsletter import blocks as block_kinds
from hygie.newsletter import letters
from hygie.newsletter import subscribers as subs
from hygie.newsletter.forms import AddressesForm, IssueForm
from hygie.newsletter.models import Block, Issue, Subscriber
from hygie.orgs.access import regional_view

MANAGE = "newsletter.manage"
# The preview of the e-mail's HTML is the e-mail as sent: its inline styles
# are allowed on that page only, and nothing else (no script, no image).
PREVIEW_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
)


def _issue(request: HttpRequest, pk: int) -> Issue:
    issue = get_object_or_404(Issue, region=request.org, pk=pk)
    issue.region = request.org
    return issue


def _block(issue: Issue, pk: int) -> Block:
    block = get_object_or_404(Block, issue=issue, pk=pk)
    block.issue = issue
    return block


def _not_a_draft(request: HttpRequest, issue: Issue) -> HttpResponse:
    messages.error(request, "Cette lettre est déjà envoyée : elle ne peut plus changer.")
    return redirect(issue)


@regional_view(MANAGE)
def home(request: HttpRequest) -> HttpResponse:
    region = request.org
    return render(
        request,
        "newsletter/home.html",
        {
            "letters": Issue.objects.filter(region=region),
            "counts": Subscriber.objects.filter(region=region).counts(),
            "form": IssueForm(),
            "subscribe_url": settings.SITE_URL
            + reverse("newsletter:subscribe", args=[region.code]),
        },
    )


@regional_view(MANAGE)
@require_POST
def issue_new(request: HttpRequest) -> HttpResponse:
    form = IssueForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Donnez un objet à la lettre.")
        return redirect("newsletter:home", request.org.code)
    issue = letters.create(
        request.org,
        subject=form.cleaned_data["subject"],
        intro=form.cleaned_data["intro"],
        actor=request.user,
        request=request,
    )
    return redirect(issue)


@regional_view(MANAGE)
def issue(request: HttpRequest, pk: int) -> HttpResponse:
    letter = _issue(request, pk)
    return render(
        request,
        "newsletter/issue.html",
        {
            "issue": letter,
            "blocks": block_kinds.shown_blocks(letter),
            "kinds": Block.Kind.choices,
            "form": IssueForm(instance=letter),
            # A draft shows who would receive it; a letter sent, how far it went.
            "progress": None if letter.is_draft else letter.progress(),
            "recipients": letters.recipients(request.org).count() if letter.is_draft else None,
        },
    )


@regional_view(MANAGE)
@require_POST
def issue_edit(request: HttpRequest, pk: int) -> HttpResponse:
    letter = _issue(request, pk)
    form = IssueForm(request.POST, instance=letter)
    if not form.is_valid():
        messages.error(request, "Donnez un objet à la lettre (150 caractères au plus).")
        return redirect(letter)
    try:
        letters.edit(letter, subject=form.cleaned_data["subject"], intro=form.cleaned_data["intro"])
    except letters.NotADraft:
        return _not_a_draft(request, letter)
    messages.success(request, "Lettre enregistrée.")
    return redirect(letter)


def _block_page(request, letter, kind, form, block=None) -> HttpResponse:
    return render(
        request,
        "newsletter/block_form.html",
        {
            "issue": letter,
            "form": form,
            "block": block,
            "kind_label": Block.Kind(kind).label,
            "trainings": kind == Block.Kind.TRAININGS,
        },
    )


@regional_view(MANAGE)
def block_new(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    letter = _issue(request, pk)
    if kind not in Block.Kind.values:
        raise Http404("Type de bloc inconnu")
    if not letter.is_draft:
        return _not_a_draft(request, letter)
    form = block_kinds.form_for(
        kind, data=request.POST if request.method == "POST" else None, region=request.org
    )
    if request.method == "POST" and form.is_valid():
        try:
            letters.add_block(letter, kind, block_kinds.data_of(kind, form))
        except letters.NotADraft:
            return _not_a_draft(request, letter)
        messages.success(request, f"Bloc « {Block.Kind(kind).label} » ajouté.")
        return redirect(letter)
    return _block_page(request, letter, kind, form)


@regional_view(MANAGE)
def block_edit(request: HttpRequest, pk: int, block: int) -> HttpResponse:
    letter = _issue(request, pk)
    found = _block(letter, block)
    if not letter.is_draft:
        return _not_a_draft(request, letter)
    if request.method == "POST":
        form = block_kinds.form_for(found.kind, data=request.POST, region=request.org)
        if form.is_valid():
            try:
                letters.save_block(found, block_kinds.data_of(found.kind, form))
            except letters.NotADraft:
                return _not_a_draft(request, letter)
            messages.success(request, "Bloc enregistré.")
            return redirect(letter)
    else:
        form = block_kinds.form_for(found.kind, block=found, region=request.org)
    return _block_page(request, letter, found.kind, form, found)


@regional_view(MANAGE)
@require_POST
def block_move(request: HttpRequest, pk: int, block: int) -> HttpResponse:
    letter = _issue(request, pk)
    found = _block(letter, block)
    try:
        letters.move_block(found, -1 if request.POST.get("sens") == "haut" else 1)
    except letters.NotADraft:
        return _not_a_draft(request, letter)
    return redirect(f"{letter.get_absolute_url()}#bloc-{found.pk}")


@regional_view(MANAGE)
@require_POST
def block_delete(request: HttpRequest, pk: int, block: int) -> HttpResponse:
    letter = _issue(request, pk)
    found = _block(letter, block)
    try:
        letters.delete_block(found)
    except letters.NotADraft:
        return _not_a_draft(request, letter)
    messages.success(request, f"Bloc « {found.get_kind_display()} » supprimé.")
    return redirect(letter)


@regional_view(MANAGE)
def preview(request: HttpRequest, pk: int) -> HttpResponse:
    letter = _issue(request, pk)
    url = letters.unsubscribe_url(letters.UNSUBSCRIBE_PLACEHOLDER)
    subject, text, _ = letters.render(letter, unsubscribe_url=url)
    return render(
        request, "newsletter/preview.html", {"issue": letter, "subject": subject, "text": text}
    )


@regional_view(MANAGE)
def preview_html(request: HttpRequest, pk: int) -> HttpResponse:
    letter = _issue(request, pk)
    url = letters.unsubscribe_url(letters.UNSUBSCRIBE_PLACEHOLDER)
    _, _, html = letters.render(letter, unsubscribe_url=url)
    response = HttpResponse(html)
    response["Content-Security-Policy"] = PREVIEW_POLICY
    return response


@regional_view(MANAGE)
@require_POST
def send_test(request: HttpRequest, pk: int) -> HttpResponse:
    letter = _issue(request, pk)
    letters.send_test(letter, request.user.email)
    messages.success(request, f"Essai envoyé à {request.user.email}.")
    return redirect(letter)


@regional_view(MANAGE)
def send(request: HttpRequest, pk: int) -> HttpResponse:
    letter = _issue(request, pk)
    if not letter.is_draft:
        return _not_a_draft(request, letter)
    if request.method == "POST":
        if not letter.blocks.exists():
            messages.error(request, "Ajoutez au moins un bloc avant d'envoyer la lettre.")
            return redirect(letter)
        try:
            queued = letters.queue(letter, actor=request.user, request=request)
        except letters.NotADraft:
            return _not_a_draft(request, letter)
        messages.success(
            request,
            f"Envoi lancé : {count(queued, 'destinataire')}. Les lettres partent par lots, "
            "en arrière-plan.",
        )
        return redirect(letter)
    recipients = letters.recipients(request.org).count()
    return render(request, "newsletter/send.html", {"issue": letter, "recipients": recipients})


@regional_view(MANAGE)
def progress(request: HttpRequest, pk: int) -> HttpResponse:
    letter = _issue(request, pk)
    return render(
        request, "newsletter/_progress.html", {"issue": letter, "progress": letter.progress()}
    )


@regional_view(MANAGE)
@require_POST
def resend(request: HttpRequest, pk: int) -> HttpResponse:
    letter = _issue(request, pk)
    n = letters.resend_uncertain(letter, actor=request.user, request=request)
    messages.success(
        request, f"{count(n, 'envoi incertain relancé', 'envois incertains relancés')}."
    )
    return redirect(letter)


@regional_view(MANAGE)
def subscribers(request: HttpRequest) -> HttpResponse:
    region = request.org
    form = AddressesForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        outcome = subs.add_by_animateur(
            region, form.cleaned_data["addresses"], actor=request.user, request=request
        )
        parts = [count(outcome["sent"], "adresse invitée", "adresses invitées") + " à confirmer"]
        if outcome["confirmed"]:
            parts.append(count(outcome["confirmed"], "déjà abonnée", "déjà abonnées"))
        if outcome["refused"]:
            parts.append(
                count(outcome["refused"], "adresse désabonnée", "adresses désabonnées")
                + " non réinscrite (seule la personne peut se réabonner)"
            )
        messages.success(request, " ; ".join(parts) + ".")
        return redirect("newsletter:subscribers", region.code)
    listed = Subscriber.objects.filter(region=region).exclude(status=Subscriber.Status.UNSUBSCRIBED)
    return render(
        request,
        "newsletter/subscribers.html",
        {
            "form": form,
            "subscribers": listed,
            "counts": Subscriber.objects.filter(region=region).counts(),
        },
    )


@regional_view(MANAGE)
@require_POST
def subscriber_remove(request: HttpRequest, pk: int) -> HttpResponse:
    subscriber = get_object_or_404(Subscriber, region=request.org, pk=pk)
    subscriber.region = request.org
    subs.remove(subscriber, actor=request.user, request=request)
    messages.success(request, "Adresse retirée de la liste.")
    return redirect("newsletter:subscribers", request.org.code)
