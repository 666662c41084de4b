from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone


class Assessment(models.Model):
    """One diagnostic of an organisation: its profile, answers and, once
    completed, the indices it gave (kept as they were for the history)."""

    org = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="assessments"
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField(default=timezone.now)
    profile = models.JSONField(default=dict)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Snapshot at completion: overall indice, per theme, and the library used.
    indice = models.PositiveSmallIntegerField(null=True, blank=True)
    theme_indices = models.JSONField(default=dict, blank=True)
    unknown = models.PositiveSmallIntegerField(default=0)
    library_version = models.CharField(max_length=80, blank=True)

    class Meta:
        verbose_name = "diagnostic"
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["org", "completed_at"])]

    def __str__(self) -> str:
        when = timezone.localtime(self.completed_at or self.started_at)
        return f"Diagnostic du {when:%d/%m/%Y}"

    def get_absolute_url(self) -> str:
        name = "diagnostic:result" if self.is_completed else "diagnostic:theme"
        args = [self.org.code, self.pk] + ([] if self.is_completed else [1])
        return reverse(name, args=args)

    @property
    def is_completed(self) -> bool:
        return self.completed_at is not None


class Answer(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    measure = models.CharField(max_length=80)
    measure_version = models.PositiveIntegerField()
    choice = models.CharField(max_length=32)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(default=timezone.now)
    # Taken over from the diagnostic completed at this time, and not yet
    # confirmed: it is shown, checked, but does not count until the user
    # confirms or changes it (actions.start, actions.save_answer).
    carried_from = models.DateTimeField("reprise du diagnostic du", null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assessment", "measure"], name="one_answer_per_measure")
        ]

    def __str__(self) -> str:
        return f"{self.measure} : {self.choice}"


class PlanItemStatus(models.TextChoices):
    TODO = "todo", "À faire"
    DOING = "doing", "En cours"
    DONE = "done", "Fait"
    DROPPED = "dropped", "Abandonnée"


class PlanItemQuerySet(models.QuerySet):
    def visible_to(self, membership):
        """The organisation's plan items this member sees: all of them for
        those who answer the diagnostic, the secretary only those assigned to
        her (the plan's pages, and the deadlines of its items, follow this)."""
        rows = self.filter(org_id=membership.org_id)
        if not membership.can("diagnostic.plan"):
            return rows.none()
        if not membership.can("diagnostic.answer"):
            rows = rows.filter(owner_id=membership.user_id)
        return rows


class PlanItem(models.Model):
    """An item of the plan (« une action du plan »): a measure not fully in
    place, to be done; one per measure and organisation.

    Created when a diagnostic is completed; closed by hand, or by a later
    diagnostic that finds the measure in place.
    """

    org = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="plan_items"
    )
    measure = models.CharField(max_length=80)
    title = models.CharField("action", max_length=200)
    theme = models.CharField(max_length=80)
    # Rank among the latest diagnostic's gaps (1 = most urgent); 0 once closed.
    rank = models.PositiveSmallIntegerField(default=0)
    priority = models.PositiveSmallIntegerField(default=0)
    assessment = models.ForeignKey(
        Assessment, null=True, on_delete=models.SET_NULL, related_name="plan_items"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="responsable",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="diagnostic_plan_items",
    )
    due_on = models.DateField("à faire avant le", null=True, blank=True)
    status = models.CharField(
        "état", max_length=10, choices=PlanItemStatus.choices, default=PlanItemStatus.TODO
    )
    note = models.TextField("note", blank=True, max_length=2000)
    evidence = models.CharField(
        "preuve",
        max_length=300,
        blank=True,
        help_text="Ce qui montre que c'est fait : une facture, un contrat, la date d'un test…",
    )
    created = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)

    objects = PlanItemQuerySet.as_manager()

    class Meta:
        verbose_name = "action du plan"
        constraints = [
            models.UniqueConstraint(fields=["org", "measure"], name="one_plan_item_per_measure")
        ]
        indexes = [models.Index(fields=["org", "status", "rank"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("diagnostic:plan_item", args=[self.org.code, self.pk])

    def page_opens_for(self, membership) -> bool:
        """The secretary opens only the plan items assigned to her."""
        return membership.can("diagnostic.answer") or self.owner_id == membership.user_id

    @property
    def is_open(self) -> bool:
        return self.status in (PlanItemStatus.TODO, PlanItemStatus.DOING)
