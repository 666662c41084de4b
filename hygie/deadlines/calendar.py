from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from icalendar import Alarm, Calendar, Event

from hygie.deadlines.models import Deadline
from hygie.law.days import hours_after
from hygie.lib import dates
from hygie.orgs.models import Membership

EVENT_LENGTH = timedelta(minutes=30)


def feed(user) -> bytes:
    """Open deadlines of every organisation of the person, as their role allows.

    Each event is dated in its organisation's time zone (with the zone's
    definition in the feed), and its description says the time there: a
    coordinator serving Paris and Martinique sees a 23:59 limit as the
    practice counts it.
    """
    cal = Calendar()
    cal.add("prodid", "-//Hygie//Échéances//FR")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "Hygie — échéances")
    memberships = list(Membership.objects.for_user(user))
    # The calendar's own zone: its organisations' when they share one.
    zones = {m.org.time_zone for m in memberships}
    cal.add("x-wr-timezone", zones.pop() if len(zones) == 1 else dates.PARIS.key)
    now = timezone.now()
    for membership in memberships:
        tz = membership.org.tzinfo()
        deadlines = (
            Deadline.objects.visible_to(membership).open().select_related("org").order_by("due_at")
        )
        for d in deadlines:
            due_at = d.due_at.astimezone(tz)
            when = dates.long_datetime(due_at, tz)
            link = f"{settings.SITE_URL}{d.link_for(membership)}"
            event = Event()
            event.add("uid", f"echeance-{d.pk}@hygie")
            event.add("dtstamp", now)
            event.add("dtstart", due_at)
            event.add("dtend", hours_after(due_at, EVENT_LENGTH.total_seconds() / 3600))
            event.add("summary", f"{d.title} — {membership.org.name}")
            event.add(
                "description",
                "\n\n".join(
                    part
                    for part in (
                        f"Échéance : {when} ({dates.territory(tz).time_name}).",
                        d.notes,
                        link,
                    )
                    if part
                ),
            )
            event.add("url", link)
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", d.title)
            alarm.add("trigger", timedelta(hours=-24))
            event.add_component(alarm)
            cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()
