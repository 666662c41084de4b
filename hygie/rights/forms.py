from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django import forms
from django.utils import timezone

from hygie.law.rights import Right
from hygie.lib.conditional import ConditionalFieldsMixin, ConditionalRadioSelect
from hygie.lib.widgets import PlainSelect
from hygie.rights.actions import grounds_for
from hygie.rights.models import Channel, PatientRequest, Requester

ANSWER_MEANS = [
    "Remise en main propre au cabinet",
    "Consultation sur place",
    "Courrier recommandé avec accusé de réception",
    "Courrier simple",
    "Messagerie sécurisée de santé (MSSanté)",
    "Envoi au médecin désigné par le patient",
]
IDENTITY_MEANS = [
    "Pièce d'identité présentée au cabinet",
    "Copie d'une pièce d'identité reçue (non conservée)",
    "Demandeur connu du cabinet et reconnu",
    "Justificatif de qualité reçu (livret de famille, jugement de tutelle, acte de décès…)",
]


def _choices(labels: list[str]) -> list[tuple[str, str]]:
    return [(label, label) for label in labels]


def _at(day: date, moment: time | None) -> datetime:
    """The moment given; without a time, now if it is today, noon otherwise."""
    if moment is None:
        now = timezone.localtime()
        if day == now.date():
            return now.replace(second=0, microsecond=0)
        moment = time(12, 0)
    return datetime.combine(day, moment, timezone.get_current_timezone())


class DatedForm(forms.Form):
    """A date (and an optional time) that cannot be in the future nor before 2000."""

    date_label = "Date"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        now = timezone.localtime()
        self.fields["day"] = forms.DateField(
            label=self.date_label,
            initial=now.date(),
            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        )
        self.fields["hour"] = forms.TimeField(
            label="à",
            required=False,
            initial=now.time().replace(second=0, microsecond=0),
            widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        )
        # The date first.
        self.order_fields(["day", "hour"])

    def at(self) -> datetime:
        return _at(self.cleaned_data["day"], self.cleaned_data.get("hour"))

    def clean(self):
        data = super().clean()
        if data.get("day"):
            when = self.at()
            if when > timezone.now() + timedelta(minutes=5):
                self.add_error("day", "Cette date ne peut pas être dans le futur.")
            elif when.year < 2000:
                self.add_error("day", "Indiquez une date après l'an 2000.")
        return data


# Who may ask for a patient's record through a doctor: anyone but the doctor,
# for whom it goes without saying.
NOT_THE_DOCTOR = {Requester.PATIENT, Requester.REPRESENTATIVE, Requester.HEIR}


class LogForm(ConditionalFieldsMixin, DatedForm):
    """A patient's request, as received. Only the questions that apply to the
    right chosen and to who asks are shown (lib/conditional.py)."""

    date_label = "Reçue le"
    shown_when = {
        "record_age": {"right": {Right.RECORD}},
        "patient_name": {"requester_kind": set(Requester) - {Requester.PATIENT}},
        "via_doctor": {"right": {Right.RECORD}, "requester_kind": NOT_THE_DOCTOR},
    }
    # A doctor asks on the patient's behalf for the medical record only
    # (code de la santé publique, L1111-7).
    options_shown_when = {"requester_kind": {Requester.DOCTOR: {"right": {Right.RECORD}}}}
    option_errors = {
        "requester_kind": "Un médecin désigné par le patient ne demande que le dossier médical : "
        "pour un autre droit, choisissez le patient ou la personne qui le représente."
    }

    channel = forms.ChoiceField(
        label="Comment ?", choices=Channel.choices, widget=forms.RadioSelect
    )
    right = forms.ChoiceField(
        label="Que demande-t-on ?",
        choices=PatientRequest._meta.get_field("right").choices,
        widget=forms.RadioSelect,
    )
    record_age = forms.ChoiceField(
        label="Le dossier demandé date…",
        choices=PatientRequest._meta.get_field("record_age").choices,
        required=False,
        widget=forms.RadioSelect,
        help_text="Pour le dossier médical seulement. Plus de cinq ans, comptés depuis la "
        "création de l'information : deux mois au lieu de huit jours.",
    )
    requester_kind = forms.ChoiceField(
        label="Qui demande ?", choices=Requester.choices, widget=ConditionalRadioSelect
    )
    requester_name = forms.CharField(label="Nom du demandeur", max_length=200)
    requester_contact = forms.CharField(
        label="Adresse, e-mail ou téléphone du demandeur",
        max_length=300,
        required=False,
        help_text="Pour lui répondre. Ne notez rien de médical.",
    )
    patient_name = forms.CharField(
        label="Nom du patient",
        max_length=200,
        required=False,
        help_text="Quand ce n'est pas le patient lui-même qui demande.",
    )
    via_doctor = forms.BooleanField(
        label="Le patient veut que son dossier passe par un médecin de son choix",
        required=False,
        help_text="Pour le dossier médical seulement (code de la santé publique, L1111-7).",
    )

    def clean(self):
        data = super().clean()
        if self.applies("record_age") and not data.get("record_age"):
            self.add_error(
                "record_age",
                "Pour le dossier médical, dites de quand datent les informations : "
                "le délai en dépend.",
            )
        if self.applies("patient_name") and not data.get("patient_name"):
            self.add_error(
                "patient_name", "Indiquez le nom du patient : ce n'est pas lui qui demande."
            )
        if data.get("right") == Right.RECORD and data.get("requester_kind") == Requester.DOCTOR:
            # The doctor the patient designated asks: the record goes through them.
            data["via_doctor"] = True
        return data

    def values(self) -> dict:
        data = self.cleaned_data
        fields = [
            "channel",
            "right",
            "record_age",
            "via_doctor",
            "requester_kind",
            "requester_name",
            "requester_contact",
            "patient_name",
        ]
        return {"received_at": self.at(), **{f: data[f] for f in fields}}


class IdentityForm(forms.Form):
    how = forms.ChoiceField(
        label="Comment l'identité a-t-elle été vérifiée ?",
        choices=_choices(IDENTITY_MEANS),
        widget=forms.RadioSelect,
        help_text="Hygie ne garde aucune copie de pièce d'identité.",
    )


class NoteForm(forms.Form):
    text = forms.CharField(
        label="Ajouter une note",
        max_length=600,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Une précision ou une correction ; aucun contenu médical.",
    )


class AnswerForm(DatedForm):
    date_label = "Réponse envoyée ou remise le"

    means = forms.ChoiceField(label="Comment ?", choices=_choices(ANSWER_MEANS), widget=PlainSelect)
    content = forms.CharField(
        label="Ce qui a été communiqué",
        max_length=500,
        help_text="Sans contenu médical. Par exemple : « copie du dossier de 2019 à 2025, "
        "42 pages » ou « adresse corrigée dans le logiciel ».",
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class RefuseForm(DatedForm):
    date_label = "Refus envoyé le"

    ground = forms.ChoiceField(label="Motif", widget=forms.RadioSelect)
    detail = forms.CharField(
        label="Précisions pour le demandeur",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, right: Right, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ground"].choices = [
            (g.key, f"{g.label} ({g.basis}{'' if g.verified else ', à vérifier'})")
            for g in grounds_for(right)
        ]


class ExtendForm(forms.Form):
    reason = forms.CharField(
        label="Motifs de la prolongation",
        max_length=2000,
        help_text="La complexité ou le nombre des demandes (RGPD art. 12(3)). Ils figureront "
        "dans le courrier d'information au demandeur.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RetentionForm(forms.Form):
    months = forms.IntegerField(
        label="Durée de conservation des demandes closes (en mois)",
        min_value=1,
        max_value=240,
        help_text="Par exemple 60 (cinq ans).",
    )
    ground = forms.CharField(
        label="Justification",
        max_length=500,
        help_text="Pourquoi cette durée : par exemple, pouvoir prouver à la CNIL qu'une "
        "demande a reçu réponse à temps.",
        widget=forms.Textarea(attrs={"rows": 2}),
    )
