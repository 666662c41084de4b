from __future__ import annotations

from django import forms
from django.utils import timezone

from hygie.content import library
from hygie.law.retention import FATES, UNITS
from hygie.lib.fields import DayField, IdsField, checked_date
from hygie.lib.widgets import PlainSelect
from hygie.register.actions import NEEDS
from hygie.register.models import (
    CLAUSES,
    CONTROLLER_FIELDS,
    Controller,
    Processing,
    Processor,
    QuestionnaireRecord,
)

TRANSFERS_HELP = (
    "Par exemple : « Aucun transfert hors de l'Union européenne n'est prévu. » Demandez à "
    "chaque prestataire où les données sont stockées et depuis quels pays elles peuvent être "
    "consultées, et inscrivez dans ce champ tout transfert."
)
UNIT_CHOICES = [(k, many) for k, (_, many) in UNITS.items()]
QUESTIONNAIRES = "supplier-questionnaires"


class NeedsForm(forms.Form):
    """What the practice says of itself, to propose the templates that fit."""

    needs = forms.MultipleChoiceField(
        label="Votre cabinet",
        choices=list(NEEDS.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class ChooseForm(forms.Form):
    chosen = forms.MultipleChoiceField(
        label="Traitements à inscrire au registre",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Cochez au moins un traitement."},
    )

    def __init__(self, *args, templates=(), proposed=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chosen"].choices = [
            (t["id"], f"{t['title']} — {t['summary']}") for t in templates
        ]
        self.fields["chosen"].initial = list(proposed)


class ProcessingForm(forms.ModelForm):
    class Meta:
        model = Processing
        fields = [
            "title",
            "purposes",
            "legal_basis",
            "article9",
            "data_categories",
            "persons",
            "recipients",
            "transfers",
            "security",
            "secretary",
        ]
        widgets = {
            "purposes": forms.Textarea(attrs={"rows": 4}),
            "data_categories": forms.Textarea(attrs={"rows": 4}),
            "persons": forms.Textarea(attrs={"rows": 2}),
            "recipients": forms.Textarea(attrs={"rows": 3}),
            "security": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, template: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        # What to check before keeping the statement: here, never in a document.
        self.fields["transfers"].help_text = (template or {}).get("transfers_help", TRANSFERS_HELP)


class RetentionRuleForm(forms.Form):
    what = forms.CharField(label="Données", max_length=200)
    active_value = forms.IntegerField(label="En base active pendant", min_value=1, max_value=100)
    active_unit = forms.ChoiceField(label="unité", choices=UNIT_CHOICES, widget=PlainSelect)
    archive_value = forms.IntegerField(
        label="Puis en archive pendant (facultatif)", min_value=1, max_value=100, required=False
    )
    archive_unit = forms.ChoiceField(
        label="unité", choices=UNIT_CHOICES, widget=PlainSelect, required=False
    )
    starts = forms.CharField(
        label="À compter de", max_length=200, help_text="Par exemple : la dernière consultation."
    )
    fate = forms.ChoiceField(label="Ensuite", choices=list(FATES.items()), widget=PlainSelect)

    @staticmethod
    def initial_from(rule: dict) -> dict:
        archive = rule.get("archive") or {}
        return {
            "what": rule["what"],
            "active_value": rule["active"]["value"],
            "active_unit": rule["active"]["unit"],
            "archive_value": archive.get("value"),
            "archive_unit": archive.get("unit", "years"),
            "starts": rule["starts"],
            "fate": rule["fate"],
        }

    def rule(self, before: dict | None) -> dict:
        """The rule as data; an unchanged rule keeps its sources and flags."""
        d = self.cleaned_data
        rule = {
            "what": d["what"],
            "active": {"value": d["active_value"], "unit": d["active_unit"]},
            "starts": d["starts"],
            "fate": d["fate"],
        }
        if d.get("archive_value"):
            rule["archive"] = {"value": d["archive_value"], "unit": d["archive_unit"] or "years"}
        if before is not None:
            same = all(
                before.get(k) == rule.get(k)
                for k in ("what", "active", "archive", "starts", "fate")
            )
            if same:
                return before
            rule["start_event"] = before.get("start_event", "")
            rule["note"] = "Règle modifiée par le cabinet."
            rule["source"] = before.get("source", [])
            # What the form does not show stays as it was: the minors' rule,
            # whether the rule's source could be verified, and what to check.
            for kept in ("minors_until", "verified", "check"):
                if kept in before:
                    rule[kept] = before[kept]
            rule["changed"] = True
        else:
            rule["note"] = "Règle fixée par le cabinet."
            rule["changed"] = True
        return rule


class BaseRetentionFormSet(forms.BaseFormSet):
    def rules(self, before: list[dict]) -> list[dict]:
        """The rules as data, in order: a ticked rule is dropped, an untouched
        one kept as it was, an empty extra form ignored."""
        kept = []
        for index, sub in enumerate(self.forms):
            old = before[index] if index < len(before) else None
            if sub.cleaned_data.get("DELETE"):
                continue
            if sub.has_changed():
                kept.append(sub.rule(old))
            elif old is not None:
                kept.append(old)
        return kept


RetentionFormSet = forms.formset_factory(
    RetentionRuleForm,
    formset=BaseRetentionFormSet,
    extra=1,
    can_delete=True,
    max_num=12,
    validate_max=True,
    # Django builds up to max_num + 1000 forms from the count a post claims,
    # which takes seconds: a post claiming more is refused straight away.
    absolute_max=24,
)


class ControllerForm(forms.ModelForm):
    class Meta:
        model = Controller
        fields = CONTROLLER_FIELDS


class ProcessorForm(forms.ModelForm):
    clauses = forms.MultipleChoiceField(
        label="Le contrat prévoit (RGPD, art. 28(3))",
        choices=CLAUSES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Processor
        fields = [
            "name",
            "service",
            "hds",
            "hds_until",
            "location",
            "country",
            "questionnaire",
            "processings",
        ]
        field_classes = {"hds_until": DayField, "processings": IdsField}
        widgets = {
            "hds": forms.RadioSelect,
            "location": forms.RadioSelect,
            "hds_until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "questionnaire": PlainSelect,
            "processings": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, org, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["processings"].queryset = Processing.objects.filter(org=org)
        self.fields["processings"].label = "Pour les traitements"
        self.fields["questionnaire"].queryset = QuestionnaireRecord.objects.filter(org=org)
        self.fields[
            "questionnaire"
        ].help_text = "Le questionnaire de sécurité envoyé à ce prestataire depuis le diagnostic."
        if self.instance.pk:
            self.fields["clauses"].initial = [k for k, v in self.instance.clauses.items() if v]

    def clean(self):
        data = super().clean()
        if data.get("hds") == "oui" and not data.get("hds_until"):
            self.add_error(
                "hds_until", "Indiquez la fin de validité du certificat : Hygie vous la rappellera."
            )
        if data.get("location") == "hors_eee" and not data.get("country"):
            self.add_error("country", "Indiquez le pays où sont les données.")
        return data

    def values(self) -> dict:
        d = dict(self.cleaned_data)
        chosen = set(d.pop("clauses", []))
        d["clauses"] = {k: k in chosen for k, _ in CLAUSES}
        return d


class DpoForm(forms.Form):
    grouped = forms.TypedChoiceField(
        label="Comment exercez-vous ?",
        choices=[
            ("0", "À titre individuel, sans groupe"),
            ("1", "En groupe : cabinet de groupe, MSP, centre de santé"),
        ],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    shared_system = forms.TypedChoiceField(
        label="Partagez-vous un système d'information (logiciel et dossiers communs) ?",
        choices=[("1", "Oui"), ("0", "Non")],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
        required=False,
        empty_value=False,
    )
    patients_per_year = forms.IntegerField(
        label="Combien de patients différents par an, tous professionnels confondus ?",
        min_value=0,
        max_value=10_000_000,
    )
    other_large_scale = forms.BooleanField(
        label="Vous menez un autre traitement de données de santé à grande échelle "
        "(recherche, plateforme régionale…)",
        required=False,
    )


def questionnaire_choices():
    """One choice per number: the ANS questionnaire and Hygie's checklist
    inspired by it are sent for the same purpose, and recorded alike."""
    return [(q["id"], f"n° {q['number']} : {q['title']}") for q in library.items(QUESTIONNAIRES)]


class QuestionnaireRecordForm(forms.ModelForm):
    class Meta:
        model = QuestionnaireRecord
        fields = ["questionnaire", "provider", "sent_on", "note"]
        widgets = {"sent_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        help_texts = {"provider": "Par exemple : l'éditeur du logiciel, la société de maintenance."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["questionnaire"] = forms.ChoiceField(
            label="Questionnaire",
            choices=questionnaire_choices(),
            widget=PlainSelect,
            help_text="Le questionnaire officiel de l'ANS, ou la liste d'Hygie de même numéro.",
        )

    def clean_sent_on(self):
        return checked_date(self.cleaned_data.get("sent_on"))


class ReturnedForm(forms.Form):
    pk = forms.IntegerField(widget=forms.HiddenInput)
    returned_on = forms.DateField(
        label="Retourné signé le",
        initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def clean_returned_on(self):
        return checked_date(self.cleaned_data.get("returned_on"))
