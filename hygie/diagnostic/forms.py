from __future__ import annotations

from django import forms

from hygie.diagnostic.models import PlanItem, PlanItemStatus
from hygie.diagnostic.profile import QUESTIONS
from hygie.lib.fields import checked_date
from hygie.lib.widgets import PlainSelect
from hygie.orgs.models import Contacts


class ProfileForm(forms.Form):
    """The profile's eight questions; all are needed to know which measures apply."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for q in QUESTIONS:
            widget = PlainSelect if len(q.choices) > 4 else forms.RadioSelect
            choices = list(q.choices)
            if widget is PlainSelect:
                choices = [("", "— Choisissez —"), *choices]
            self.fields[q.key] = forms.ChoiceField(
                label=q.label,
                choices=choices,
                widget=widget,
                help_text=q.help,
                error_messages={"required": "Choisissez une réponse."},
            )


class PlanItemForm(forms.ModelForm):
    """An item of the plan. The secretary, on an item assigned to her,
    changes only its state, note and evidence."""

    owner = forms.TypedChoiceField(
        label="Responsable", required=False, coerce=int, empty_value=None, widget=PlainSelect
    )

    class Meta:
        model = PlanItem
        fields = ["owner", "due_on", "status", "note", "evidence"]
        widgets = {
            "due_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "status": PlainSelect,
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, members=(), limited=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = {m.user_id: m for m in members}
        self.fields["owner"].choices = [("", "— Personne —")] + [
            (m.user_id, f"{m.user} ({m.get_role_display()})") for m in members
        ]
        self.initial["owner"] = self.instance.owner_id
        self.fields["status"].choices = PlanItemStatus.choices
        if limited:
            for name in ("owner", "due_on"):
                del self.fields[name]

    def clean_owner(self):
        user_id = self.cleaned_data.get("owner")
        if user_id is None:
            return None
        if user_id not in self.members:
            raise forms.ValidationError("Choisissez un membre de l'organisation.")
        return self.members[user_id].user

    def clean_due_on(self):
        return checked_date(self.cleaned_data.get("due_on"))

    def save(self, commit=True):
        raise NotImplementedError("Use diagnostic.actions.update_plan_item")


class ContactsForm(forms.ModelForm):
    class Meta:
        model = Contacts
        fields = [
            "prestataire",
            "prestataire_tel",
            "editeur",
            "editeur_tel",
            "assureur",
            "assureur_tel",
            "contrat",
            "referent",
            "referent_tel",
            "cyber_regional",
            "cyber_regional_tel",
        ]
