from __future__ import annotations

from django import forms


class LinkForm(forms.Form):
    label = forms.CharField(
        label="Pour qui (facultatif)",
        max_length=120,
        required=False,
        help_text="Un repère pour vous, par exemple « CPTS du Val » ou « médecins du 69 ».",
    )


class SendForm(forms.Form):
    email = forms.EmailField(
        label="Adresse e-mail du ou de la titulaire",
        error_messages={"invalid": "Saisissez une adresse e-mail valide, comme nom@exemple.fr."},
    )


class JoinForm(forms.Form):
    practice = forms.ChoiceField(
        label="Structure qui rejoint le territoire",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choisissez la structure qui rejoint le territoire.",
            "invalid_choice": "Choisissez une structure dont vous êtes titulaire.",
        },
    )
    consent = forms.BooleanField(
        label="J'ai lu ce qui est partagé et j'accepte, pour cette structure, de le partager.",
        error_messages={"required": "Cochez la case pour donner votre accord."},
    )

    def __init__(self, practices, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.practices = {org.code: org for org in practices}
        self.fields["practice"].choices = [(org.code, org.name) for org in practices]
        if len(practices) == 1:
            self.fields["practice"].initial = practices[0].code

    def chosen(self):
        return self.practices[self.cleaned_data["practice"]]
