from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone

from hygie.deadlines.actions import set_deadline
from hygie.deadlines.models import Deadline
from hygie.orgs.models import Invitation, Organisation
from hygie.orgs.roles import Role


def in_days(days: float) -> datetime:
    return timezone.now() + timedelta(days=days)


def deadline(
    org: Organisation, title: str = "Tester la sauvegarde", due_in_days: float = 30, **kwargs
) -> Deadline:
    return set_deadline(org=org, title=title, due_at=in_days(due_in_days), **kwargs)


def invitation(org: Organisation, email: str = "nouvelle@cabinet-martin.example") -> Invitation:
    """Something a deadline can be attached to."""
    return Invitation.objects.create(org=org, email=email, role=Role.PRATICIEN)
