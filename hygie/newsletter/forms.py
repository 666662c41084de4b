from __future__ import annotations

from django import forms

from hygie.newsletter.models import Issue
from hygie.newsletter.subscribers import parse_addresses

MAX_PASTED = 2000


class SubscribeForm(forms.Form):
    email = forms.EmailField(label="Votre adresse e-mail", max_length=254)
    consent = forms.BooleanField(
        label="J'accepte de recevoir cette lettre d'information à cette adresse.",
        error_messages={"required": "Cochez la case pour vous abonner."},
    )
    # Left empty by people; robots that fill every field give themselves away.
    website = forms.CharField(label="Site web (laissez vide)", required=False)


class AddressesForm(forms.Form):
    addresses = forms.CharField(
        label="Adresses à inviter",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Une adresse par ligne (ou séparées par des virgules). Chacune reçoit un "
        "e-mail de confirmation : elle n'est abonnée qu'une fois confirmée.",
        max_length=100_000,
    )

    def clean_addresses(self):
        valid, invalid = parse_addresses(self.cleaned_data["addresses"])
        if invalid:
            shown = ", ".join(invalid[:5])
            raise forms.ValidationError(
                f"Adresses non valables : {shown}. Corrigez-les ou retirez-les, puis recommencez."
            )
        if not valid:
            raise forms.ValidationError("Aucune adresse trouvée.")
        if len(valid) > MAX_PASTED:
            raise forms.ValidationError(f"Au plus {MAX_PASTED} adresses à la fois.")
        return valid


class IssueForm(forms.ModelForm):
    class Meta:
        model = Issue
        fields = ["subject", "intro"]
        widgets = {"intro": forms.Textarea(attrs={"rows": 4})}
        help_texts = {"intro": "Texte simple, facultatif : quelques lignes en tête de lettre."}
