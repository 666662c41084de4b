"""The practice's backups: its plan (what is copied, where, how often, how
protected), and its log of backups done, restore tests and destructions."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.urls import reverse
from django.utils import timezone

from hygie.backups import rules


class Data(models.TextChoices):
    SOFTWARE = "logiciel", "La base du logiciel métier (dossiers des patients)"
    DOCUMENTS = "documents", "Les documents et les scans (courriers, comptes rendus)"
    MAIL = "messagerie", "La messagerie"
    ACCOUNTING = "comptabilite", "La comptabilité"
    OTHER = "autre", "D'autres données"


# How a title or a sentence names the data (« Logiciel métier, documents »).
DATA_SHORT = {
    Data.SOFTWARE: "logiciel métier",
    Data.DOCUMENTS: "documents",
    Data.MAIL: "messagerie",
    Data.ACCOUNTING: "comptabilité",
    Data.OTHER: "autres données",
}


class Medium(models.TextChoices):
    DISK = "disque", "Un disque externe ou une clé USB"
    NAS = "nas", "Un disque réseau (NAS)"
    PROVIDER = "prestataire", "Un prestataire de sauvegarde en ligne"
    VENDOR = "editeur", "L'éditeur du logiciel (sa propre sauvegarde)"
    CLOUD = "cloud", "Un stockage en ligne (« cloud »)"
    OTHER = "autre", "Un autre support"


MEDIUM_SHORT = {
    Medium.DISK: "disque externe",
    Medium.NAS: "disque réseau (NAS)",
    Medium.PROVIDER: "prestataire de sauvegarde",
    Medium.VENDOR: "sauvegarde de l'éditeur",
    Medium.CLOUD: "stockage en ligne",
    Medium.OTHER: "autre support",
}
# Media kept by someone else, media one can lock away: as the rules name them.
HOSTED = rules.HOSTED
PHYSICAL = rules.PHYSICAL


class Place(models.TextChoices):
    PRACTICE = "cabinet", "Au cabinet"
    HOME = "domicile", "Au domicile"
    HOST = "prestataire", "Chez le prestataire ou l'éditeur"
    ELSEWHERE = "ailleurs", "Dans un autre lieu"


class Answer(models.TextChoices):
    YES = "oui", "Oui"
    NO = "non", "Non"
    UNKNOWN = "nsp", "Je ne sais pas"


class Every(models.IntegerChoices):
    DAY = 1, "Chaque jour"
    WEEK = 7, "Chaque semaine"
    MONTH = 30, "Chaque mois"
    QUARTER = 91, "Chaque trimestre, ou moins souvent"


class RestoreEvery(models.IntegerChoices):
    MONTH = 1, "Chaque mois"
    QUARTER = 3, "Chaque trimestre (conseillé)"
    HALF_YEAR = 6, "Chaque semestre"
    YEAR = 12, "Chaque année"


class PlannedBackupQuerySet(models.QuerySet):
    def visible_to(self, membership):
        """The organisation's plan, for every member who sees the backups
        (and so the échéances it sets); none for the others."""
        rows = self.filter(org_id=membership.org_id)
        return rows if membership.can("backups.view") else rows.none()

    def active(self):
        return self.filter(retired_at=None)


class PlannedBackup(models.Model):
    """One copy of the plan: which data, on which medium, kept where, how
    often, how protected, and who sees to it. Retired, never deleted: the log
    keeps pointing at it."""

    org = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="planned_backups"
    )
    data = models.JSONField("ce qui est sauvegardé", default=list)
    medium = models.CharField("sur quel support", max_length=12, choices=Medium.choices)
    label = models.CharField(
        "nom du support",
        max_length=100,
        blank=True,
        help_text="Pour le reconnaître : « Disque n° 1 », « NAS du secrétariat »…",
    )
    place = models.CharField("où la copie est gardée", max_length=12, choices=Place.choices)
    processor = models.ForeignKey(
        "rgpd_register.Processor",
        verbose_name="prestataire (registre RGPD)",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    every = models.PositiveSmallIntegerField("à quelle fréquence", choices=Every.choices)
    automatic = models.BooleanField(
        "la sauvegarde se lance toute seule (programmée)", default=False
    )
    encrypted = models.CharField("copie chiffrée", max_length=3, choices=Answer.choices)
    offline = models.CharField(
        "copie déconnectée entre deux sauvegardes", max_length=3, choices=Answer.choices
    )
    locked = models.CharField("rangée sous clé", max_length=3, choices=Answer.choices, blank=True)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="qui s'en occupe",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    restore_every = models.PositiveSmallIntegerField(
        "tester la restauration", choices=RestoreEvery.choices, default=RestoreEvery.QUARTER
    )
    notes = models.TextField("précisions", blank=True, max_length=1000)
    created = models.DateTimeField(default=timezone.now)
    updated = models.DateTimeField(default=timezone.now)
    retired_at = models.DateTimeField("retirée du plan le", null=True, blank=True)
    deadlines = GenericRelation(
        "deadlines.Deadline", content_type_field="subject_type", object_id_field="subject_id"
    )

    objects = PlannedBackupQuerySet.as_manager()

    class Meta:
        verbose_name = "sauvegarde du plan"
        ordering = ["created", "pk"]
        indexes = [models.Index(fields=["org", "retired_at"])]

    def __str__(self) -> str:
        data = ", ".join(DATA_SHORT[Data(d)] for d in self.data if d in Data.values)
        where = self.label or MEDIUM_SHORT[Medium(self.medium)]
        return f"{data[:1].upper()}{data[1:]} → {where}"

    def get_absolute_url(self) -> str:
        return reverse("backups:home", args=[self.org.code]) + f"#sauvegarde-{self.pk}"

    def deadline_completion_url(self, key: str) -> str:
        """A backup is marked as done by logging it; a restore test, with its result."""
        if key == "restauration":
            return reverse("backups:restore_new", args=[self.org.code]) + f"?sauvegarde={self.pk}"
        return self.get_absolute_url()

    @property
    def is_active(self) -> bool:
        return self.retired_at is None

    @property
    def is_hosted(self) -> bool:
        return self.medium in HOSTED

    @property
    def is_physical(self) -> bool:
        return self.medium in PHYSICAL

    def data_labels(self) -> list[str]:
        return [Data(d).label for d in self.data if d in Data.values]

    def medium_text(self) -> str:
        """The medium as the log keeps it: « disque externe (Disque n° 1) »."""
        short = MEDIUM_SHORT[Medium(self.medium)]
        return f"{short} ({self.label})" if self.label else short


class Logged(models.Model):
    """What every entry of the log has: its practice, its day, who did it and
    when it was recorded."""

    org = models.ForeignKey("orgs.Organisation", on_delete=models.CASCADE, related_name="+")
    done_on = models.DateField("le")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.CharField("remarque", max_length=300, blank=True)
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True


class BackupRun(Logged):
    """A backup done (or, for a scheduled one, checked as done)."""

    planned = models.ForeignKey(PlannedBackup, on_delete=models.CASCADE, related_name="runs")
    medium = models.CharField("support", max_length=200)

    class Meta:
        verbose_name = "sauvegarde faite"
        ordering = ["-done_on", "-recorded_at", "-pk"]
        indexes = [models.Index(fields=["planned", "done_on"])]

    def __str__(self) -> str:
        return f"Sauvegarde du {self.done_on:%d/%m/%Y}"


class Outcome(models.TextChoices):
    OK = "ok", "Oui, tout s'ouvre normalement"
    PARTIAL = "partiel", "En partie seulement"
    FAILED = "echec", "Non, la restauration a échoué"


class RestoreTest(Logged):
    """A restore test: what was restored, whether it opened, how long it took
    (the proof seed 002 asks for: « tester la restauration »)."""

    planned = models.ForeignKey(
        PlannedBackup, on_delete=models.CASCADE, related_name="restore_tests"
    )
    restored = models.CharField("ce qui a été restauré", max_length=300)
    outcome = models.CharField(
        "les fichiers se sont-ils ouverts ?", max_length=8, choices=Outcome.choices
    )
    minutes = models.PositiveIntegerField("durée (en minutes)")

    class Meta:
        verbose_name = "test de restauration"
        ordering = ["-done_on", "-recorded_at", "-pk"]
        indexes = [models.Index(fields=["planned", "outcome", "done_on"])]

    def __str__(self) -> str:
        return f"Test de restauration du {self.done_on:%d/%m/%Y}"

    @property
    def succeeded(self) -> bool:
        return self.outcome == Outcome.OK


class Retired(models.TextChoices):
    MEDIUM = "support", "Un support retiré (disque, clé USB, NAS, ordinateur)"
    DATA = "donnees", "Des données arrivées au terme de leur durée de conservation"


class Method(models.TextChoices):
    PHYSICAL = "physique", "Destruction physique (broyage, perçage du disque)"
    ERASE = "effacement", "Effacement sécurisé par un logiciel spécialisé"
    PROVIDER = "prestataire", "Par un prestataire, avec une attestation de destruction"
    OTHER = "autre", "Autrement"


class Destruction(Logged):
    """A medium retired or data destroyed at the end of their retention, and how."""

    kind = models.CharField("qu'a-t-on détruit ?", max_length=8, choices=Retired.choices)
    what = models.CharField("description", max_length=300)
    method = models.CharField("comment", max_length=12, choices=Method.choices)
    certificate = models.CharField("référence de l'attestation", max_length=200, blank=True)
    planned = models.ForeignKey(
        PlannedBackup,
        verbose_name="sauvegarde du plan concernée",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="destructions",
    )

    class Meta:
        verbose_name = "destruction"
        ordering = ["-done_on", "-recorded_at", "-pk"]

    def __str__(self) -> str:
        return f"Destruction du {self.done_on:%d/%m/%Y}"
