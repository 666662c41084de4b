"""The awareness sheets as pages and PDFs show them, built from the library.

A sheet's statements (why it matters, what to do, what to avoid, and the
items of another collection it shows) carry numbered notes; the notes lead to
one list of sources at the end of the sheet, where each source appears once
with the passages of it the sheet's own statements rely on. The list survives printing,
which footnotes spread through the text would not.
"""

from __future__ import annotations

from typing import Any

from hygie.content import library

COLLECTION = "fiches-sensibilisation"
SHOWN_TITLES = {
    "reflexes": "Les six réflexes",
    "fiche-reflexe": "Les gestes, dans l'ordre",
}


class Notes:
    """Numbers the sources a sheet cites, in the order they first appear."""

    def __init__(self) -> None:
        self.entries: dict[str, dict[str, Any]] = {}

    def numbers(self, citations: list[dict[str, str]], details: bool = True) -> list[int]:
        """The notes of one statement; `details` False leaves out the passages
        cited (an item shown from another collection keeps them on its own page)."""
        found = []
        for cited in library.cite(citations):
            entry = self.entries.get(cited["ref"])
            if entry is None:
                entry = {**cited, "number": len(self.entries) + 1, "details": []}
                del entry["detail"]
                self.entries[cited["ref"]] = entry
            if details and cited["detail"] and cited["detail"] not in entry["details"]:
                entry["details"].append(cited["detail"])
            if entry["number"] not in found:
                found.append(entry["number"])
        return sorted(found)

    def listed(self) -> list[dict[str, Any]]:
        return sorted(self.entries.values(), key=lambda e: e["number"])


def pages() -> list[dict[str, Any]]:
    return library.items(COLLECTION)


def page(slug: str) -> dict[str, Any] | None:
    return next((p for p in pages() if p["id"] == slug), None)


def sheet(item: dict[str, Any]) -> dict[str, Any]:
    """Everything a page or a PDF shows of one item, its notes resolved."""
    notes = Notes()

    def statements(key: str) -> list[dict[str, Any]]:
        return [{"text": s["text"], "notes": notes.numbers(s["source"])} for s in item[key]]

    why = statements("why")
    shown = (
        [
            {**entry, "notes": notes.numbers(entry["source"], details=False)}
            for entry in library.items(item["shows"])
        ]
        if item.get("shows")
        else []
    )
    do, dont = statements("do"), statements("dont")
    resources = [
        {**library.cite([{"ref": r["ref"]}])[0], "detail": r["detail"]} for r in item["resources"]
    ]
    return {
        "id": item["id"],
        "number": item["number"],
        "title": item["title"],
        "summary": item["summary"],
        "why": why,
        "shows": item.get("shows", ""),
        "shown_title": SHOWN_TITLES.get(item.get("shows", ""), ""),
        "shown": shown,
        "do": do,
        "dont": dont,
        "tools": item.get("tools", []),
        "resources": resources,
        "sources": notes.listed(),
    }
