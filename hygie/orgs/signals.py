"""What an organisation's change tells the capabilities that depend on it.

The foundation does not know the capabilities: each connects its receivers in
its AppConfig.ready(), as it registers anything else it brings.
"""

from __future__ import annotations

from datetime import tzinfo

from django.dispatch import Signal

from hygie.lib import dates

# Sent by orgs.actions.update_settings, inside its transaction, when the
# organisation's time zone changed; arguments: org (already in its new zone),
# old and new (ZoneInfo), actor, request. Each capability recomputes at once
# the deadlines it counts in days in the practice's calendar (a day ends at
# 23:59 there): a receiver that fails undoes the whole change.
time_zone_changed = Signal()


def zone_change(old: tzinfo, new: tzinfo) -> str:
    """« heure de Paris → heure de la Martinique »."""
    return f"{dates.territory(old).time_name} → {dates.territory(new).time_name}"


def zone_change_reason(old: tzinfo, new: tzinfo) -> str:
    """Why a deadline moved, as the journal says it."""
    return f"Fuseau horaire changé : {zone_change(old, new)}"
