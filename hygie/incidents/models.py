from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone

from hygie.incidents.obligations import Qualification, Risk


class Status(models.TextChoices):
    OPEN = "open", "En cours"
    CLOSED = "closed", "Clos"


class Incident(models.Model):
    """A security incident of an organisation, from its declaration to its closing."""

    org = models.ForeignKey("orgs.Organisation", on_delete=models.CASCADE, related_name="incidents")
    # An id of the content library's collection incident-types.
    kind = models.CharField("ce que vous observez", max_length=80)
    # When the practice became aware of it: it starts every legal clock.
    discovered_at = models.DateTimeField("découvert le")
    declared_at = models.DateTimeField(default=timezone.now)
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    description = models.TextField("ce qui se passe", blank=True, max_length=4000)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    # Qualification (RGPD art. 33 and 34); the defaults are the prudent answers.
    personal_data = models.BooleanField("des données personnelles sont touchées", default=True)
    risk = models.CharField(
        "risque pour les personnes",
        max_length=10,
        choices=[(r.value, r.value) for r in Risk],
        default=Risk.UNKNOWN,
    )
    unintelligible = models.BooleanField("données chiffrées et clé non compromise", default=False)
    risk_removed = models.BooleanField("risque élevé écarté par les mesures prises", default=False)
    disproportionate = models.BooleanField("informer chacun serait disproportionné", default=False)
    malicious = models.BooleanField("attaque du système d'information", default=True)
    data_categories = models.CharField("données concernées", max_length=500, blank=True)
    persons = models.PositiveIntegerField("nombre approximatif de personnes", null=True, blank=True)
    records = models.PositiveIntegerField(
        "nombre approximatif d'enregistrements", null=True, blank=True
    )
    insurer_days = models.PositiveSmallIntegerField(
        "délai de déclaration à l'assureur (jours ouvrés)",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    lessons = models.TextField("enseignements", blank=True, max_length=4000)

    class Meta:
        verbose_name = "incident"
        ordering = ["-discovered_at"]
        indexes = [models.Index(fields=["org", "status", "discovered_at"])]

    def __str__(self) -> str:
        return f"Incident n° {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("incidents:detail", args=[self.org.code, self.pk])

    def qualification(self) -> Qualification:
        return Qualification(
            # In Paris time: working days are counted on its calendar.
            aware_at=timezone.localtime(self.discovered_at),
            personal_data=self.personal_data,
            risk=Risk(self.risk),
            unintelligible=self.unintelligible,
            risk_removed=self.risk_removed,
            disproportionate=self.disproportionate,
            malicious=self.malicious,
            insurer_days=self.insurer_days,
            org_kind=self.org.kind,
        )


class AppendOnly(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError(
            "La chronologie d'un incident ne se modifie pas : ajoutez une entrée."
        )

    def delete(self):
        raise PermissionError("La chronologie d'un incident ne s'efface pas.")


class EntryKind(models.TextChoices):
    DECLARED = "declared", "Déclaration"
    REFLEX = "reflex", "Réflexe"
    CALL = "call", "Appel"
    NOTE = "note", "Note"
    DOCUMENT = "document", "Document"
    QUALIFIED = "qualified", "Qualification"
    CORRECTION = "correction", "Correction"
    CLOSED = "closed", "Clôture"


class TimelineEntry(models.Model):
    """One line of an incident's timeline: never changed, never removed.

    A correction is a new entry that names the one it corrects.
    """

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="timeline")
    at = models.DateTimeField(default=timezone.now)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=12, choices=EntryKind.choices)
    text = models.TextField(max_length=4000)
    # The reflex ticked (an id of the incident type's reflexes), if any.
    reflex = models.CharField(max_length=80, blank=True)
    corrects = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="corrections"
    )

    objects = AppendOnly.as_manager()

    class Meta:
        verbose_name = "entrée de chronologie"
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} : {self.text[:60]}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError(
                "La chronologie d'un incident ne se modifie pas : ajoutez une entrée."
            )
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("La chronologie d'un incident ne s'efface pas.")


class RegisterPolicy(models.Model):
    """How long the organisation keeps its breach register, and why (its own choice:
    RGPD art. 33(5) requires the register, not a duration)."""

    org = models.OneToOneField(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="breach_register_policy"
    )
    retention = models.CharField("durée de conservation", max_length=200)
    ground = models.CharField("justification", max_length=500)
    updated = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "conservation du registre des violations"

    def __str__(self) -> str:
        return f"Registre des violations de {self.org}"
