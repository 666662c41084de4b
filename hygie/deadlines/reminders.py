"""Sending due reminders: claimed one by one with an atomic update, sent once.

Several `hygie rappels` processes may run at once (one per app server): a
reminder claimed by one is skipped by the others. A claim left by a process
that died before sending is released after CLAIM_TIMEOUT. Each e-mail gives
the due time in its organisation's time zone.
"""

from __future__ import annotations

import logging
import smtplib
from datetime import datetime, timedelta

from django.utils import timezone

from hygie.deadlines.models import Reminder, Status
from hygie.lib import emails
from hygie.lib.french import count
from hygie.orgs.models import Membership

log = logging.getLogger("hygie.reminders")
CLAIM_TIMEOUT = timedelta(minutes=10)


def recipients(deadline) -> list:
    return [m.user for m in _memberships(deadline)]


def _memberships(deadline) -> list:
    """The members who see the deadline (Deadline.is_visible_to) and want e-mails."""
    members = (
        Membership.objects.filter(org_id=deadline.org_id)
        .allowed(deadline.permission)
        .filter(
            user__is_active=True,
            user__reminders_by_email=True,
            user__email_confirmed_at__isnull=False,
        )
        .select_related("user")
    )
    return [m for m in members if deadline.is_visible_to(m)]


def claim_next(now: datetime) -> Reminder | None:
    while True:
        reminder = (
            Reminder.objects.filter(
                sent_at=None,
                claimed_at=None,
                send_at__lte=now,
                deadline__status=Status.OPEN,
            )
            .order_by("send_at")
            .first()
        )
        if reminder is None:
            return None
        if Reminder.objects.filter(pk=reminder.pk, claimed_at=None).update(claimed_at=now):
            return reminder


def send_due(now: datetime | None = None) -> int:
    """Send every reminder due by `now`; return the number of e-mails sent."""
    now = now or timezone.now()
    Reminder.objects.filter(sent_at=None, claimed_at__lt=now - CLAIM_TIMEOUT).update(
        claimed_at=None
    )
    total = 0
    while reminder := claim_next(now):
        deadline = reminder.deadline
        people = _memberships(deadline)
        # The due time in the organisation's own time zone, as on its pages.
        with timezone.override(deadline.org.tzinfo()):
            messages = [
                emails.build(
                    "deadline_reminder",
                    member.user.email,
                    {
                        "user": member.user,
                        "deadline": deadline,
                        # A page this person may open (Deadline.link_for).
                        "link": deadline.link_for(member),
                        "org": deadline.org,
                        "overdue": reminder.kind == "due",
                    },
                )
                for member in people
            ]
        try:
            sent = emails.send_many(messages)
        except (OSError, smtplib.SMTPException):
            # The mail server is unreachable or refused: keep the loop running.
            # The claim is released after CLAIM_TIMEOUT and the reminder retried.
            log.exception("Rappel %s non envoyé, nouvel essai plus tard", reminder.pk)
            continue
        reminder.sent_at = timezone.now()
        reminder.recipients = sent
        reminder.save(update_fields=["sent_at", "recipients"])
        log.info(
            "Rappel %s de l'échéance %s envoyé à %s",
            reminder.pk,
            deadline.pk,
            count(sent, "personne"),
        )
        total += sent
    return total
