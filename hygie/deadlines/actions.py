from __future__ import annotations

from datetime import datetime, tzinfo

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.http import HttpRequest
from django.utils import timezone

from hygie.deadlines.models import Deadline, Reminder, ReminderKind, Status
from hygie.deadlines.schedule import reminder_times
from hygie.journal.actions import record
from hygie.orgs.roles import PERMISSIONS
from hygie.orgs.signals import zone_change_reason


def _schedule(deadline: Deadline) -> None:
    """Replace the unsent reminders; a closed deadline gets none.

    A deadline already past whose « échéance atteinte » was sent is not
    announced again because it was set anew (its time zone changed, say).
    """
    deadline.reminders.filter(sent_at=None, claimed_at=None).delete()
    if deadline.status != Status.OPEN:
        return
    now = timezone.now()
    announced = (
        deadline.due_at <= now
        and (
            deadline.reminders.filter(kind=ReminderKind.DUE).exclude(sent_at=None, claimed_at=None)
        ).exists()
    )
    Reminder.objects.bulk_create(
        Reminder(deadline=deadline, kind=kind, send_at=at)
        for kind, at in reminder_times(now, deadline.due_at, deadline.hours_before())
        if not (announced and kind == ReminderKind.DUE)
    )


@transaction.atomic
def set_deadline(
    *,
    org,
    title: str,
    due_at: datetime,
    subject: models.Model | None = None,
    key: str = "",
    permission: str = "deadlines.view",
    rule: str = "",
    url: str = "",
    notes: str = "",
    reminder_hours: tuple[int, ...] = (),
    change_reason: str = "",
    actor=None,
    request: HttpRequest | None = None,
) -> Deadline:
    """Create the deadline, or update the one of this subject and key.

    Setting it again to the same instant changes nothing, whatever zone the
    time is given in (a capability's re-sync after an unrelated change):
    reminders are rescheduled, and the journal told with `change_reason`,
    only when its title or its time did change.
    """
    if permission not in PERMISSIONS:
        raise KeyError(f"Unknown permission {permission!r}")
    values = {
        "title": title,
        "due_at": due_at,
        "permission": permission,
        "rule": rule,
        "url": url,
        "notes": notes,
        "reminder_hours": ",".join(str(h) for h in reminder_hours),
    }
    existing = None
    if subject is not None:
        subject_type = ContentType.objects.get_for_model(subject)
        existing = Deadline.objects.filter(
            subject_type=subject_type, subject_id=str(subject.pk), key=key
        ).first()
        values.update(subject_type=subject_type, subject_id=str(subject.pk), key=key)

    if existing is None:
        deadline = Deadline.objects.create(org=org, created_by=actor, **values)
        _schedule(deadline)
        record(
            action="deadline.created",
            org=org,
            actor=actor,
            obj=deadline,
            details={"échéance": deadline.due_at},
            request=request,
        )
        return deadline

    # Two aware times compare as instants: 17:00 UTC is 18:00 in Paris.
    before = {"intitulé": existing.title, "échéance": existing.due_at}
    old_hours = existing.reminder_hours
    for name, value in values.items():
        setattr(existing, name, value)
    existing.save()
    after = {"intitulé": existing.title, "échéance": existing.due_at}
    if before != after or old_hours != existing.reminder_hours:
        _schedule(existing)
    if before != after:
        details = {k: [before[k], after[k]] for k in before if before[k] != after[k]}
        if change_reason:
            details["motif"] = change_reason
        record(
            action="deadline.changed",
            org=org,
            actor=actor,
            obj=existing,
            details=details,
            request=request,
        )
    return existing


def _close(deadline: Deadline, status: str, action: str, actor, request, details=None) -> None:
    with transaction.atomic():
        deadline.status = status
        deadline.closed_at = timezone.now()
        deadline.closed_by = actor
        deadline.save(update_fields=["status", "closed_at", "closed_by", "done_at"])
        # A claimed reminder is being sent by `hygie rappels`, which updates it after.
        deadline.reminders.filter(sent_at=None, claimed_at=None).delete()
        record(
            action=action,
            org=deadline.org,
            actor=actor,
            obj=deadline,
            details=details,
            request=request,
        )


def complete(
    deadline: Deadline,
    *,
    done_at: datetime | None = None,
    actor=None,
    request: HttpRequest | None = None,
) -> None:
    """Mark it as done; `done_at`: when it was actually done, if its workflow
    knows (a notification made yesterday and recorded today)."""
    deadline.done_at = done_at
    _close(
        deadline,
        Status.DONE,
        "deadline.done",
        actor,
        request,
        {"fait le": done_at} if done_at is not None else None,
    )


def cancel(
    deadline: Deadline, *, reason: str = "", actor=None, request: HttpRequest | None = None
) -> None:
    deadline.done_at = None
    _close(deadline, Status.CANCELLED, "deadline.cancelled", actor, request, {"motif": reason})


def cancel_for(subject: models.Model, *, reason: str = "", actor=None) -> None:
    """Cancel the open deadlines of a subject (for example when it is closed)."""
    subject_type = ContentType.objects.get_for_model(subject)
    for deadline in Deadline.objects.open().filter(
        subject_type=subject_type, subject_id=str(subject.pk)
    ):
        cancel(deadline, reason=reason, actor=actor)


@transaction.atomic
def reopen(deadline: Deadline, *, actor=None, request: HttpRequest | None = None) -> None:
    deadline.status = Status.OPEN
    deadline.closed_at = deadline.done_at = None
    deadline.closed_by = None
    deadline.save(update_fields=["status", "closed_at", "closed_by", "done_at"])
    _schedule(deadline)
    record(action="deadline.reopened", org=deadline.org, actor=actor, obj=deadline, request=request)


def follow(
    subject: models.Model,
    key: str,
    *,
    org,
    due_at: datetime | None,
    done: bool = False,
    done_at: datetime | None = None,
    reason: str = "",
    actor=None,
    request: HttpRequest | None = None,
    **fields,
) -> Deadline | None:
    """Keep the deadline of a subject and key in line with the subject's state.

    With a due time, the deadline is set (and reopened if it had been closed);
    without one, an open deadline is completed (`done`, at `done_at` when the
    subject knows when it was done) or cancelled with `reason`; a deadline
    already done follows a corrected `done_at`. `fields` are passed to
    set_deadline (title, permission, rule, url, change_reason…).
    """
    if due_at is not None:
        deadline = set_deadline(
            org=org, subject=subject, key=key, due_at=due_at, actor=actor, request=request, **fields
        )
        if deadline.status != Status.OPEN:
            reopen(deadline, actor=actor, request=request)
        return deadline
    current = (
        Deadline.objects.exclude(status=Status.CANCELLED)
        .filter(
            subject_type=ContentType.objects.get_for_model(subject),
            subject_id=str(subject.pk),
            key=key,
        )
        .first()
    )
    if current is None:
        return None
    if current.status == Status.OPEN:
        if done:
            complete(current, done_at=done_at, actor=actor, request=request)
        else:
            cancel(current, reason=reason, actor=actor, request=request)
    elif done and done_at is not None and current.done_at != done_at:
        _redate(current, done_at, actor=actor, request=request)
    return None


@transaction.atomic
def _redate(deadline: Deadline, done_at: datetime, *, actor, request) -> None:
    """A done deadline whose subject corrected when it was done."""
    before = deadline.done_on
    deadline.done_at = done_at
    deadline.save(update_fields=["done_at"])
    record(
        action="deadline.changed",
        org=deadline.org,
        actor=actor,
        obj=deadline,
        details={"fait le": [before, done_at]},
        request=request,
    )


def keep_wall_clock(sender, *, org, old: tzinfo, new: tzinfo, actor=None, request=None, **kw):
    """A deadline set by hand keeps the date and time that were typed, now in
    the practice's new zone: « tester la sauvegarde le 16 à 09:00 » is 09:00
    where the practice works (receiver of orgs.signals.time_zone_changed; the
    capabilities recompute their own deadlines)."""
    reason = zone_change_reason(old, new)
    for deadline in Deadline.objects.open().filter(org=org, subject_id="").select_related("org"):
        typed = timezone.localtime(deadline.due_at, old).replace(tzinfo=new)
        if typed == deadline.due_at:
            continue
        with transaction.atomic():
            before = deadline.due_at
            deadline.due_at = typed
            deadline.save(update_fields=["due_at"])
            _schedule(deadline)
            record(
                action="deadline.changed",
                org=org,
                actor=actor,
                obj=deadline,
                details={"échéance": [before, typed], "motif": reason},
                request=request,
            )
