from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone

from hygie.law import rights as law
from hygie.law.rights import RecordAge, Right

RIGHT_LABELS = {
    Right.RECORD: "Accès au dossier médical",
    Right.ACCESS: "Accès à ses autres données (RGPD)",
    Right.RECTIFICATION: "Rectification",
    Right.ERASURE: "Effacement",
    Right.RESTRICTION: "Limitation du traitement",
    Right.PORTABILITY: "Portabilité",
    Right.OBJECTION: "Opposition",
}
# What a sentence says was asked for, after « demande de » (elided through
# lib.french.de: « demande d'accès au dossier médical »).
RIGHT_OBJECTS = {
    Right.RECORD: "accès au dossier médical",
    Right.ACCESS: "accès aux données personnelles",
    Right.RECTIFICATION: "rectification des données",
    Right.ERASURE: "effacement des données",
    Right.RESTRICTION: "limitation du traitement des données",
    Right.PORTABILITY: "portabilité des données",
    Right.OBJECTION: "opposition au traitement des données",
}
AGE_LABELS = {
    RecordAge.RECENT: "Toutes de cinq ans ou moins",
    RecordAge.OLD: "Toutes de plus de cinq ans",
    RecordAge.MIXED: "Les deux",
}


class Channel(models.TextChoices):
    DESK = "guichet", "En personne, au cabinet"
    POST = "courrier", "Par courrier"
    EMAIL = "courriel", "Par e-mail"
    MSSANTE = "mssante", "Par messagerie sécurisée de santé (MSSanté)"
    OTHER = "autre", "Autrement"


class Requester(models.TextChoices):
    PATIENT = "patient", "Le patient lui-même"
    REPRESENTATIVE = "representant", "Son représentant légal (parent, tuteur)"
    HEIR = "ayant_droit", "Un ayant droit d'un patient décédé"
    DOCTOR = "medecin", "Un médecin désigné par le patient"


class Status(models.TextChoices):
    RECEIVED = "recue", "Reçue"
    IDENTITY = "identite", "Identité vérifiée"
    IN_PROGRESS = "en_cours", "En cours"
    EXTENDED = "prolongee", "Prolongée"
    ANSWERED = "repondue", "Répondue"
    REFUSED = "refusee", "Refusée"


OPEN = (Status.RECEIVED, Status.IDENTITY, Status.IN_PROGRESS, Status.EXTENDED)


class PatientRequest(models.Model):
    """A patient's request to exercise a right, from its receipt to its answer.

    Only what the workflow needs is kept: who asks and how to reach them, never
    medical content.
    """

    org = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="patient_requests"
    )
    received_at = models.DateTimeField("reçue le")
    channel = models.CharField("reçue", max_length=12, choices=Channel.choices)
    right = models.CharField(
        "droit exercé", max_length=16, choices=[(r.value, RIGHT_LABELS[r]) for r in Right]
    )
    requester_kind = models.CharField("demandeur", max_length=14, choices=Requester.choices)
    requester_name = models.CharField("nom du demandeur", max_length=200)
    requester_contact = models.CharField(
        "adresse, e-mail ou téléphone du demandeur", max_length=300, blank=True
    )
    patient_name = models.CharField(
        "nom du patient, s'il n'est pas le demandeur", max_length=200, blank=True
    )
    # Access to the medical record only.
    record_age = models.CharField(
        "ancienneté des informations demandées",
        max_length=8,
        choices=[(a.value, AGE_LABELS[a]) for a in RecordAge],
        blank=True,
    )
    via_doctor = models.BooleanField("par l'intermédiaire d'un médecin désigné", default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RECEIVED)
    logged_at = models.DateTimeField(default=timezone.now)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    extended_at = models.DateTimeField(null=True, blank=True)
    extension_reason = models.TextField("motifs de la prolongation", blank=True, max_length=2000)
    answered_at = models.DateTimeField("répondue le", null=True, blank=True)
    answer_means = models.CharField("moyen", max_length=200, blank=True)
    answer_content = models.CharField("ce qui a été envoyé", max_length=500, blank=True)
    refusal_ground = models.CharField("motif du refus", max_length=20, blank=True)
    refusal_detail = models.TextField("précisions", blank=True, max_length=2000)
    closed_at = models.DateTimeField(null=True, blank=True)
    # Its échéances go with it when a purge deletes it: no link to a page that
    # no longer exists stays in the list of échéances.
    deadlines = GenericRelation(
        "deadlines.Deadline", content_type_field="subject_type", object_id_field="subject_id"
    )

    class Meta:
        verbose_name = "demande de patient"
        ordering = ["-received_at"]
        indexes = [models.Index(fields=["org", "status", "received_at"])]

    def __str__(self) -> str:
        return f"Demande n° {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("rights:detail", args=[self.org.code, self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in OPEN

    @property
    def right_enum(self) -> Right:
        return Right(self.right)

    def right_label(self) -> str:
        return RIGHT_LABELS[self.right_enum]

    def local(self, moment: datetime) -> datetime:
        """A time in the practice's time zone, where its clocks count days."""
        return timezone.localtime(moment, self.org.tzinfo())

    def right_object(self) -> str:
        """What was asked for, as a sentence names it: « accès au dossier médical »."""
        return RIGHT_OBJECTS[self.right_enum]

    def clocks(self) -> list[law.Clock]:
        return law.clocks(
            self.local(self.received_at),
            self.right_enum,
            age=RecordAge(self.record_age or RecordAge.RECENT),
            extended=self.extended_at is not None,
        )

    def limit(self) -> law.Clock:
        return law.answer_limit(self.clocks())

    def extendable(self, now) -> bool:
        """Whether the answer can still be extended (RGPD art. 12(3)): an open
        request of an RGPD right, not extended yet, within its first month."""
        return (
            self.is_open
            and self.extended_at is None
            and law.can_extend(self.local(self.received_at), now, self.right_enum)
        )

    def on_time(self) -> bool | None:
        """Answered (or refused) by its limit; None while it is open."""
        if self.answered_at is None:
            return None
        return law.answered_in_time(self.answered_at, self.clocks())


class EventKind(models.TextChoices):
    RECEIVED = "recue", "Demande reçue"
    IDENTITY = "identite", "Identité vérifiée"
    IN_PROGRESS = "en_cours", "Prise en charge"
    EXTENDED = "prolongee", "Prolongation annoncée"
    ANSWERED = "repondue", "Réponse envoyée"
    REFUSED = "refusee", "Refus motivé envoyé"
    LETTER = "courrier", "Courrier produit"
    NOTE = "note", "Note"


class RequestEvent(models.Model):
    """One timestamped step of a request; never changed (a correction is a note)."""

    patient_request = models.ForeignKey(
        PatientRequest, on_delete=models.CASCADE, related_name="events"
    )
    at = models.DateTimeField(default=timezone.now)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=10, choices=EventKind.choices)
    text = models.CharField(max_length=600, blank=True)

    class Meta:
        verbose_name = "étape d'une demande"
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return self.get_kind_display()

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("Une étape ne se modifie pas : ajoutez une note.")
        super().save(*args, **kwargs)


class RetentionPolicy(models.Model):
    """How long closed requests are kept, and why: the organisation's choice."""

    org = models.OneToOneField(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="requests_retention"
    )
    months = models.PositiveSmallIntegerField(
        "durée de conservation après la clôture (en mois)",
        validators=[MinValueValidator(1), MaxValueValidator(240)],
    )
    ground = models.CharField("justification", max_length=500)
    updated = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "conservation des demandes closes"

    def __str__(self) -> str:
        return f"Conservation des demandes de {self.org}"
