"""The cards on passwords: managers, MFA, PIN codes, locking the session…
from the content library, each with its sources."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from hygie.content import library
from hygie.lib.plugins import Link

COLLECTION = "fiches-mots-de-passe"
MEASURES = "diagnostic-measures"
TOOL_LABEL = "L'outil Mots de passe : tester un mot de passe, créer une phrase de passe"


def _card(item: dict[str, Any]) -> dict[str, Any]:
    return {**item, "slug": item["id"]}


def all_cards() -> list[dict[str, Any]]:
    """The cards in reading order (slug, title, summary…)."""
    return [_card(item) for item in library.items(COLLECTION)]


def card(slug: str) -> dict[str, Any] | None:
    # Not library.get(): a card taken out of the library keeps its row, retired.
    return next((c for c in all_cards() if c["slug"] == slug), None)


def sheet(item: dict[str, Any]) -> dict[str, Any]:
    """What a card's page shows: its sources resolved, and the actions of the
    diagnostic measures it helps apply."""
    measures = [library.get(MEASURES, key) for key in item["measures"]]
    return {
        **item,
        "sources": library.cite(item["source"]),
        "actions": [m["action"] for m in measures if m],
    }


def measure_links(key: str) -> list[Link]:
    """For the diagnostic: the cards that help apply the measure `key`, then
    the password tool, or nothing when no card names the measure."""
    found = [
        Link(c["title"], reverse("passwords:card", args=[c["slug"]]))
        for c in all_cards()
        if key in c["measures"]
    ]
    if found:
        found.append(Link(TOOL_LABEL, reverse("passwords:tool")))
    return found
