"""The password tool: public, and inside an organisation for its members.

Everything is computed in the browser by the engine (hygie-passwords.js):
nothing typed on the page is ever sent, and the page's policy forbids the
script any connection (connect-src 'none') to make sure of it.
"""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from hygie.content import library
from hygie.orgs.access import org_view
from hygie.passwords.cards import all_cards

# Where the rules the page applies come from.
SOURCES = [
    {
        "ref": "cnil-2022-100",
        "detail": "les trois cas, l'entropie minimale de chacun et leurs exemples",
    },
    {
        "ref": "anssi-authentification-2021",
        "detail": "pas de longueur maximale, pas d'expiration imposée, phrases de passe",
    },
    {"ref": "seed-001", "detail": "objets connectés : au moins 14 caractères de quatre sortes"},
    {
        "ref": "seed-003",
        "detail": "Mots de passe : au moins 12 caractères ou 7 mots ; pas d'incrément au renouvellement",
    },
    {
        "ref": "seed-004",
        "detail": "Accès et mot de passe : rien qui vous concerne, un mot de passe par usage",
    },
]

# A town after its postal code, on the last lines of a postal address.
TOWN = re.compile(r"(?:\d{5}|2[AB]\d{3})\s+(?P<town>[^\d\n,][^\n,]*)")


def town_of(address: str) -> str:
    """The town of a French postal address (after its postal code), or ''."""
    found = TOWN.findall(address)
    if not found:
        return ""
    town = re.sub(r"\s+cedex(\s+\d+)?\s*$", "", found[-1].strip(), flags=re.IGNORECASE)
    return town.strip()


def no_connect_policy() -> str:
    """The site's Content-Security-Policy, with no connection allowed at all."""
    return settings.CONTENT_SECURITY_POLICY.replace("connect-src 'self'", "connect-src 'none'")


def _strict_policy(response: HttpResponse) -> HttpResponse:
    # What is typed stays in the browser: no fetch, beacon nor WebSocket may
    # leave this page, whatever a script tries.
    response.headers["Content-Security-Policy"] = no_connect_policy()
    return response


def _context(personal: dict[str, str] | None = None) -> dict[str, Any]:
    return {
        "cards": all_cards(),
        "sources": library.cite(SOURCES),
        "personal": personal or {},
        "case_2_check": {
            "check": (
                "Les exemples du cas 2 sont repris de résumés de la délibération : "
                "vérifiez-les dans son texte, sur cnil.fr."
            )
        },
    }


def tool(request: HttpRequest) -> HttpResponse:
    return _strict_policy(render(request, "passwords/tool.html", _context()))


@org_view("passwords.use")
def org_tool(request: HttpRequest) -> HttpResponse:
    """The same tool, its « mots qui vous concernent » prefilled with the
    person's name and the organisation's name and town."""
    first, _, last = request.user.full_name.strip().partition(" ")
    personal = {
        "firstname": first,
        "surname": last.strip(),
        "town": town_of(request.org.address),
        "org": request.org.name,
    }
    return _strict_policy(render(request, "passwords/tool.html", _context(personal)))
