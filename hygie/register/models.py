from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

# The clauses a processor's contract must contain, RGPD art. 28(3)(a) to (h).
CLAUSES = [
    ("instructions", "Il ne traite les données que sur vos instructions écrites (a)"),
    ("confidentialite", "Ses personnels sont tenus à la confidentialité (b)"),
    ("securite", "Il prend les mesures de sécurité de l'article 32 (c)"),
    ("sous_traitance", "Il ne recourt à un autre sous-traitant qu'avec votre accord (d)"),
    ("droits", "Il vous aide à répondre aux demandes des patients (e)"),
    ("assistance", "Il vous aide pour la sécurité, les violations et l'analyse d'impact (f)"),
    ("fin", "Il supprime ou vous rend les données à la fin du contrat (g)"),
    ("audit", "Il vous donne de quoi vérifier, et accepte les audits (h)"),
]


# What the register says of its controller: the form edits them, a version keeps them.
CONTROLLER_FIELDS = ["name", "address", "contact", "dpo_name", "dpo_contact", "rights_channel"]


class Hds(models.TextChoices):
    YES = "oui", "Oui"
    NO = "non", "Non"
    UNKNOWN = "inconnu", "Je ne sais pas"


class Location(models.TextChoices):
    EEA = "eee", "Dans l'Espace économique européen"
    OUTSIDE = "hors_eee", "Hors de l'Espace économique européen"
    UNKNOWN = "inconnu", "Je ne sais pas"


class Controller(models.Model):
    """Who is responsible for the processings (RGPD art. 30(1)(a)), and how
    patients exercise their rights."""

    org = models.OneToOneField(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="register_controller"
    )
    name = models.CharField("responsable du traitement", max_length=200)
    address = models.CharField("adresse", max_length=300, blank=True)
    contact = models.CharField("téléphone ou e-mail", max_length=200, blank=True)
    dpo_name = models.CharField(
        "délégué à la protection des données ou référent", max_length=200, blank=True
    )
    dpo_contact = models.CharField("ses coordonnées", max_length=200, blank=True)
    rights_channel = models.CharField(
        "où les patients exercent leurs droits",
        max_length=300,
        blank=True,
        help_text="Par exemple : « au secrétariat du cabinet ou par courrier à l'adresse "
        "du cabinet ».",
    )

    class Meta:
        verbose_name = "responsable du traitement"

    def __str__(self) -> str:
        return self.name


class Processing(models.Model):
    """One activity of the register (RGPD art. 30(1)), made from a template or by hand.

    Lists are kept one item per line, as the practice edits them.
    """

    org = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="processings"
    )
    template = models.CharField(max_length=80, blank=True)
    title = models.CharField("nom du traitement", max_length=200)
    purposes = models.TextField("finalités (une par ligne)", max_length=4000)
    legal_basis = models.CharField("base légale (RGPD, art. 6)", max_length=500)
    article9 = models.CharField(
        "condition des données de santé (RGPD, art. 9)", max_length=500, blank=True
    )
    data_categories = models.TextField("catégories de données (une par ligne)", max_length=4000)
    persons = models.TextField("personnes concernées (une par ligne)", max_length=2000)
    recipients = models.TextField("destinataires (un par ligne)", max_length=2000)
    transfers = models.CharField("transferts hors de l'Union européenne", max_length=500)
    # Structured rules: [{what, active, archive, starts, fate, minors_until, verified, note, source}].
    retention = models.JSONField(default=list)
    security = models.TextField("mesures de sécurité (une par ligne)", max_length=4000)
    # Ids of the diagnostic's measures that secure it (content library).
    measures = models.JSONField(default=list)
    secretary = models.BooleanField("le secrétariat y travaille", default=False)
    created = models.DateTimeField(default=timezone.now)
    updated = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "traitement"
        ordering = ["created", "pk"]

    def __str__(self) -> str:
        return self.title


class QuestionnaireRecord(models.Model):
    """A supplier questionnaire sent to a provider, and whether it came back signed."""

    org = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="questionnaire_records"
    )
    questionnaire = models.CharField("questionnaire", max_length=80)
    provider = models.CharField("prestataire", max_length=200)
    sent_on = models.DateField("envoyé le", default=timezone.localdate)
    returned_on = models.DateField("retourné signé le", null=True, blank=True)
    note = models.CharField("remarque", max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "questionnaire fournisseur"
        ordering = ["-sent_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.provider} — questionnaire {self.questionnaire}"


class ProcessorQuerySet(models.QuerySet):
    def visible_to(self, membership):
        """The organisation's processors, for the roles that read the whole
        register; the secretary's register has none (nor their deadlines, such
        as the end of an HDS certificate)."""
        rows = self.filter(org_id=membership.org_id)
        return rows if membership.can("register.read") else rows.none()


class Processor(models.Model):
    """A processor of the practice (RGPD art. 28): software vendor, host, platform."""

    org = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="processors"
    )
    name = models.CharField("nom", max_length=200)
    service = models.CharField("service rendu", max_length=300)
    hds = models.CharField(
        "certifié hébergeur de données de santé (HDS)",
        max_length=8,
        choices=Hds.choices,
        default=Hds.UNKNOWN,
    )
    hds_until = models.DateField("fin de validité du certificat HDS", null=True, blank=True)
    clauses = models.JSONField(default=dict)
    location = models.CharField(
        "lieu des données", max_length=10, choices=Location.choices, default=Location.UNKNOWN
    )
    country = models.CharField("pays, si hors de l'EEE", max_length=100, blank=True)
    questionnaire = models.ForeignKey(
        QuestionnaireRecord,
        verbose_name="questionnaire fournisseur",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    processings = models.ManyToManyField(Processing, blank=True, related_name="processors")

    objects = ProcessorQuerySet.as_manager()

    class Meta:
        verbose_name = "sous-traitant"
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        # The register's list of processors, shown to the roles that read the
        # whole register (the edit form needs register.edit).
        return reverse("register:home", args=[self.org.code]) + "#sous-traitants"

    def page_opens_for(self, membership) -> bool:
        """The secretary's register shows only the processings she works in."""
        return membership.can("register.read")


class DpoDecision(models.Model):
    """The answer to « faut-il un DPO, une analyse d'impact ? », with its reasons."""

    org = models.OneToOneField(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="dpo_decision"
    )
    answers = models.JSONField()
    dpo_required = models.BooleanField()
    aipd_required = models.BooleanField()
    reasons = models.TextField()
    decided_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "décision DPO et analyse d'impact"

    def __str__(self) -> str:
        return f"Décision DPO de {self.org}"


class Version(models.Model):
    """The whole register as it stood after one change: who, when, what."""

    org = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="register_versions"
    )
    number = models.PositiveIntegerField()
    at = models.DateTimeField(default=timezone.now)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    summary = models.CharField(max_length=300)
    snapshot = models.JSONField()

    class Meta:
        verbose_name = "version du registre"
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["org", "number"], name="one_register_version_number")
        ]

    def __str__(self) -> str:
        return f"Version {self.number} du registre"
