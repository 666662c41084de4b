"""When the practice's time zone changes (orgs.signals.time_zone_changed).

The 72-hour clocks count elapsed hours from the discovery, an instant: they do
not move. The insurer's working days end at 23:59 in the practice's calendar:
they are recomputed in the new zone. The timeline keeps its text as written,
so it says from when its times are in the new zone; the CNIL draft's fields
that are still Hygie's prefilled text are written again in the new zone, and
what someone typed stays as typed.
"""

from __future__ import annotations

from datetime import tzinfo

from django.db import transaction
from django.utils import timezone

from hygie.incidents.actions import add_entry, sync_deadlines
from hygie.incidents.models import CnilDraft, EntryKind, Incident, Status
from hygie.lib import dates
from hygie.orgs.signals import zone_change, zone_change_reason


def note(old: tzinfo, new: tzinfo) -> str:
    return (
        f"Fuseau horaire changé : {zone_change(old, new)} ; les heures écrites avant ce "
        f"changement sont à l'{dates.territory(old).time_name}."
    )


def _same(a: str, b: str) -> bool:
    # A textarea sends \r\n where the prefill has \n; the form strips the ends.
    return a.replace("\r\n", "\n").strip() == b.replace("\r\n", "\n").strip()


def _rewrite_prefill(incident: Incident, old: tzinfo, new: tzinfo) -> None:
    from hygie.incidents import notice

    draft = CnilDraft.objects.filter(incident=incident).first()
    if draft is None:
        return
    with timezone.override(old):
        before = notice.prefill(incident)
    with timezone.override(new):
        after = notice.prefill(incident)
    changed = [
        f
        for f in ("nature", "consequences", "measures")
        if _same(getattr(draft, f), before[f]) and not _same(before[f], after[f])
    ]
    for f in changed:
        setattr(draft, f, after[f])
    if changed:
        draft.save(update_fields=changed)


@transaction.atomic
def follow_time_zone(sender, *, org, old: tzinfo, new: tzinfo, actor=None, request=None, **kw):
    """Each open incident: a note in its timeline, its clocks in the new zone."""
    for incident in Incident.objects.filter(org=org, status=Status.OPEN):
        incident.org = org
        add_entry(incident, EntryKind.NOTE, note(old, new), actor=actor, request=request)
        sync_deadlines(
            incident, actor=actor, request=request, change_reason=zone_change_reason(old, new)
        )
        _rewrite_prefill(incident, old, new)
