from __future__ import annotations

from django import forms
from django.conf import settings

from hygie.identity import intake
from hygie.identity.uploads import megabytes

NO_COLUMN = ""


class UploadForm(forms.Form):
    """The patient list exported from the practice software."""

    fichier = forms.FileField(
        label="Liste des patients (CSV ou XLSX)",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.xlsx"}),
        error_messages={
            "required": "Choisissez le fichier exporté de votre logiciel.",
            "empty": "Ce fichier est vide.",
        },
    )
    feuille = forms.CharField(
        label="Feuille du classeur (facultatif)",
        required=False,
        max_length=100,
        help_text="Pour un classeur XLSX de plusieurs feuilles : son nom. Sinon, Hygie lit la "
        "première feuille qui n'est pas vide.",
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["fichier"].help_text = (
            "Exportez la liste depuis votre logiciel de cabinet, en CSV (tout séparateur, UTF-8 "
            f"ou Windows-1252) ou en XLSX, {megabytes(settings.IDENTITY_MAX_FILE_BYTES)} au plus."
        )


def confidence_label(value: float | None) -> str:
    if value is None:
        return ""
    if value >= 0.95:
        return "reconnue"
    if value >= 0.6:
        return "probable, à vérifier"
    return "supposée, à vérifier"


class MappingForm(forms.Form):
    """Which column holds each field: the proposal, confirmed or changed."""

    def __init__(self, mapping: intake.Mapping, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.mapping = mapping
        choices = [(NO_COLUMN, "— Aucune colonne —")] + [
            (str(i), label) for i, label in enumerate(mapping.columns)
        ]
        for name in intake.FIELDS:
            index = mapping.fields.get(name)
            help_text = ""
            if index is not None:
                help_text = f"Proposition {confidence_label(mapping.confidence.get(name))}."
            elif name == "identifiant":
                help_text = (
                    "Sans identifiant, Hygie désigne chaque patient par son numéro de ligne."
                )
            self.fields[name] = forms.ChoiceField(
                label=intake.FIELD_LABELS[name],
                choices=choices,
                required=False,
                initial=NO_COLUMN if index is None else str(index),
                help_text=help_text,
                error_messages={"invalid_choice": "Choisissez une des colonnes du fichier."},
            )

    def clean(self):
        data = super().clean()
        chosen: dict[str, str] = {}
        for name in intake.FIELDS:
            value = data.get(name) or NO_COLUMN
            if value != NO_COLUMN:
                if value in chosen:
                    self.add_error(
                        name,
                        f"Cette colonne est déjà choisie pour « {intake.FIELD_LABELS[chosen[value]]} ».",
                    )
                chosen[value] = name
        if not chosen:
            raise forms.ValidationError("Choisissez au moins une colonne.")
        return data

    def confirmed(self) -> intake.Mapping:
        mapping = self.mapping
        for name in intake.FIELDS:
            value = self.cleaned_data.get(name) or NO_COLUMN
            index = None if value == NO_COLUMN else int(value)
            if index != mapping.fields.get(name):
                mapping = mapping.with_field(name, index)
        return mapping
