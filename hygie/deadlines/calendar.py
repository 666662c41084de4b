from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from icalendar import Alarm, Calendar, Event

from hygie.deadlines.models import Deadline
from hygie.orgs.models import Membership

EVENT_LENGTH = timedelta(minutes=30)


def feed(user) -> bytes:
    """Open deadlines of every organisation of the person, as their role allows."""
    cal = Calendar()
    cal.add("prodid", "-//Hygie//Échéances//FR")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "Hygie — échéances")
    cal.add("x-wr-timezone", "Europe/Paris")
    now = timezone.now()
    for membership in Membership.objects.for_user(user):
        deadlines = (
            Deadline.objects.visible_to(membership).open().select_related("org").order_by("due_at")
        )
        for d in deadlines:
            event = Event()
            event.add("uid", f"echeance-{d.pk}@hygie")
            event.add("dtstamp", now)
            event.add("dtstart", d.due_at)
            event.add("dtend", d.due_at + EVENT_LENGTH)
            event.add("summary", f"{d.title} — {membership.org.name}")
            event.add("description", f"{d.notes}\n\n{settings.SITE_URL}{d.link()}".strip())
            event.add("url", f"{settings.SITE_URL}{d.link()}")
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", d.title)
            alarm.add("trigger", timedelta(hours=-24))
            event.add_component(alarm)
            cal.add_component(event)
    return cal.to_ical()
