"""A card's own page: public, printable."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse


def card(request: HttpRequest, slug: str) -> HttpResponse:
    raise Http404
