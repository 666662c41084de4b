"""A regional body's newsletter: its subscribers, its letters (issues) made
of blocks, and one delivery per letter and subscriber.

Tokens sent by e-mail (confirmation, unsubscribe) are kept as their SHA-256
digest only; an address that unsubscribed is kept as a keyed digest only,
so that its choice is honoured without keeping the address.
"""

from __future__ import annotations

import secrets

from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from hygie.orgs.models import Organisation


def new_web_token() -> str:
    return secrets.token_urlsafe(18)


class StatusQuerySet(models.QuerySet):
    def counts(self) -> dict[str, int]:
        """How many rows of each status: {status: n}, every status present."""
        found = dict(self.values_list("status").annotate(n=Count("id")).values_list("status", "n"))
        return {s: found.get(s, 0) for s in self.model.Status.values}


class Subscriber(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "en attente de confirmation"
        CONFIRMED = "confirmed", "confirmée"
        UNSUBSCRIBED = "unsubscribed", "désabonnée"
        BOUNCED = "bounced", "en échec (rebonds)"

    region = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="subscribers")
    # Blank once unsubscribed: only the digest stays.
    email = models.EmailField("adresse e-mail", blank=True)
    email_digest = models.CharField(max_length=64)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    confirm_digest = models.CharField(max_length=64, blank=True)
    confirm_sent_at = models.DateTimeField(null=True, blank=True)
    added_by_animateur = models.BooleanField(default=False)
    created = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    bounced_at = models.DateTimeField(null=True, blank=True)
    temporary_failures = models.PositiveSmallIntegerField(default=0)

    objects = StatusQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["region", "email_digest"], name="nl_one_per_address"),
            models.CheckConstraint(
                condition=Q(status="unsubscribed") | ~Q(email=""), name="nl_address_kept"
            ),
        ]
        ordering = ["email"]

    def __str__(self) -> str:
        return self.email or "adresse désabonnée"


class Issue(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "brouillon"
        SENDING = "sending", "envoi en cours"
        SENT = "sent", "envoyée"

    region = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="letters")
    subject = models.CharField("objet", max_length=150)
    intro = models.TextField("mot d'introduction", max_length=2000, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    # The address of the web version: it shows only what every subscriber got.
    web_token = models.CharField(max_length=40, unique=True, default=new_web_token)
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now)
    queued_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return self.subject

    def get_absolute_url(self) -> str:
        return reverse("newsletter:issue", args=[self.region.code, self.pk])

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    def web_url(self) -> str:
        return reverse("newsletter:web", args=[self.web_token])

    def progress(self) -> dict[str, int]:
        """Deliveries by status, every status present, and their total."""
        counts = self.deliveries.counts()
        counts["total"] = sum(counts.values())
        counts["remaining"] = counts["queued"] + counts["sending"]
        return counts


class Block(models.Model):
    class Kind(models.TextChoices):
        REFLEX = "reflexe", "Le réflexe du mois"
        NEWS = "actualite", "Actualité"
        TRAININGS = "formations", "Prochaines formations"
        SURVEY = "enquete", "Enquête"
        QUIZ = "quiz", "Question de quiz"

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="blocks")
    position = models.PositiveIntegerField(default=0)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    data = models.JSONField(default=dict)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.get_kind_display()


class Delivery(models.Model):
    """One letter to one subscriber, sent at most once by the loop.

    queued → sending (claimed by one process, atomically) → sent; a claim
    left by a process that died becomes « incertain »: the message may have
    left. The animateur decides whether to send those again.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "à envoyer"
        SENDING = "sending", "en cours"
        SENT = "sent", "envoyée"
        FAILED = "failed", "refusée"
        UNCERTAIN = "uncertain", "incertaine"
        SKIPPED = "skipped", "annulée (désabonnement)"

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.SET_NULL, null=True, related_name="deliveries"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    # The Message-ID it is sent with, the same if it is ever sent again:
    # bounces name it, and mail clients that deduplicate show it once.
    message_id = models.CharField(max_length=200, unique=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    claimed_by = models.CharField(max_length=100, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.CharField(max_length=300, blank=True)
    # The unsubscribe link's token, as its digest; the one of a previous
    # attempt stays valid should that message have arrived.
    token_digest = models.CharField(max_length=64, blank=True, db_index=True)
    former_token_digest = models.CharField(max_length=64, blank=True, db_index=True)
    bounced = models.CharField(max_length=10, blank=True)

    objects = StatusQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["issue", "subscriber"], name="nl_one_delivery_each")
        ]
        indexes = [models.Index(fields=["status", "id"])]

    def __str__(self) -> str:
        return f"{self.issue_id} → {self.subscriber_id} ({self.status})"
