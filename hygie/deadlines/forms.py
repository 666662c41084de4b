from datetime import datetime, time

from django import forms
from django.utils import timezone


class DeadlineForm(forms.Form):
    title = forms.CharField(
        label="Intitulé",
        max_length=200,
        help_text="Par exemple : Installer les mises à jour en attente du poste d'accueil.",
    )
    due_date = forms.DateField(label="Date", widget=forms.DateInput(attrs={"type": "date"}))
    due_time = forms.TimeField(
        label="Heure",
        initial=time(9, 0),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    notes = forms.CharField(
        label="Précisions (facultatif)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def due_at(self) -> datetime:
        tz = timezone.get_current_timezone()
        return datetime.combine(self.cleaned_data["due_date"], self.cleaned_data["due_time"], tz)

    def clean_due_date(self):
        value = self.cleaned_data["due_date"]
        if value.year < 2000 or value.year > 2200:
            raise forms.ValidationError("Indiquez une date entre 2000 et 2200.")
        return value
