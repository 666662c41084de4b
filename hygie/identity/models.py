from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone


class AuditReport(models.Model):
    """The report of an identity-file audit an organisation chose to keep.

    The file itself is never kept: only its name and row count, the audit's
    counts, and the PDF report, which names the patients of every pair and
    anomaly; it is deleted after IDENTITY_REPORT_KEEP_DAYS by the housekeeping.
    """

    org = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="audit_reports"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField("conservé le", default=timezone.now)
    audited_at = models.DateTimeField("audité le", default=timezone.now)
    file_name = models.CharField("fichier", max_length=255)
    rows = models.PositiveIntegerField("lignes du fichier", default=0)
    records = models.PositiveIntegerField("identités analysées", default=0)
    doublons = models.PositiveIntegerField("doublons potentiels (paires)", default=0)
    groups = models.PositiveIntegerField("groupes de doublons", default=0)
    extra_records = models.PositiveIntegerField("fiches en double", default=0)
    rate = models.FloatField("taux de doublons", default=0.0)
    collisions = models.PositiveIntegerField("collisions potentielles (paires)", default=0)
    twins = models.PositiveIntegerField("jumeaux ou apparentés", default=0)
    anomalies = models.PositiveIntegerField("anomalies", default=0)
    problems = models.PositiveIntegerField("problèmes de lecture", default=0)
    pdf = models.BinaryField("rapport PDF")

    class Meta:
        verbose_name = "rapport d'audit d'identités"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["org", "created_at"])]

    def __str__(self) -> str:
        return f"Rapport d'audit d'identités n° {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("identity:report", args=[self.org.code, self.pk])

    def counts(self) -> dict[str, int]:
        """What the journal may say of it: counts, never a name."""
        return {
            "Identités analysées": self.records,
            "Doublons potentiels (paires)": self.doublons,
            "Collisions potentielles (paires)": self.collisions,
            "Anomalies": self.anomalies,
        }
