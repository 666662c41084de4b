"""Anonymous surveys run by a regional body: questions, responses, guards.

Anonymity is structural. A Response holds its survey, the minute it arrived,
its channel and an exclusion flag; nothing else. The per-browser guard
(BrowserMark) and the invitations (Invitation) live in their own tables with
no key to a Response, and an invitation records that it was used, never when,
so that no column can be joined to a response's minute.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone


def new_token() -> str:
    return secrets.token_urlsafe(16)


def digest(token: str) -> str:
    """HMAC-SHA256 of a browser or invitation token with the SECRET_KEY: the
    database never holds a value that, sent back, would pass the guard."""
    return hmac.new(settings.SECRET_KEY.encode(), token.encode(), hashlib.sha256).hexdigest()


class Survey(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Brouillon"
        OPEN = "open", "Ouverte"
        CLOSED = "closed", "Close"

    org = models.ForeignKey("orgs.Organisation", on_delete=models.CASCADE, related_name="surveys")
    title = models.CharField("titre", max_length=150)
    intro = models.TextField("présentation aux répondants", max_length=2000, blank=True)
    audience = models.CharField(
        "public visé",
        max_length=150,
        blank=True,
        help_text="Par exemple : professionnels de santé du territoire.",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    opens_at = models.DateTimeField("ouverture", null=True, blank=True)
    closes_at = models.DateTimeField("clôture", null=True, blank=True)
    public_token = models.CharField(max_length=32, unique=True, default=new_token, editable=False)
    results_published = models.BooleanField("résultats publiés", default=False)
    results_token = models.CharField(max_length=32, unique=True, default=new_token, editable=False)
    previous = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="next_campaigns",
        verbose_name="campagne précédente",
    )
    template_key = models.CharField(max_length=60, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = "enquête"
        ordering = ["-created"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(opens_at__isnull=True)
                | models.Q(closes_at__isnull=True)
                | models.Q(closes_at__gt=models.F("opens_at")),
                name="survey_closes_after_opening",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("surveys:detail", args=[self.org.code, self.pk])

    def is_accepting(self, now: datetime | None = None) -> bool:
        """Open, and between its opening and closing dates when they are set."""
        now = now or timezone.now()
        if self.status != self.Status.OPEN:
            return False
        if self.opens_at and now < self.opens_at:
            return False
        return not (self.closes_at and now >= self.closes_at)

    def public_path(self) -> str:
        return reverse("surveys:answer", args=[self.public_token])

    def public_url(self) -> str:
        return settings.SITE_URL + self.public_path()

    def results_path(self) -> str:
        return reverse("surveys:published", args=[self.results_token])


class Section(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField("titre", max_length=150)
    intro = models.TextField("présentation", max_length=1000, blank=True)

    class Meta:
        verbose_name = "section"
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", "Choix unique"
        MULTIPLE = "multiple", "Choix multiples"
        SCALE = "scale", "Échelle"
        NUMBER = "number", "Nombre"
        TEXT = "text", "Texte court"

    class Breakdown(models.TextChoices):
        NONE = "", "Non"
        PROFESSION = "profession", "Profession (répartit les résultats)"
        SETTING = "setting", "Mode d'exercice (répartit les résultats)"

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    section = models.ForeignKey(
        Section, null=True, blank=True, on_delete=models.SET_NULL, related_name="questions"
    )
    position = models.PositiveSmallIntegerField(default=0)
    # Stable across campaigns: the comparison of two surveys matches questions by key.
    key = models.SlugField("identifiant", max_length=60)
    kind = models.CharField("type", max_length=10, choices=Kind.choices)
    text = models.CharField("question", max_length=300)
    help = models.CharField("aide", max_length=400, blank=True)
    required = models.BooleanField("réponse obligatoire", default=False)
    # [{"key": "mssante", "label": "Une messagerie MSSanté"}]
    choices = models.JSONField(default=list, blank=True)
    scale_min = models.SmallIntegerField(null=True, blank=True)
    scale_max = models.SmallIntegerField(null=True, blank=True)
    scale_min_label = models.CharField(max_length=60, blank=True)
    scale_max_label = models.CharField(max_length=60, blank=True)
    number_min = models.IntegerField(null=True, blank=True)
    number_max = models.IntegerField(null=True, blank=True)
    breakdown = models.CharField(max_length=12, choices=Breakdown.choices, blank=True, default="")
    # {"question": "<key>", "answers": ["<choice key>", …]} or None.
    show_if = models.JSONField(null=True, blank=True)
    # [{"ref": "seed-000", "detail": "…"}], resolved by hygie.content.library.cite.
    sources = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = "question"
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "key"], name="question_key_unique"),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def has_choices(self) -> bool:
        return self.kind in (self.Kind.SINGLE, self.Kind.MULTIPLE)

    def choice_labels(self) -> dict[str, str]:
        return {c["key"]: c["label"] for c in self.choices}

    def scale_values(self) -> list[int]:
        if self.scale_min is None or self.scale_max is None:
            return []
        return list(range(self.scale_min, self.scale_max + 1))


class Response(models.Model):
    """One submitted questionnaire. Deliberately bare: see the module docstring."""

    class Channel(models.TextChoices):
        PUBLIC = "public", "Lien public"
        INVITATION = "invitation", "Invitation"

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    # Truncated to the minute: enough to see a flood, too coarse to join.
    submitted_at = models.DateTimeField()
    excluded = models.BooleanField("écartée", default=False)
    channel = models.CharField(max_length=12, choices=Channel.choices)

    class Meta:
        verbose_name = "réponse"
        indexes = [models.Index(fields=["survey", "submitted_at"])]

    def __str__(self) -> str:
        return f"Réponse du {self.submitted_at:%d/%m/%Y %H:%M}"

    def save(self, *args, **kwargs):
        self.submitted_at = (self.submitted_at or timezone.now()).replace(second=0, microsecond=0)
        super().save(*args, **kwargs)


class Answer(models.Model):
    """One answer to one question, as rows that count with a GROUP BY.

    - single: `choice` is the chosen key;
    - multiple: one row per ticked choice, each with its `choice`;
    - scale: `number` is the value and `choice` the same value as text, so
      that distributions of choices and of scales count alike;
    - number: `number`; text: `text`.
    """

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    choice = models.CharField(max_length=60, blank=True)
    number = models.IntegerField(null=True, blank=True)
    text = models.TextField(max_length=1000, blank=True)

    class Meta:
        verbose_name = "réponse à une question"
        indexes = [models.Index(fields=["question", "choice"])]
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question", "choice"], name="answer_choice_once"
            ),
        ]

    def __str__(self) -> str:
        return self.choice or self.text[:40] or str(self.number)


class BrowserMark(models.Model):
    """A browser that has answered a survey: the digest of its cookie's token.
    No key to the Response it sent."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="browser_marks")
    digest = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["survey", "digest"], name="browser_mark_once"),
        ]

    def __str__(self) -> str:
        return self.digest[:8]


class Invitation(models.Model):
    """A personal, single-use link. `used` has no date on purpose."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField("adresse e-mail")
    token_digest = models.CharField(max_length=64, unique=True)
    sent_count = models.PositiveSmallIntegerField(default=0)
    last_sent = models.DateField(null=True, blank=True)
    used = models.BooleanField(default=False)

    class Meta:
        verbose_name = "invitation"
        ordering = ["email"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "email"], name="invitation_email_once"),
        ]

    def __str__(self) -> str:
        return self.email
