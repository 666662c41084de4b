"""The public awareness pages: an index, one page per subject, a PDF of each
and one of the whole set. No login; the same content for everyone, so that
browsers may keep a page a while (a signed-in person's copy is still never
stored, see hygie.lib.middleware)."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control

from hygie.awareness import sheets
from hygie.lib import documents
from hygie.orgs.access import usual_membership

# How long a browser may keep a page or a PDF before asking again.
BROWSER_SECONDS = 600
SET_TITLE = "Fiches de sensibilisation"
SET_FILENAME = "fiches-sensibilisation.pdf"
# The sheets' own styles, for the browser and, inlined, for their PDFs.
AWARENESS_CSS = Path(settings.BASE_DIR) / "static" / "hygie" / "awareness.css"

# Hygie's tools a sheet points to: (URL name, label, its arguments if any). The MSSanté tool
# belongs to an organisation: it is linked for a member, named for others.
TOOLS = {
    "urgence": ("front:emergency", "Cyberattaque : les premiers gestes, à garder sous la main"),
    "message-suspect": ("phishing:public", "Analyser un message suspect avant de cliquer"),
    "diagnostic": (
        "diagnostic:discovery",
        "Le diagnostic découverte : douze questions, sans compte",
    ),
    "delais": ("rights:calculator", "Calculer les délais de 72 heures d'une violation de données"),
    "mssante": (
        "identity:mssante",
        "Vérifier qu'une adresse est dans l'espace de confiance MSSanté",
    ),
    "mots-de-passe": (
        "passwords:tool",
        "Mots de passe : tester un mot de passe, créer une phrase de passe, et les fiches pratiques",
    ),
    # A page with an address of its own: its slug follows the label.
    "fiche-wifi": (
        "passwords:card",
        "La fiche pratique « La clé Wi-Fi du cabinet »",
        "wifi-cabinet",
    ),
}
ORG_TOOLS = {"identity:mssante": "dans votre espace Hygie, rubrique Identitovigilance"}


@functools.cache
def _awareness_css() -> str:
    return AWARENESS_CSS.read_text()


def _cacheable(response: HttpResponse) -> HttpResponse:
    # private: a shared cache must not hand one visitor's CSRF cookie to another.
    patch_cache_control(response, private=True, max_age=BROWSER_SECONDS)
    return response


def _tools(request: HttpRequest, keys: list[str], org=None) -> list[dict[str, str]]:
    """Each tool with its full address (printed beside it on paper), or where
    to find it when it belongs to an organisation the reader is not in."""
    tools = []
    for key in keys:
        name, label, *args = TOOLS[key]
        if name in ORG_TOOLS:
            if org is None:
                tools.append({"label": label, "url": "", "where": ORG_TOOLS[name]})
                continue
            url = reverse(name, args=[org.code])
        else:
            url = reverse(name, args=args)
        tools.append({"label": label, "url": request.build_absolute_uri(url), "where": ""})
    return tools


def _sheet(request: HttpRequest, item: dict[str, Any], org=None) -> dict[str, Any]:
    built = sheets.sheet(item)
    built["tools"] = _tools(request, built["tools"], org)
    built["url"] = request.build_absolute_uri(reverse("awareness:page", args=[item["id"]]))
    built["emergency_url"] = request.build_absolute_uri(reverse("front:emergency"))
    return built


def _item_or_404(slug: str) -> dict[str, Any]:
    item = sheets.page(slug)
    if item is None:
        raise Http404("Fiche inconnue")
    return item


def index(request: HttpRequest) -> HttpResponse:
    """The list of the sheets, and the whole set as one PDF."""
    items = sheets.pages()
    # Whoever opens the list may well download the set: lay it out meanwhile,
    # once while the PDF stays in the cache, not at every opening of a public page.
    if cache.add(f"awareness-set-prepared:{request.get_host()}", 1, settings.PDF_CACHE_SECONDS):
        documents.prepare_later(lambda: _set_pdf(request, items))
    response = render(request, "awareness/index.html", {"pages": items})
    return _cacheable(response)


def page(request: HttpRequest, slug: str) -> HttpResponse:
    item = _item_or_404(slug)
    items = sheets.pages()
    at = items.index(item)
    mine = usual_membership(request.user)
    context = {
        "sheet": _sheet(request, item, mine.org if mine else None),
        "count": len(items),
        "previous": items[at - 1] if at > 0 else None,
        "next": items[at + 1] if at + 1 < len(items) else None,
    }
    return _cacheable(render(request, "awareness/page.html", context))


def page_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    item = _item_or_404(slug)
    pdf = documents.render_pdf(
        "documents/awareness.html",
        {"sheets": [_sheet(request, item)], "cover": False, "awareness_css": _awareness_css()},
        org=None,
        title=item["title"],
    )
    return _cacheable(documents.pdf_response(pdf, f"fiche-{item['id']}.pdf"))


def _set_pdf(request: HttpRequest, items: list[dict[str, Any]]) -> bytes:
    return documents.render_pdf(
        "documents/awareness.html",
        {
            "sheets": [_sheet(request, item) for item in items],
            "cover": True,
            "awareness_css": _awareness_css(),
            "index_url": request.build_absolute_uri(reverse("awareness:index")),
        },
        org=None,
        title=SET_TITLE,
    )


def set_pdf(request: HttpRequest) -> HttpResponse:
    """Every sheet in one PDF, each on its own pages, after a contents page."""
    return _cacheable(documents.pdf_response(_set_pdf(request, sheets.pages()), SET_FILENAME))
