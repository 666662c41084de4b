from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from hygie.phishing.analysis import EMAIL, LINK, SMS, VERDICT_LABELS

CHANNEL_CHOICES = [(EMAIL, "E-mail"), (SMS, "SMS"), (LINK, "Lien")]
VERDICT_CHOICES = list(VERDICT_LABELS.items())


class MessageReport(models.Model):
    """The redacted report of an analysis an organisation chose to keep.

    It holds the verdict, the signals (their excerpts limited to links and
    sender: hygie/phishing/summary.py) and the domains, never the message's
    text, unless the member who kept it asked for it (`body`, with `subject`).
    """

    org = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="message_reports"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField("conservé le", default=timezone.now)
    analysed_at = models.DateTimeField("analysé le", default=timezone.now)
    channel = models.CharField("canal", max_length=8, choices=CHANNEL_CHOICES)
    verdict = models.CharField("verdict", max_length=12, choices=VERDICT_CHOICES)
    score = models.FloatField("score")
    sender = models.CharField("expéditeur", max_length=300, blank=True)
    domains = models.JSONField("domaines", default=list)
    # [{"regle", "famille", "poids", "explication", "extraits": [{"ou", "texte"}], "source"}]
    signals = models.JSONField("signaux", default=list)
    subject = models.CharField("objet", max_length=300, blank=True)
    body = models.TextField("texte du message", blank=True)

    class Meta:
        verbose_name = "rapport d'analyse d'un message"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["org", "created_at"])]

    def __str__(self) -> str:
        return f"Rapport n° {self.pk} ({self.get_channel_display()}, {self.get_verdict_display()})"

    def get_absolute_url(self) -> str:
        return reverse("phishing:report", args=[self.org.code, self.pk])

    @property
    def body_kept(self) -> bool:
        return bool(self.body or self.subject)


class AnalysisCount(models.Model):
    """How many messages were analysed on a day, by channel and verdict: all
    that the public page keeps of an analysis (no content, no address)."""

    day = models.DateField("jour")
    channel = models.CharField("canal", max_length=8, choices=CHANNEL_CHOICES)
    verdict = models.CharField("verdict", max_length=12, choices=VERDICT_CHOICES)
    count = models.PositiveIntegerField("analyses", default=0)

    class Meta:
        verbose_name = "nombre d'analyses"
        constraints = [
            models.UniqueConstraint(
                fields=["day", "channel", "verdict"], name="one_count_per_day_channel_verdict"
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.channel} {self.verdict} : {self.count}"
