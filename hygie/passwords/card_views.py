"""A card's own page: public, printable."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control

from hygie.passwords import cards

# How long a browser may keep a card before asking again (as the awareness sheets).
BROWSER_SECONDS = 600


def card(request: HttpRequest, slug: str) -> HttpResponse:
    item = cards.card(slug)
    if item is None:
        raise Http404("Fiche inconnue")
    listed = cards.all_cards()
    at = [c["slug"] for c in listed].index(slug)
    context = {
        "card": cards.sheet(item),
        "number": at + 1,
        "count": len(listed),
        "previous": listed[at - 1] if at > 0 else None,
        "next": listed[at + 1] if at + 1 < len(listed) else None,
        # Printed beside the links, so that the paper copy still leads somewhere.
        "url": request.build_absolute_uri(reverse("passwords:card", args=[slug])),
        "tool_url": request.build_absolute_uri(reverse("passwords:tool")),
        "tool_label": cards.TOOL_LABEL,
    }
    response = render(request, "passwords/card.html", context)
    # private: a shared cache must not hand one visitor's CSRF cookie to another.
    patch_cache_control(response, private=True, max_age=BROWSER_SECONDS)
    return response
