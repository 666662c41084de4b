from datetime import date

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator

from hygie.journal.labels import ACTIONS
from hygie.lib.widgets import PlainSelect

# Dates far outside the journal's life would overflow once turned into instants.
DATE_RANGE_MESSAGE = "Saisissez une date entre 2000 et 2100."
DATE_RANGE = [
    MinValueValidator(date(2000, 1, 1), DATE_RANGE_MESSAGE),
    MaxValueValidator(date(2100, 12, 31), DATE_RANGE_MESSAGE),
]


class JournalFilterForm(forms.Form):
    action = forms.ChoiceField(label="Action", required=False, widget=PlainSelect)
    actor = forms.ChoiceField(label="Personne", required=False, widget=PlainSelect)
    start = forms.DateField(
        label="Du",
        required=False,
        validators=DATE_RANGE,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    end = forms.DateField(
        label="Au",
        required=False,
        validators=DATE_RANGE,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [
            ("", "Toutes"),
            *sorted(ACTIONS.items(), key=lambda item: item[1]),
        ]
        self.fields["actor"].choices = [("", "Tout le monde")] + [
            (str(user.pk), f"{user.full_name} ({user.email})") for user in members
        ]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            self.add_error("end", "La date de fin doit suivre la date de début.")
        return cleaned


class SealCheckForm(forms.Form):
    sceau = forms.CharField(
        label="Sceau reçu par e-mail (facultatif)",
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "false", "autocomplete": "off"}),
        help_text=(
            "Collez la ligne qui commence par HYGIE-SCEAU-1, ou tout l'e-mail : le journal doit "
            "toujours contenir ce que le sceau atteste."
        ),
    )

    def clean_sceau(self):
        from hygie.journal import seals

        text = self.cleaned_data["sceau"]
        if not text.strip():
            return []
        try:
            return seals.parse(text)
        except seals.SealError as error:
            raise forms.ValidationError(str(error)) from None
