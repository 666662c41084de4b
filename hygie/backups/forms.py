from __future__ import annotations

from django import forms
from django.utils import timezone

from hygie.backups import actions
from hygie.backups.models import (
    HOSTED,
    PHYSICAL,
    Answer,
    Data,
    Every,
    Medium,
    Method,
    Outcome,
    Place,
    RestoreEvery,
    Retired,
)
from hygie.lib.conditional import ConditionalFieldsMixin
from hygie.lib.fields import ClearBooleanField
from hygie.lib.widgets import PlainSelect

NOT_HOSTED = {m.value for m in Medium} - set(HOSTED)
MAX_MINUTES = 7 * 24 * 60


def _day_field(label: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": "Indiquez la date.",
            "invalid": "Indiquez une date valide (jour/mois/année).",
        },
    )


class DayMixin:
    """A log entry's day: today by default, never in the future."""

    def clean_done_on(self):
        day = self.cleaned_data["done_on"]
        try:
            actions.check_day(day, timezone.localdate())
        except actions.Refused as refused:
            raise forms.ValidationError(str(refused)) from None
        return day


def _radio(label: str, choices, **kwargs) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choisissez une réponse.", "invalid_choice": "Choix inconnu."},
        **kwargs,
    )


class PlanForm(ConditionalFieldsMixin, forms.Form):
    """A copy of the plan. Where it is kept is asked for a medium of the
    practice's own; a hosted copy is at its host's, whose HDS certificate the
    register's processor tells."""

    shown_when = {
        "place": {"medium": NOT_HOSTED},
        "processor": {"medium": set(HOSTED)},
        "locked": {"medium": set(PHYSICAL)},
    }

    data = forms.MultipleChoiceField(
        label="Ce qui est sauvegardé",
        choices=Data.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Cochez au moins une sorte de données.",
            "invalid_choice": "Cochez parmi les données proposées.",
        },
    )
    medium = _radio("Sur quel support ?", Medium.choices)
    label = forms.CharField(
        label="Nom du support (facultatif)",
        max_length=100,
        required=False,
        help_text="Pour le reconnaître : « Disque n° 1 », « NAS du secrétariat »…",
    )
    place = _radio(
        "Où la copie est-elle gardée ?",
        [c for c in Place.choices if c[0] != Place.HOST],
        required=False,
        help_text="Deux disques qui alternent entre le cabinet et le domicile : "
        "ajoutez-les comme deux sauvegardes.",
    )
    processor = forms.TypedChoiceField(
        label="Quel prestataire ?",
        required=False,
        coerce=int,
        empty_value=None,
        widget=PlainSelect,
        help_text="Ses sous-traitants viennent du registre RGPD, avec leur certificat HDS.",
        error_messages={"invalid_choice": "Choisissez un sous-traitant du registre."},
    )
    every = forms.TypedChoiceField(
        label="À quelle fréquence ?",
        choices=Every.choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choisissez une fréquence.",
            "invalid_choice": "Choisissez une des fréquences proposées.",
        },
    )
    automatic = ClearBooleanField(
        label="La sauvegarde se lance toute seule (programmée)",
        help_text="Hygie vous demandera alors de vérifier chaque semaine qu'elle a bien eu lieu.",
    )
    encrypted = _radio(
        "La copie est-elle chiffrée ?",
        Answer.choices,
        help_text="Illisible sans mot de passe ou code : BitLocker, FileVault, disque à code, "
        "chiffrement du prestataire.",
    )
    offline = _radio(
        "La copie est-elle déconnectée entre deux sauvegardes ?",
        Answer.choices,
        help_text="Disque débranché après la copie, ou copie isolée chez le prestataire. "
        "Un dossier synchronisé (Dropbox, OneDrive…) n'est pas déconnecté.",
    )
    locked = _radio(
        "Le support est-il rangé sous clé ?",
        Answer.choices,
        required=False,
        help_text="Dans un coffre-fort ou une armoire fermée à clé.",
    )
    responsible = forms.TypedChoiceField(
        label="Qui s'en occupe ?",
        required=False,
        coerce=int,
        empty_value=None,
        widget=PlainSelect,
        error_messages={"invalid_choice": "Choisissez un membre du cabinet."},
    )
    restore_every = forms.TypedChoiceField(
        label="Tester la restauration",
        choices=RestoreEvery.choices,
        coerce=int,
        initial=RestoreEvery.QUARTER,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choisissez une fréquence de test.",
            "invalid_choice": "Choisissez une des fréquences proposées.",
        },
    )
    notes = forms.CharField(
        label="Précisions (facultatif)",
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Le logiciel de sauvegarde, où est rangée la clé de récupération…",
    )

    def __init__(self, *args, members=(), processors=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.members = {m.user_id: m.user for m in members}
        self.processors = {p.pk: p for p in processors}
        self.fields["responsible"].choices = [("", "— Personne en particulier —")] + [
            (m.user_id, f"{m.user} ({m.get_role_display()})") for m in members
        ]
        self.fields["processor"].choices = [("", "— Pas encore dans le registre —")] + [
            (p.pk, f"{p} (HDS : {p.get_hds_display().lower()})") for p in processors
        ]

    # The choices are the practice's own members and processors: the field
    # refuses any other before these turn the number into the object.
    def clean_responsible(self):
        user_id = self.cleaned_data.get("responsible")
        return None if user_id is None else self.members[user_id]

    def clean_processor(self):
        pk = self.cleaned_data.get("processor")
        return None if pk is None else self.processors[pk]

    def clean(self):
        data = super().clean()
        medium = data.get("medium")
        if medium in HOSTED:
            data["place"] = Place.HOST
        elif medium and not data.get("place"):
            self.add_error("place", "Indiquez où la copie est gardée.")
        if medium in PHYSICAL and not data.get("locked"):
            self.add_error("locked", "Dites si le support est rangé sous clé.")
        return data


class PlannedMixin:
    """A line of the log about a copy of the plan (`planned`; « — Aucune — »
    when the field is optional), done on a day (`done_on`, today by default)."""

    def __init__(self, *args, plan=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = {p.pk: p for p in plan}
        field = self.fields["planned"]
        choices = [(p.pk, str(p)) for p in plan]
        field.choices = choices if field.required else [("", "— Aucune —"), *choices]
        field.error_messages["invalid_choice"] = "Choisissez une sauvegarde du plan."
        self.fields["done_on"].initial = timezone.localdate()

    def clean_planned(self):
        pk = self.cleaned_data.get("planned")
        return None if pk is None else self.plan[pk]


class BackupRunForm(PlannedMixin, DayMixin, forms.Form):
    """A backup done on another day than today (today's is one click)."""

    planned = forms.TypedChoiceField(label="Quelle sauvegarde ?", coerce=int, widget=PlainSelect)
    done_on = _day_field("Faite le")
    note = forms.CharField(label="Remarque (facultatif)", max_length=300, required=False)


class RestoreTestForm(PlannedMixin, DayMixin, forms.Form):
    planned = forms.TypedChoiceField(
        label="Depuis quelle sauvegarde ?", coerce=int, widget=PlainSelect
    )
    done_on = _day_field("Fait le")
    restored = forms.CharField(
        label="Ce qui a été restauré",
        max_length=300,
        help_text="Par exemple : le dossier d'un patient test et trois courriers scannés, "
        "ou toute la base du logiciel avec l'éditeur.",
        error_messages={"required": "Dites ce qui a été restauré."},
    )
    outcome = _radio("Les fichiers se sont-ils ouverts ?", Outcome.choices)
    minutes = forms.IntegerField(
        label="Combien de temps cela a-t-il pris ? (en minutes)",
        min_value=1,
        max_value=MAX_MINUTES,
        error_messages={
            "required": "Indiquez la durée en minutes.",
            "invalid": "Indiquez un nombre entier de minutes.",
            "min_value": "Indiquez au moins 1 minute.",
            "max_value": "Indiquez au plus une semaine (10 080 minutes).",
        },
    )
    note = forms.CharField(
        label="Remarque (facultatif)",
        max_length=300,
        required=False,
        help_text="Une difficulté, ce qui manquait, ce qu'il faut corriger.",
    )


class DestructionForm(PlannedMixin, DayMixin, forms.Form):
    done_on = _day_field("Le")
    kind = _radio("Qu'a-t-on détruit ?", Retired.choices)
    what = forms.CharField(
        label="Description",
        max_length=300,
        help_text="Par exemple : disque de sauvegarde n° 2 (2019), dossiers de patients "
        "sans venue depuis plus de 20 ans.",
        error_messages={"required": "Décrivez ce qui a été détruit."},
    )
    method = _radio("Comment ?", Method.choices)
    certificate = forms.CharField(
        label="Référence de l'attestation",
        max_length=200,
        required=False,
        help_text="Obligatoire quand un prestataire s'en est chargé : gardez l'attestation.",
    )
    planned = forms.TypedChoiceField(
        label="Sauvegarde du plan concernée (facultatif)",
        required=False,
        coerce=int,
        empty_value=None,
        widget=PlainSelect,
    )
    note = forms.CharField(label="Remarque (facultatif)", max_length=300, required=False)

    def clean(self):
        data = super().clean()
        if data.get("method") == Method.PROVIDER and not data.get("certificate"):
            self.add_error(
                "certificate", "Indiquez la référence de l'attestation remise par le prestataire."
            )
        return data
