from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone

from hygie.law.incident import (
    Obligation,
    ObligationKey,
    Qualification,
    Risk,
    Standing,
    State,
    delay_reasons_needed,
    obligations,
    standing,
)


class Status(models.TextChoices):
    OPEN = "open", "En cours"
    CLOSED = "closed", "Clos"


class IncidentQuerySet(models.QuerySet):
    def visible_to(self, membership):
        """The organisation's incidents this member sees: all of them for those
        who handle incidents, the secretary those she declared (the incidents'
        pages, and their deadlines, follow this)."""
        rows = self.filter(org_id=membership.org_id)
        if membership.can("incidents.view"):
            return rows
        if membership.can("incidents.declare"):
            return rows.filter(declared_by_id=membership.user_id)
        return rows.none()


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
    # When Hygie's breach register started listing it (it lists every incident
    # with personal data): that meets RGPD art. 33(5).
    listed_at = models.DateTimeField("inscrit au registre des violations le", null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    lessons = models.TextField("enseignements", blank=True, max_length=4000)
    # Closed with required obligations not met: which, and why (said on purpose).
    unmet_at_closing = models.TextField("obligations non remplies à la clôture", blank=True)
    unmet_reason = models.TextField(
        "motif de la clôture malgré ces obligations", blank=True, max_length=2000
    )

    objects = IncidentQuerySet.as_manager()

    class Meta:
        verbose_name = "incident"
        ordering = ["-discovered_at"]
        indexes = [models.Index(fields=["org", "status", "discovered_at"])]

    def __str__(self) -> str:
        return f"Incident n° {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("incidents:detail", args=[self.org.code, self.pk])

    def deadline_completion_url(self, key: str) -> str:
        """An obligation's échéance is marked as done by recording its fulfilment."""
        return reverse("incidents:fulfil", args=[self.org.code, self.pk, key])

    def duties(self, now: datetime | None = None) -> list[Duty]:
        """Every obligation with where it stands and its recorded fulfilments
        (prefetch `fulfilments` to read many incidents' duties at once)."""
        now = now or timezone.now()
        records: dict[str, list[Fulfilment]] = {}
        for f in self.fulfilments.all():
            records.setdefault(f.obligation, []).append(f)
        result = []
        for o in obligations(self.qualification()):
            mine = sorted(records.get(o.key, []), key=lambda f: (f.recorded_at, f.pk))
            current = mine[-1] if mine else None
            result.append(
                Duty(
                    standing(o, current.done_at if current else None, now),
                    current,
                    list(reversed(mine[:-1])),
                )
            )
        return result

    def duty(self, key: str, now: datetime | None = None) -> Duty:
        return next(d for d in self.duties(now) if d.obligation.key == key)

    def qualification(self) -> Qualification:
        return Qualification(
            # In the practice's time zone: its days end at 23:59 there, and
            # working days are counted on its territory's calendar.
            aware_at=timezone.localtime(self.discovered_at, self.org.tzinfo()),
            personal_data=self.personal_data,
            risk=Risk(self.risk),
            unintelligible=self.unintelligible,
            risk_removed=self.risk_removed,
            disproportionate=self.disproportionate,
            malicious=self.malicious,
            insurer_days=self.insurer_days,
            org_kind=self.org.kind,
            listed_at=self.listed_at,
        )


class AppendOnly(models.QuerySet):
    changed = "La chronologie d'un incident ne se modifie pas : ajoutez une entrée."
    removed = "La chronologie d'un incident ne s'efface pas."

    def update(self, **kwargs):
        raise PermissionError(self.changed)

    def delete(self):
        raise PermissionError(self.removed)


class EntryKind(models.TextChoices):
    DECLARED = "declared", "Déclaration"
    REFLEX = "reflex", "Réflexe"
    CALL = "call", "Appel"
    NOTE = "note", "Note"
    DOCUMENT = "document", "Document"
    FULFILLED = "fulfilled", "Obligation remplie"
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


class Channel(models.TextChoices):
    """Where a complaint was filed, or how the persons were told."""

    COMMISSARIAT = "commissariat", "Commissariat de police"
    GENDARMERIE = "gendarmerie", "Gendarmerie"
    EN_LIGNE = "en-ligne", "En ligne"
    PROCUREUR = "procureur", "Courrier au procureur de la République"
    COURRIER = "courrier", "Courrier"
    EMAIL = "email", "E-mail"
    TELEPHONE = "telephone", "Téléphone"
    PUBLIC = "public", "Communication publique"


# The channel in a sentence: « Plainte déposée le … à la gendarmerie ».
CHANNEL_PHRASES = {
    Channel.COMMISSARIAT: "au commissariat",
    Channel.GENDARMERIE: "à la gendarmerie",
    Channel.EN_LIGNE: "en ligne",
    Channel.PROCUREUR: "par courrier au procureur de la République",
    Channel.COURRIER: "par courrier",
    Channel.EMAIL: "par e-mail",
    Channel.TELEPHONE: "par téléphone",
    Channel.PUBLIC: "par une communication publique",
}


@dataclass(frozen=True)
class Proof:
    """How the fulfilment of one obligation is recorded and told, and what it
    requires: the form marks a field optional, and the action accepts it
    empty, from the same `required()`."""

    what: str  # « CNIL »: the subject of the sentence
    done: str  # « notifiée »: its past participle, agreeing with `what`
    reference: str = ""  # the label of its reference; "" when there is none
    reference_prefix: str = ""  # « n° » in « n° 2026-0042 »
    reference_required: bool = False
    channels: tuple[Channel, ...] = ()  # one of them is required, when there are some
    channel_label: str = ""
    evidence_required: bool = True
    evidence_help: str = ""
    # RGPD art. 33(1): a notification later than 72 hours gives its reasons.
    delay_reasons: bool = False

    def required(self, field: str, *, aware_at: datetime, done_at: datetime | None) -> bool:
        """Whether `field` of a fulfilment done at `done_at` must be filled in.

        The reasons for a delay are required when `done_at` is more than 72
        hours after `aware_at`; a form that does not know `done_at` yet asks
        with the time it shows (now, or the time recorded)."""
        if field == "reference":
            return bool(self.reference) and self.reference_required
        if field == "channel":
            return bool(self.channels)
        if field == "evidence":
            return self.evidence_required
        if field == "delay_reasons":
            return (
                self.delay_reasons
                and done_at is not None
                and delay_reasons_needed(aware_at, done_at)
            )
        return False


PROOFS = {
    ObligationKey.CNIL: Proof(
        "CNIL",
        "notifiée",
        "N° de notification",
        "n° ",
        reference_required=True,
        evidence_help="Par exemple : accusé de réception du téléservice de la CNIL enregistré "
        "dans le dossier de l'incident.",
        delay_reasons=True,
    ),
    ObligationKey.PERSONNES: Proof(
        "Personnes",
        "informées",
        "Référence",
        "référence ",
        channels=(Channel.COURRIER, Channel.EMAIL, Channel.TELEPHONE, Channel.PUBLIC),
        channel_label="Comment",
        evidence_help="Par exemple : copie de la lettre et liste des destinataires, "
        "ou lien de la communication publique.",
    ),
    ObligationKey.PLAINTE: Proof(
        "Plainte",
        "déposée",
        "N° du récépissé",
        "récépissé n° ",
        channels=(Channel.COMMISSARIAT, Channel.GENDARMERIE, Channel.EN_LIGNE, Channel.PROCUREUR),
        channel_label="Où",
        evidence_help="Par exemple : récépissé de dépôt de plainte rangé avec le contrat "
        "d'assurance.",
    ),
    "assureur": Proof(
        "Assureur",
        "prévenu",
        "Référence du sinistre",
        "référence du sinistre ",
        evidence_help="Par exemple : e-mail de l'assureur confirmant l'ouverture du dossier.",
    ),
    "signalement": Proof(
        "Signalement",
        "fait sur le portail",
        "N° de signalement",
        "n° ",
        evidence_help="Par exemple : accusé de réception du portail de signalement.",
    ),
    # Hygie's breach register lists the incident already (obligations.register_entry):
    # a record says where else the practice keeps it, if it does.
    "registre": Proof(
        "Violation",
        "inscrite au registre",
        evidence_required=False,
        evidence_help="Par exemple : registre papier du cabinet, ou celui de votre DPO.",
    ),
}


class Fulfilments(AppendOnly):
    changed = (
        "Une obligation remplie ne se modifie pas : enregistrez une correction, "
        "qui remplace la précédente."
    )
    removed = "Une obligation remplie ne s'efface pas."


class Fulfilment(models.Model):
    """The record that an obligation of an incident was met: when, with what
    reference and where its proof is kept. Never changed, never removed: a
    correction is a new record that supersedes the previous one."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="fulfilments")
    # The key of an obligation (hygie/law/incident.py): cnil, plainte…
    obligation = models.CharField(max_length=20, choices=[(k, k) for k in PROOFS])
    done_at = models.DateTimeField("fait le")
    channel = models.CharField(max_length=20, choices=Channel.choices, blank=True)
    reference = models.CharField("référence", max_length=200, blank=True)
    evidence = models.TextField("preuve conservée", max_length=2000, blank=True)
    # RGPD art. 33(1): a notification made after 72 hours gives its reasons.
    delay_reasons = models.TextField("motifs du retard", max_length=2000, blank=True)
    recorded_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The record this one corrects: each is corrected at most once, so the
    # records of an obligation form one line, the last being the current one.
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="superseded_by"
    )

    objects = Fulfilments.as_manager()

    class Meta:
        verbose_name = "obligation remplie"
        ordering = ["recorded_at", "pk"]

    def __str__(self) -> str:
        return self.sentence()

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError(Fulfilments.changed)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError(Fulfilments.removed)

    @property
    def proof(self) -> Proof:
        return PROOFS[self.obligation]

    def when(self) -> str:
        return f"le {_short(self.done_at)}"

    def _tail(self) -> str:
        """« à la gendarmerie, récépissé n° 123 »: what follows the date."""
        text = f" {CHANNEL_PHRASES[Channel(self.channel)]}" if self.channel else ""
        if self.reference:
            text += f", {self.proof.reference_prefix}{self.reference}"
        return text

    def summary(self) -> str:
        """« Notifiée le 12/03/2026 à 10:40, n° 2026-0042 », as the register says it."""
        done = self.proof.done
        return f"{done[:1].upper()}{done[1:]} {self.when()}{self._tail()}"

    def done_line(self) -> str:
        """« Fait le 12/03/2026 à 10:40, n° 2026-0042 », beside its obligation."""
        return f"Fait {self.when()}{self._tail()}"

    def sentence(self) -> str:
        """« CNIL notifiée le 12/03/2026 à 10:40, n° 2026-0042 »."""
        return f"{self.proof.what} {self.proof.done} {self.when()}{self._tail()}"


@dataclass
class Duty:
    """An obligation of an incident, where it stands, and its fulfilments."""

    standing: Standing
    current: Fulfilment | None = None
    earlier: list[Fulfilment] = field(default_factory=list)  # superseded, newest first

    @property
    def obligation(self) -> Obligation:
        return self.standing.obligation

    @property
    def state(self) -> State:
        return self.standing.state

    def summary(self) -> str:
        """Where it stands in one line, as the breach register and the closing
        report say it: « Notifiée le 12/03/2026 à 10:40, n° … », « Non
        requise — raison », « À faire, avant le … »."""
        o = self.obligation
        if self.current is None and self.state is State.DONE:
            return f"{o.met} le {_short(self.standing.done_at)}"
        if self.current is not None:
            text = self.current.summary()
            if self.standing.on_time is False:
                text += f", après le délai (avant le {_short(o.due_at)})"
            if self.current.delay_reasons:
                text += f". Motifs du retard : {self.current.delay_reasons}"
            return text
        if self.state is State.NOT_REQUIRED:
            return f"Non requise — {o.reason}"
        if o.due_at is None:
            return "À faire, sans délai excessif"
        late = " (délai dépassé)" if self.state is State.LATE else ""
        return f"À faire, avant le {_short(o.due_at)}{late}"


def _short(moment: datetime | None) -> str:
    return f"{timezone.localtime(moment):%d/%m/%Y à %H:%M}" if moment else ""


class NoticeKind(models.TextChoices):
    """RGPD art. 33(4): the information may be provided in phases."""

    INITIAL = "initiale", "Notification initiale"
    COMPLEMENTARY = "complementaire", "Notification complémentaire"


class NoticeText(models.Model):
    """What a CNIL notification says, RGPD art. 33(3)(a) to (d) and 33(1)."""

    kind = models.CharField(max_length=16, choices=NoticeKind.choices, default=NoticeKind.INITIAL)
    nature = models.TextField("a) Nature de la violation", max_length=4000, blank=True)
    contact = models.TextField("b) Personne à contacter", max_length=1000, blank=True)
    consequences = models.TextField("c) Conséquences probables", max_length=4000, blank=True)
    measures = models.TextField("d) Mesures prises ou envisagées", max_length=4000, blank=True)
    delay = models.TextField("Motifs du retard", max_length=2000, blank=True)

    FIELDS = ("kind", "nature", "contact", "consequences", "measures", "delay")

    class Meta:
        abstract = True

    def text(self) -> dict[str, str]:
        return {f: getattr(self, f) for f in self.FIELDS}


class CnilDraft(NoticeText):
    """The CNIL notification being written, kept as it is typed: one per
    incident, it survives a reload. Each version sent is kept apart (CnilNotice)."""

    incident = models.OneToOneField(Incident, on_delete=models.CASCADE, related_name="cnil_draft")
    updated = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "brouillon de notification à la CNIL"

    def __str__(self) -> str:
        return f"Brouillon de notification à la CNIL ({self.incident})"


class Notices(AppendOnly):
    changed = "Une version de notification ne se modifie pas : enregistrez-en une nouvelle."
    removed = "Une version de notification ne s'efface pas."


class CnilNotice(NoticeText):
    """A version of the CNIL notification, as it was when finalised
    (downloaded): numbered 1, 2… per incident, never changed."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="cnil_notices")
    number = models.PositiveSmallIntegerField()
    created = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = Notices.as_manager()

    class Meta:
        verbose_name = "version de notification à la CNIL"
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["incident", "number"], name="one_notice_per_number")
        ]

    def __str__(self) -> str:
        return f"Version {self.number} ({self.get_kind_display().lower()})"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError(Notices.changed)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError(Notices.removed)
