from django import forms

from hygie.orgs.models import Kind, Organisation, Profession
from hygie.orgs.roles import ROLE_HELP, Role


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "kind", "profession"]
        labels = {"name": "Nom de la structure"}
        help_texts = {
            "name": "Par exemple : Cabinet du Dr Martin, MSP des Tilleuls.",
            "profession": "Sert à vous proposer les contenus adaptés à votre métier.",
        }


class SettingsForm(forms.ModelForm):
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
        fields = ["name", "kind", "profession", "require_mfa", "session_idle_minutes"]
        help_texts = {
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
