from django import forms

from hygie.orgs.actions import SETTINGS_FIELDS
from hygie.orgs.models import Kind, Organisation, Profession, Zone
from hygie.orgs.roles import ROLE_HELP, Role


class ZoneMixin:
    """The time zone may be left out: a form that does not send it keeps Paris
    time for a new organisation and the current zone for an existing one."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].required = False

    def clean_time_zone(self) -> str:
        return self.cleaned_data["time_zone"] or self.instance.time_zone or Zone.PARIS


class OrganisationForm(ZoneMixin, forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "kind", "profession", "address", "time_zone"]
        labels = {"name": "Nom de la structure"}
        widgets = {"address": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "name": "Par exemple : Cabinet du Dr Martin, MSP des Tilleuls.",
            "profession": "Sert à vous proposer les contenus adaptés à votre métier.",
            "address": "Imprimée sur les courriers et documents de la structure.",
            "time_zone": "Les délais légaux, rappels et documents sont calculés à l'heure "
            "de votre territoire.",
        }


class SettingsForm(ZoneMixin, forms.ModelForm):
    # The model's bounds, also on the field so that the browser knows them.
    session_idle_minutes = forms.IntegerField(
        label="Fin de session après inactivité (minutes)",
        min_value=5,
        max_value=480,
        help_text="Entre 5 et 480 minutes. Pour une personne membre de plusieurs "
        "organisations, la durée la plus courte s'applique.",
    )

    class Meta:
        model = Organisation
        fields = list(SETTINGS_FIELDS)
        widgets = {"address": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "address": OrganisationForm.Meta.help_texts["address"],
            "time_zone": OrganisationForm.Meta.help_texts["time_zone"],
            "require_mfa": "Chaque membre devra activer un code à usage unique pour accéder "
            "à l'organisation.",
        }


def role_choices() -> list[tuple[str, str]]:
    return [(role.value, f"{role.label} — {ROLE_HELP[role]}") for role in Role]


class InviteForm(forms.Form):
    email = forms.EmailField(label="Adresse e-mail de la personne")
    role = forms.ChoiceField(label="Rôle", choices=role_choices, widget=forms.RadioSelect)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label="Rôle", choices=Role.choices)


__all__ = ["InviteForm", "Kind", "OrganisationForm", "Profession", "RoleForm", "SettingsForm"]
