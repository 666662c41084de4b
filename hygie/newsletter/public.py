"""The public pages: subscribe, confirm, unsubscribe, the web version."""

from __future__ import annotations

import hashlib

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.csrf import csrf_exempt

from hygie.lib.http import client_ip
from hygie.lib.throttling import count_in_window, network
from hygie.newsletter import letters
from hygie.newsletter import subscribers as subs
from hygie.newsletter.forms import SubscribeForm
from hygie.newsletter.models import Issue
from hygie.orgs.models import Organisation

# Subscriptions asked from one network in an hour, counted in the cache only
# (by a digest of the network: no address is stored).
SUBSCRIBE_PER_HOUR = 10


def _region(code: str) -> Organisation:
    region = get_object_or_404(Organisation, code=code)
    if not region.is_regional:
        raise Http404("Lettre introuvable")
    return region


def over_rate(request: HttpRequest) -> bool:
    where = hashlib.sha256(network(client_ip(request)).encode()).hexdigest()[:32]
    return count_in_window(f"newsletter-subscribe:{where}", 3600) > SUBSCRIBE_PER_HOUR


def subscribe(request: HttpRequest, code: str) -> HttpResponse:
    region = _region(code)
    form = SubscribeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if over_rate(request):
            form.add_error(
                None,
                "Trop de demandes d'abonnement depuis votre réseau : réessayez dans une heure.",
            )
        elif form.is_valid():
            # A robot that filled the hidden field is told the same as a person,
            # and nothing is sent.
            if not form.cleaned_data["website"]:
                subs.request_subscription(region, form.cleaned_data["email"])
            # The same answer whether the address was known or not.
            return render(
                request,
                "newsletter/subscribe_sent.html",
                {"region": region, "days": subs.CONFIRM_DAYS},
            )
    return render(
        request,
        "newsletter/subscribe.html",
        {"region": region, "form": form, "keep_days": subs.PENDING_KEEP_DAYS},
    )


def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button (link scanners open links); POST confirms."""
    if request.method == "POST":
        subscriber = subs.confirm(token)
        return render(
            request,
            "newsletter/confirm.html",
            {
                "done": subscriber is not None,
                "region": subscriber.region if subscriber else None,
                "days": subs.CONFIRM_DAYS,
            },
        )
    return render(request, "newsletter/confirm.html", {"ask": True})


@csrf_exempt
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """One click (RFC 8058): a POST unsubscribes at once, without a cookie or
    a CSRF token, from the mail client or from the button of the page a GET
    shows (a GET itself changes nothing: link scanners open links)."""
    if request.method == "POST":
        subscriber = subs.unsubscribe(token)
        return render(
            request,
            "newsletter/unsubscribe.html",
            {"done": subscriber is not None, "region": subscriber.region if subscriber else None},
        )
    delivery = subs.delivery_for_token(token)
    return render(
        request,
        "newsletter/unsubscribe.html",
        {
            "ask": delivery is not None,
            "unknown": delivery is None,
            "region": delivery.issue.region if delivery else None,
        },
    )


def web(request: HttpRequest, token: str) -> HttpResponse:
    """The web version of a letter once it is sent (the animateur previews drafts)."""
    issue = get_object_or_404(
        Issue.objects.select_related("region").exclude(status=Issue.Status.DRAFT), web_token=token
    )
    return render(request, "newsletter/web.html", letters.context(issue, unsubscribe_url=""))
