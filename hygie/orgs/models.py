from __future__ import annotations

import secrets
from datetime import timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone

from hygie.lib import phones
from hygie.orgs.roles import ROLE_HELP, Role, allows

CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
INVITATION_DAYS = 14


def new_org_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(10))


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Kind(models.TextChoices):
    CABINET = "cabinet", "Cabinet individuel"
    CABINET_GROUPE = "cabinet_groupe", "Cabinet de groupe"
    MSP = "msp", "Maison de santé pluriprofessionnelle (MSP)"
    CENTRE_SANTE = "centre_sante", "Centre de santé"
    CPTS = "cpts", "Communauté professionnelle territoriale de santé (CPTS)"
    APPUI = "appui", "Structure d'appui régionale (3C, GRADeS, URPS…)"


# The kinds of organisation that run surveys, a territory and a newsletter.
REGIONAL_KINDS = frozenset({Kind.APPUI, Kind.CPTS})


class Profession(models.TextChoices):
    MEDECIN_GENERALISTE = "medecin_generaliste", "Médecin généraliste"
    MEDECIN_SPECIALISTE = "medecin_specialiste", "Médecin spécialiste"
    CHIRURGIEN_DENTISTE = "chirurgien_dentiste", "Chirurgien-dentiste"
    INFIRMIER = "infirmier", "Infirmier ou infirmière"
    KINESITHERAPEUTE = "kinesitherapeute", "Masseur-kinésithérapeute"
    SAGE_FEMME = "sage_femme", "Sage-femme"
    ORTHOPHONISTE = "orthophoniste", "Orthophoniste"
    ORTHOPTISTE = "orthoptiste", "Orthoptiste"
    PEDICURE_PODOLOGUE = "pedicure_podologue", "Pédicure-podologue"
    PLURIPROFESSIONNEL = "pluriprofessionnel", "Plusieurs professions"
    AUTRE = "autre", "Autre"


class Zone(models.TextChoices):
    """The time zones of France's territories (IANA names): every legal clock,
    reminder and document of an organisation is counted in its own."""

    PARIS = "Europe/Paris", "France métropolitaine et Corse (heure de Paris)"
    GUADELOUPE = "America/Guadeloupe", "Guadeloupe"
    MARTINIQUE = "America/Martinique", "Martinique"
    GUYANE = "America/Cayenne", "Guyane"
    REUNION = "Indian/Reunion", "La Réunion"
    MAYOTTE = "Indian/Mayotte", "Mayotte"
    SAINT_PIERRE = "America/Miquelon", "Saint-Pierre-et-Miquelon"
    SAINT_BARTHELEMY = "America/St_Barthelemy", "Saint-Barthélemy"
    SAINT_MARTIN = "America/Marigot", "Saint-Martin"
    NOUVELLE_CALEDONIE = "Pacific/Noumea", "Nouvelle-Calédonie"
    POLYNESIE = "Pacific/Tahiti", "Polynésie française (Tahiti)"
    WALLIS = "Pacific/Wallis", "Wallis-et-Futuna"


class Organisation(models.Model):
    code = models.CharField(max_length=16, unique=True, default=new_org_code, editable=False)
    name = models.CharField("nom", max_length=150)
    kind = models.CharField("type de structure", max_length=20, choices=Kind.choices)
    profession = models.CharField(
        "profession principale", max_length=30, choices=Profession.choices, blank=True
    )
    # The practice's postal address, printed on its letters and documents.
    address = models.TextField("adresse postale", max_length=300, blank=True)
    time_zone = models.CharField(
        "fuseau horaire", max_length=40, choices=Zone.choices, default=Zone.PARIS
    )
    require_mfa = models.BooleanField(
        "exiger la double authentification de tous les membres", default=False
    )
    session_idle_minutes = models.PositiveSmallIntegerField(
        "fin de session après inactivité (minutes)",
        default=settings.SESSION_IDLE_MINUTES_DEFAULT,
        validators=[MinValueValidator(5), MaxValueValidator(480)],
    )
    is_demo = models.BooleanField(default=False, editable=False)
    created = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = "organisation"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("orgs:home", args=[self.code])

    def tzinfo(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    @property
    def is_regional(self) -> bool:
        """A regional body (or a CPTS): it runs surveys, a territory and a newsletter."""
        return self.kind in REGIONAL_KINDS

    def titulaires(self):
        return self.memberships.filter(role=Role.TITULAIRE)


class MembershipQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(user=user).select_related("org").order_by("org__name")

    def allowed(self, permission: str):
        from hygie.orgs.roles import PERMISSIONS

        return self.filter(role__in=PERMISSIONS[permission])


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    org = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField("rôle", max_length=20, choices=Role.choices)
    created = models.DateTimeField(default=timezone.now)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "org"], name="one_membership_per_org")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.org} ({self.get_role_display()})"

    def can(self, permission: str) -> bool:
        return allows(self.role, permission)

    @property
    def role_help(self) -> str:
        return ROLE_HELP[Role(self.role)]


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(accepted_at=None, revoked_at=None, expires__gt=timezone.now()).order_by(
            "-created"
        )


class Invitation(models.Model):
    org = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField("adresse e-mail")
    role = models.CharField("rôle", max_length=20, choices=Role.choices)
    token = models.CharField(max_length=40, unique=True, default=new_token, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now)
    expires = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Invitation de {self.email} à {self.org}"

    def save(self, *args, **kwargs):
        if self.expires is None:
            self.expires = self.created + timedelta(days=INVITATION_DAYS)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("orgs:invitation", args=[self.token])

    @property
    def is_pending(self) -> bool:
        return (
            self.accepted_at is None and self.revoked_at is None and self.expires > timezone.now()
        )


class Contacts(models.Model):
    """Whom to call in an incident, printed on the organisation's fiche réflexe."""

    org = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="emergency_contacts"
    )
    prestataire = models.CharField("prestataire informatique", max_length=200, blank=True)
    prestataire_tel = models.CharField("son téléphone", max_length=40, blank=True)
    editeur = models.CharField("éditeur du logiciel de cabinet", max_length=200, blank=True)
    editeur_tel = models.CharField("son assistance", max_length=40, blank=True)
    assureur = models.CharField(
        "assureur (contrat cyber ou responsabilité)", max_length=200, blank=True
    )
    assureur_tel = models.CharField("son téléphone", max_length=40, blank=True)
    contrat = models.CharField("n° de contrat", max_length=80, blank=True)
    referent = models.CharField("référent ou DPO", max_length=200, blank=True)
    referent_tel = models.CharField("son téléphone", max_length=40, blank=True)
    cyber_regional = models.CharField(
        "assistance cyber de votre région", max_length=200, blank=True
    )
    cyber_regional_tel = models.CharField("son téléphone", max_length=40, blank=True)
    updated = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "contacts d'urgence"

    def __str__(self) -> str:
        return f"Contacts d'urgence de {self.org}"

    # Whom to call, in this order: (how a button names it, its name's field, its number's field).
    CALLS = [
        ("Prestataire informatique", "prestataire", "prestataire_tel"),
        ("Éditeur du logiciel", "editeur", "editeur_tel"),
        ("Assureur", "assureur", "assureur_tel"),
        ("Référent ou DPO", "referent", "referent_tel"),
        ("Centre régional d'assistance cyber", "cyber_regional", "cyber_regional_tel"),
    ]

    def calls(self) -> list[dict[str, str]]:
        """The numbers known, in the order to call them, each with `who`, its
        `name` and its `number` (the first phone number of the field)."""
        found = []
        for who, name, tel in self.CALLS:
            text = getattr(self, tel)
            span = next(phones.spans(text), None)
            if span is not None:
                found.append(
                    {"who": who, "name": getattr(self, name), "number": text[span[0] : span[1]]}
                )
        return found
