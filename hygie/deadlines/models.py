from __future__ import annotations

from datetime import timedelta
from functools import cache

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import CharField, Q, Subquery
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone

from hygie.orgs.roles import PERMISSIONS

SOON = timedelta(days=7)


class Status(models.TextChoices):
    OPEN = "open", "À faire"
    DONE = "done", "Fait"
    CANCELLED = "cancelled", "Annulée"


class DeadlineQuerySet(models.QuerySet):
    def visible_to(self, membership):
        """The deadlines of the membership's organisation this member may see.

        The one rule for Échéances, the home page, the calendar feed and the
        reminders: the member's role has the deadline's permission, and the
        member may see its subject (a subject's kind says whom to, see
        subject_visible). Their subjects come along (one query per kind of
        subject): each row links to its subject's page (Deadline.link).
        """
        allowed = [p for p, roles in PERMISSIONS.items() if membership.role in roles]
        return (
            self.filter(org_id=membership.org_id, permission__in=allowed)
            .filter(subject_visible(membership))
            .prefetch_related("subject")
        )

    def open(self):
        return self.filter(status=Status.OPEN)


@cache
def subject_kinds() -> tuple[type[models.Model], ...]:
    """The kinds of subject that say which members see them: the models whose
    manager has `visible_to(membership)`, the objects of the member's
    organisation this member may see (a diagnostic's action, a processor, an
    incident…). A subject of another kind is seen by whoever has the
    deadline's permission."""
    return tuple(
        model
        for model in apps.get_models()
        if model is not Deadline and callable(getattr(model._default_manager, "visible_to", None))
    )


def subject_visible(membership) -> Q:
    """Deadlines whose subject the member may see, as its kind's rule says."""
    ruled = {ContentType.objects.get_for_model(model).pk: model for model in subject_kinds()}
    seen = Q(subject_type=None) | ~Q(subject_type_id__in=list(ruled))
    for type_id, model in ruled.items():
        ids = (
            model._default_manager.visible_to(membership)
            .annotate(subject_key=Cast("pk", CharField()))
            .values("subject_key")
        )
        seen |= Q(subject_type_id=type_id, subject_id__in=Subquery(ids))
    return seen


class Deadline(models.Model):
    """A due date attached to any object of an organisation.

    Capabilities create them through deadlines.actions.set_deadline(); the
    home page, the iCalendar feed and the e-mail reminders read them.
    """

    org = models.ForeignKey("orgs.Organisation", on_delete=models.CASCADE, related_name="deadlines")
    title = models.CharField("intitulé", max_length=200)
    due_at = models.DateTimeField("échéance")
    notes = models.TextField("précisions", blank=True)
    # Who may see it: members whose role has this permission (orgs/roles.py).
    permission = models.CharField(max_length=60, default="deadlines.view")
    # What it is attached to; empty for a reminder created by hand.
    subject_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.CASCADE)
    subject_id = models.CharField(max_length=64, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")
    # Distinguishes several deadlines of one subject ("cnil", "plainte"…).
    key = models.CharField(max_length=40, blank=True)
    # The rule that sets it, from the content library (collection legal_deadlines).
    rule = models.CharField(max_length=80, blank=True)
    url = models.CharField(max_length=300, blank=True)
    # Hours before the due time at which to remind, comma-separated ("48,24,12");
    # empty: the default schedule (deadlines/schedule.py).
    reminder_hours = models.CharField(max_length=40, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    created = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # When the closing was recorded; when a done deadline was actually done
    # (a CNIL notification, a patient's answer), its workflow says so in done_at.
    closed_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField("fait le", null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = DeadlineQuerySet.as_manager()

    class Meta:
        verbose_name = "échéance"
        indexes = [
            models.Index(fields=["org", "status", "due_at"]),
            models.Index(fields=["subject_type", "subject_id"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["subject_type", "subject_id", "key"],
                condition=~models.Q(subject_id=""),
                name="one_deadline_per_subject_key",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def is_visible_to(self, membership) -> bool:
        """Whether this member sees it (DeadlineQuerySet.visible_to)."""
        return Deadline.objects.visible_to(membership).filter(pk=self.pk).exists()

    def hours_before(self) -> tuple[int, ...]:
        return tuple(int(h) for h in self.reminder_hours.split(",") if h)

    def urgency(self, now=None) -> str:
        """overdue, soon (within 7 days), later, or closed."""
        if self.status != Status.OPEN:
            return "closed"
        now = now or timezone.now()
        if self.due_at <= now:
            return "overdue"
        if self.due_at - now <= SOON:
            return "soon"
        return "later"

    def link(self) -> str:
        """Where to act on it: the page its capability named, else its subject's
        own page (get_absolute_url), else its own row in Échéances."""
        if self.url:
            return self.url
        subject = self._subject()
        if hasattr(subject, "get_absolute_url"):
            return subject.get_absolute_url()
        return self.own_row()

    def link_for(self, membership) -> str:
        """Where this member acts on it: link(), unless their role does not
        open its subject's page (the subject's `page_opens_for(membership)`
        says so: the secretary and a processor she does not see in the
        register); then its own row in Échéances, which every member who sees
        the deadline may open."""
        subject = self._subject()
        opens = getattr(subject, "page_opens_for", None)
        if opens is not None and not opens(membership):
            return self.own_row()
        return self.link()

    def own_row(self) -> str:
        """Its row in Échéances (#echeance-N), among the open or the closed ones."""
        url = reverse("deadlines:list", args=[self.org.code])
        if self.status != Status.OPEN:
            url += "?etat=closes"
        return f"{url}#echeance-{self.pk}"

    def completion_link(self) -> str:
        """Where it is marked as done when its subject wants more than a click
        (an incident's legal clock closes when its obligation is recorded as
        met, with its evidence); "" when the list's button closes it."""
        subject = self._subject()
        if hasattr(subject, "deadline_completion_url"):
            return subject.deadline_completion_url(self.key) or ""
        return ""

    def _subject(self) -> models.Model | None:
        if not self.subject_id:
            return None
        subject = self.subject  # None if it was deleted
        # The subject belongs to the deadline's organisation, often loaded
        # already: its URL, which names the organisation, then costs no query.
        if (
            subject is not None
            and getattr(subject, "org_id", None) == self.org_id
            and Deadline.org.is_cached(self)
        ):
            subject.org = self.org
        return subject

    @property
    def done_on(self):
        """When it was done: as its workflow recorded it, else when it was closed."""
        return self.done_at or self.closed_at

    @property
    def recorded_later(self) -> bool:
        """Recorded at another time than it was done (a notification recorded
        the next morning, an answer sent last month): the list shows both."""
        if self.done_at is None or self.closed_at is None:
            return False
        return abs(self.closed_at - self.done_at) >= timedelta(minutes=1)

    @property
    def is_overdue(self) -> bool:
        return self.urgency() == "overdue"


class ReminderKind(models.TextChoices):
    BEFORE = "before", "Rappel avant l'échéance"
    DUE = "due", "Échéance atteinte"


class Reminder(models.Model):
    """One e-mail reminder of a deadline, sent once by `hygie rappels`."""

    deadline = models.ForeignKey(Deadline, on_delete=models.CASCADE, related_name="reminders")
    send_at = models.DateTimeField()
    kind = models.CharField(max_length=10, choices=ReminderKind.choices)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    recipients = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["sent_at", "send_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.deadline}"
