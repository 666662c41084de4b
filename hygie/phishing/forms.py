from __future__ import annotations

from django import forms
from django.conf import settings

from hygie.phishing import intake
from hygie.phishing.analysis import EMAIL, LINK, SMS, Analysis
from hygie.phishing.reading import Unreadable
from hygie.phishing.uploads import megabytes

CHANNELS = [
    (intake.AUTO, "Le deviner (conseillé)"),
    (EMAIL, "Un e-mail (sa source complète)"),
    (SMS, "Un SMS ou un message WhatsApp"),
    (LINK, "Un lien seul"),
]


class MessageForm(forms.Form):
    """A message to analyse: pasted, or dropped as a file."""

    field_order = ["text", "file", "channel", "sender"]

    text = forms.CharField(
        label="Le message",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 10, "spellcheck": "false", "autocomplete": "off"}),
        help_text="Collez le texte d'un SMS ou d'un message WhatsApp, un lien seul, ou la "
        "source complète d'un e-mail : « Afficher l'original » dans Gmail, « Afficher la "
        "source » dans Outlook ou Thunderbird (avec ses en-têtes, qui disent qui l'a vraiment "
        "envoyé).",
    )
    sender = forms.CharField(
        label="Expéditeur du SMS (facultatif)",
        required=False,
        max_length=200,
        help_text="Le numéro ou le nom affiché par votre téléphone.",
    )
    file = forms.FileField(
        label="Ou déposez le fichier du message",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(intake.FILE_TYPES)}),
        error_messages={"empty": "Ce fichier est vide."},
    )
    channel = forms.ChoiceField(
        label="De quoi s'agit-il ?",
        choices=CHANNELS,
        initial=intake.AUTO,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Choisissez un des types de message proposés."},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = (
            f"Un e-mail enregistré (.eml, ou .msg d'Outlook) ou un texte (.txt), "
            f"{megabytes(settings.PHISHING_MAX_FILE_BYTES)} au plus."
        )
        self.analysis: Analysis | None = None

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        text, upload = data.get("text") or "", data.get("file")
        if upload and text.strip():
            raise forms.ValidationError(
                "Collez le message ou déposez son fichier, pas les deux à la fois."
            )
        if not upload and not text.strip():
            raise forms.ValidationError(
                "Collez le message à analyser, ou déposez son fichier.", code="required"
            )
        channel = data.get("channel") or intake.AUTO
        sender = data.get("sender", "")
        try:
            if upload:
                self.analysis = intake.examine(
                    intake.read_upload, upload.name, upload.read(), channel=channel, sender=sender
                )
            else:
                self.analysis = intake.examine(
                    intake.read_text, text, channel=channel, sender=sender
                )
        except Unreadable as error:
            raise forms.ValidationError(error.message) from None
        return data
