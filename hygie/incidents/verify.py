"""Each timeline entry against its copy in the audit journal.

The journal's chain proves that its own entries are intact; this check
extends that proof to the timeline, whose every entry was copied into the
journal when it was written (`incident.entry`, with its number and text).
"""

from __future__ import annotations

from hygie.incidents.models import TimelineEntry
from hygie.journal.models import Entry


def timeline_differences(org=None) -> list[str]:
    """The differences of every organisation, or of `org` alone."""
    copies: dict[int, str] = {}
    journal = Entry.objects.filter(action="incident.entry")
    timeline = TimelineEntry.objects.order_by("pk")
    if org is not None:
        journal, timeline = journal.filter(org_id=org.pk), timeline.filter(incident__org=org)
    for details in journal.values_list("details", flat=True):
        if isinstance(details, dict) and isinstance(details.get("entrée"), int):
            copies[details["entrée"]] = details.get("texte", "")
    found = []
    for entry in timeline.iterator():
        where = f"incident n° {entry.incident_id}, entrée n° {entry.pk} de la chronologie"
        if entry.pk not in copies:
            found.append(f"{where} : absente du journal")
        elif copies.pop(entry.pk) != entry.text[:500]:
            found.append(f"{where} : texte différent de celui du journal")
    found += [
        f"entrée n° {pk} de la chronologie : dans le journal, plus dans la base" for pk in copies
    ]
    return found
