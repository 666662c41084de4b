"""A regional body's territory: the practices that joined it, the links that
invite them, and each practice's monthly snapshot of shareable indicators."""

from __future__ import annotations

import secrets
from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

LINK_DAYS = 30


def new_token() -> str:
    return secrets.token_urlsafe(24)


class ParticipationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(left_at=None)


class Participation(models.Model):
    """A practice in a regional body's territory, from its consent until it leaves.

    Leaving keeps the row (the journal and the history say when), with
    `left_at` set; joining again makes a new row.
    """

    region = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="participants"
    )
    practice = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="participations"
    )
    # Derived from the practice's postal code at joining; '' when unknown.
    departement = models.CharField("département", max_length=3, blank=True)
    joined_at = models.DateTimeField(default=timezone.now)
    joined_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    consent_version = models.CharField(max_length=20)
    left_at = models.DateTimeField(null=True, blank=True)
    left_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Moved at joining, leaving and at each refresh of the practice's
    # snapshot: the dashboard's cache key (actions.dashboard_version).
    changed = models.DateTimeField(default=timezone.now)

    objects = ParticipationQuerySet.as_manager()

    class Meta:
        verbose_name = "participation au territoire"
        constraints = [
            models.UniqueConstraint(
                fields=["region", "practice"],
                condition=models.Q(left_at=None),
                name="one_active_participation",
            ),
            models.CheckConstraint(
                condition=~models.Q(region=models.F("practice")), name="not_its_own_territory"
            ),
        ]
        indexes = [models.Index(fields=["region", "left_at"])]

    def __str__(self) -> str:
        return f"{self.practice} dans le territoire de {self.region}"

    @property
    def is_active(self) -> bool:
        return self.left_at is None


class JoinLinkQuerySet(models.QuerySet):
    def usable(self):
        return self.filter(revoked_at=None, expires__gt=timezone.now())


class JoinLink(models.Model):
    """An invitation to join the territory: any titulaire who opens it may
    make one of her practices join, until it expires or is withdrawn."""

    region = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="join_links"
    )
    token = models.CharField(max_length=40, unique=True, default=new_token, editable=False)
    label = models.CharField("pour qui", max_length=120, blank=True)
    created = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    expires = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    uses = models.PositiveIntegerField(default=0)

    objects = JoinLinkQuerySet.as_manager()

    class Meta:
        verbose_name = "lien d'adhésion au territoire"
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"Lien d'adhésion au territoire de {self.region}"

    def save(self, *args, **kwargs):
        if self.expires is None:
            self.expires = self.created + timedelta(days=LINK_DAYS)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("territory:join", args=[self.token])

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and self.expires > timezone.now()


def month_of(day: date) -> date:
    return day.replace(day=1)


class Snapshot(models.Model):
    """What one practice shares, as computed at `computed_at`: one row per
    practice and month (the current month's is refreshed, the earlier ones
    are the trends). Plain figures only: no patient, no person, no detail."""

    practice = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="territory_snapshots"
    )
    month = models.DateField()
    computed_at = models.DateTimeField(default=timezone.now)
    profession = models.CharField(max_length=30, blank=True)
    # The last completed diagnostic: overall indice, per theme {theme: indice}
    # and each key measure in place or not {measure: bool}.
    indice = models.PositiveSmallIntegerField(null=True, blank=True)
    theme_indices = models.JSONField(default=dict, blank=True)
    key_measures = models.JSONField(default=dict, blank=True)
    # Cyberquiz answers of the last twelve months {theme: [answers, correct]}.
    quiz = models.JSONField(default=dict, blank=True)
    # Incidents declared in the last twelve months {kind: {"YYYY-MM": n}}.
    incidents = models.JSONField(default=dict, blank=True)
    # Patients' requests answered in the last twelve months, and on time.
    requests_answered = models.PositiveIntegerField(default=0)
    requests_on_time = models.PositiveIntegerField(default=0)
    # Share (0-100) of what RGPD art. 30(1) asks that the register holds;
    # None without a register.
    register_completeness = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = "indicateurs partagés d'une structure"
        constraints = [
            models.UniqueConstraint(fields=["practice", "month"], name="one_snapshot_per_month")
        ]
        indexes = [models.Index(fields=["month", "practice"])]

    def __str__(self) -> str:
        return f"Indicateurs de {self.practice} ({self.month:%m/%Y})"
