from __future__ import annotations

import re
from datetime import datetime, timedelta

from django import forms
from django.utils import timezone

from hygie.content import library
from hygie.incidents.actions import TYPES, fulfilment_errors
from hygie.incidents.models import PROOFS, Incident, NoticeKind
from hygie.law.days import hours_after
from hygie.law.incident import CNIL_HOURS, Risk
from hygie.lib import phones
from hygie.lib.widgets import PlainSelect

RISK_LABELS = {
    Risk.UNKNOWN: "Pas encore évalué",
    Risk.NONE: "Aucun risque pour les personnes",
    Risk.RISK: "Un risque pour les personnes",
    Risk.HIGH: "Un risque élevé pour les personnes",
}


class DeclareForm(forms.Form):
    kind = forms.ChoiceField(
        label="Qu'observez-vous ?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choisissez ce que vous observez."},
    )
    discovered_date = forms.DateField(
        label="Découvert le", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    discovered_time = forms.TimeField(
        label="à", widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    description = forms.CharField(
        label="Ce qui se passe (facultatif)",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        now = timezone.localtime()
        self.fields["discovered_date"].initial = now.date()
        self.fields["discovered_time"].initial = now.time().replace(second=0, microsecond=0)
        self.fields["kind"].choices = [(t["id"], t["title"]) for t in library.items(TYPES)]
        self.fields[
            "discovered_date"
        ].help_text = (
            "Le moment où vous vous en êtes aperçu : il fait partir les délais de 72 heures."
        )

    def discovered_at(self) -> datetime:
        tz = timezone.get_current_timezone()
        return datetime.combine(
            self.cleaned_data["discovered_date"], self.cleaned_data["discovered_time"], tz
        )

    def clean(self):
        data = super().clean()
        if data.get("discovered_date") and data.get("discovered_time"):
            when = self.discovered_at()
            if when > timezone.now() + timedelta(minutes=5):
                self.add_error("discovered_date", "La découverte ne peut pas être dans le futur.")
            if when.year < 2000:
                self.add_error("discovered_date", "Indiquez une date après l'an 2000.")
        return data


class QualifyForm(forms.ModelForm):
    class Meta:
        model = Incident
        fields = [
            "personal_data",
            "risk",
            "data_categories",
            "persons",
            "records",
            "unintelligible",
            "risk_removed",
            "disproportionate",
            "malicious",
            "insurer_days",
        ]
        widgets = {"risk": PlainSelect}
        help_texts = {
            "personal_data": "Confidentialité (des données vues ou emportées), intégrité (modifiées) ou disponibilité (perdues, inaccessibles).",
            "unintelligible": "RGPD art. 34(3)(a) : inutile alors d'informer les personnes.",
            "risk_removed": "RGPD art. 34(3)(b).",
            "disproportionate": "RGPD art. 34(3)(c) : une communication publique remplace alors l'information de chacun.",
            "malicious": "Code des assurances L12-10-1 : plainte sous 72 heures pour être indemnisé.",
            "insurer_days": "Si un contrat vous couvre : le délai qu'il donne pour déclarer un sinistre (au moins 5 jours ouvrés). Laissez vide si vous n'êtes pas assuré pour ce risque.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["risk"].choices = [(r.value, RISK_LABELS[r]) for r in Risk]


class EntryForm(forms.Form):
    KINDS = [("note", "Note"), ("call", "Appel"), ("correction", "Correction")]
    kind = forms.ChoiceField(label="Type", choices=KINDS, widget=PlainSelect)
    text = forms.CharField(label="Texte", max_length=4000, widget=forms.Textarea(attrs={"rows": 2}))


class CnilDraftForm(forms.Form):
    """The content of a notification, RGPD art. 33(3)(a) to (d), and 33(1)'s delay.

    `lenient`: the draft as it is typed, saved whatever is missing. Otherwise
    the version to send: (a) to (d) are required, and the reasons for the
    delay once the 72 hours are past (`late`).
    """

    kind = forms.ChoiceField(
        label="Type de notification",
        required=False,  # initial when not said
        choices=NoticeKind.choices,
        widget=forms.RadioSelect,
        help_text="Les informations peuvent être données en plusieurs fois : une notification "
        "initiale, puis des notifications complémentaires (RGPD art. 33(4)).",
    )
    nature = forms.CharField(
        label="a) Nature de la violation",
        help_text="Ce qui s'est passé ; les catégories et le nombre approximatif de personnes et d'enregistrements concernés.",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    contact = forms.CharField(
        label="b) Personne à contacter",
        help_text="Le nom et les coordonnées du délégué à la protection des données ou d'un autre point de contact.",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    consequences = forms.CharField(
        label="c) Conséquences probables",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    measures = forms.CharField(
        label="d) Mesures prises ou envisagées",
        help_text="Pour remédier à la violation et, le cas échéant, en limiter les effets négatifs.",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    delay = forms.CharField(
        label="Motifs du retard",
        required=False,
        help_text="Obligatoires si la notification part plus de 72 heures après la découverte (art. 33(1)).",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, lenient: bool = False, late: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if lenient:
            for field in self.fields.values():
                field.required = False
        elif late:
            # Shown as required, and refused empty, once the 72 hours are past.
            self.fields["delay"].required = True
            self.fields["delay"].error_messages["required"] = (
                "Les 72 heures sont passées : donnez les motifs du retard (RGPD art. 33(1))."
            )
        self.fields["kind"].required = False

    def clean(self):
        data = super().clean()
        if not data.get("kind"):
            data["kind"] = NoticeKind.INITIAL
        return data


class RuledCharField(forms.CharField):
    """A text whose emptiness the form's rule judges, not the field: `required`
    only shows it as required (no « (facultatif) »), because whether it is
    depends on another field (the reasons for a delay, on the date entered)."""

    def validate(self, value):
        if value not in self.empty_values:
            super().validate(value)


class FulfilmentForm(forms.Form):
    """When and how an obligation was met (a correction is the same form,
    starting from the values of `current`, the record it corrects).

    What is required is `Proof.required()`, which the action checks too: a
    field is marked « (facultatif) » exactly when the action accepts it empty.
    """

    done_date = forms.DateField(
        label="Fait le", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    done_time = forms.TimeField(
        label="à", widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    channel = forms.ChoiceField(widget=forms.RadioSelect)
    reference = forms.CharField(max_length=200, required=False)
    evidence = forms.CharField(
        label="Preuve conservée",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    delay_reasons = RuledCharField(
        label="Motifs du retard",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Obligatoires si la notification est partie plus de 72 heures après la "
        "découverte (RGPD art. 33(1)).",
    )

    def __init__(self, *args, incident: Incident, key: str, current=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.incident, self.key = incident, key
        proof = PROOFS[key]
        if current is not None:
            self.initial.update(recorded_values(current))
        now = timezone.localtime().replace(second=0, microsecond=0)
        self.initial.setdefault("done_date", now.date())
        self.initial.setdefault("done_time", now.time())
        self.fields["done_date"].label = f"{proof.done[:1].upper()}{proof.done[1:]} le"
        self.fields["done_date"].help_text = (
            "Le moment où cela a été fait, même s'il est passé : pas avant la découverte, "
            "pas dans le futur."
        )
        if proof.channels:
            self.fields["channel"].label = proof.channel_label
            self.fields["channel"].choices = [(c.value, c.label) for c in proof.channels]
            self.fields["channel"].error_messages["required"] = (
                f"Choisissez : {proof.channel_label.lower()} ?"
            )
        else:
            del self.fields["channel"]
        if proof.reference:
            self.fields["reference"].label = proof.reference
        else:
            del self.fields["reference"]
        self.fields["evidence"].help_text = proof.evidence_help
        if not proof.delay_reasons:
            del self.fields["delay_reasons"]
        shown = self._shown_done_at()
        for name, field in self.fields.items():
            if name in ("reference", "channel", "evidence", "delay_reasons"):
                field.required = proof.required(
                    name, aware_at=incident.discovered_at, done_at=shown
                )
        if "delay_reasons" in self.fields and self.fields["delay_reasons"].required:
            due = timezone.localtime(hours_after(incident.discovered_at, CNIL_HOURS))
            self.fields["delay_reasons"].help_text = (
                f"Les 72 heures ont pris fin le {due:%d/%m/%Y à %H:%M} : une notification "
                "faite après doit en donner les motifs (RGPD art. 33(1))."
            )

    def _shown_done_at(self) -> datetime | None:
        """The time the form holds: the one entered, or else the one it starts from."""
        if self.is_bound:
            try:
                day = self.fields["done_date"].clean(self.data.get("done_date"))
                hour = self.fields["done_time"].clean(self.data.get("done_time"))
            except forms.ValidationError:
                return None
        else:
            day, hour = self.initial["done_date"], self.initial["done_time"]
        return datetime.combine(day, hour, timezone.get_current_timezone())

    def done_at(self) -> datetime:
        tz = timezone.get_current_timezone()
        return datetime.combine(self.cleaned_data["done_date"], self.cleaned_data["done_time"], tz)

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            "done_at": self.done_at(),
            "reference": data.get("reference", ""),
            "channel": data.get("channel", ""),
            "evidence": data.get("evidence", ""),
            "delay_reasons": data.get("delay_reasons", ""),
        }

    def clean(self):
        data = super().clean()
        if not (data.get("done_date") and data.get("done_time")):
            return data
        for name, message in fulfilment_errors(self.incident, self.key, **self.values()).items():
            if name not in self.errors:
                self.add_error(name if name in self.fields else None, message)
        return data


def recorded_values(record) -> dict:
    """A fulfilment's values as its form holds them: a correction starts there."""
    done_at = timezone.localtime(record.done_at)
    return {
        "done_date": done_at.date(),
        "done_time": done_at.time().replace(second=0, microsecond=0),
        "reference": record.reference,
        "channel": record.channel,
        "evidence": record.evidence,
        "delay_reasons": record.delay_reasons,
    }


class RegisterPolicyForm(forms.Form):
    retention = forms.CharField(
        label="Durée de conservation du registre",
        max_length=200,
        help_text="Par exemple : 5 ans après la clôture de chaque incident.",
    )
    ground = forms.CharField(
        label="Justification",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Le RGPD impose le registre (art. 33(5)) sans fixer sa durée : dites pourquoi vous avez choisi celle-ci.",
    )


class ComplaintMemoForm(forms.Form):
    """The memo a practitioner takes to the police, the gendarmerie or the procureur."""

    facts = forms.CharField(
        label="Les faits",
        help_text="Ce qui s'est passé, ce qui a été vu, et depuis quand.",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    evidence = forms.CharField(
        label="Les preuves conservées",
        help_text="Poste laissé en l'état, copie du disque, captures d'écran, messages reçus, journaux du prestataire…",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    losses = forms.CharField(
        label="Le préjudice",
        required=False,
        help_text="Activité interrompue, frais engagés, données perdues ou divulguées.",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class PatientLetterForm(forms.Form):
    """The letter to the persons concerned, RGPD art. 34(2): clear and simple
    terms, and what art. 33(3)(b), (c) and (d) ask."""

    what = forms.CharField(
        label="Ce qui s'est passé",
        help_text="En termes simples : ce qui est arrivé à vos données, et quand.",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    consequences = forms.CharField(
        label="Ce que cela peut avoir comme conséquences pour vous",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    measures = forms.CharField(
        label="Ce que nous avons fait, et ce que vous pouvez faire",
        help_text="Ajoutez ce que la personne peut faire elle-même : par exemple, se méfier "
        "des messages qui se recommandent du cabinet et demandent des informations.",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    contact = forms.CharField(
        label="Qui contacter pour en savoir plus",
        help_text="Le cabinet, son adresse, un téléphone ou un e-mail, et votre DPO ou "
        "référent si vous en avez un : repris de votre registre RGPD.",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_contact(self) -> str:
        contact = self.cleaned_data["contact"]
        if not (any(phones.spans(contact)) or EMAIL.search(contact)):
            raise forms.ValidationError(
                "Indiquez un téléphone ou une adresse e-mail où l'on peut vous joindre "
                "(RGPD art. 34(2) et 33(3)(b))."
            )
        return contact


EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.\w+")


class CloseForm(forms.Form):
    """The lessons learned and, when the organisation has a diagnostic, the
    measures to put in its plan: those the incident's kind calls to review are
    ticked, another can be added. With required obligations not met (`unmet`),
    a confirmation and its reason."""

    lessons = forms.CharField(
        label="Ce que l'incident vous a appris",
        help_text="Ce qui a manqué, ce qui a marché, ce que vous changez.",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    measures = forms.MultipleChoiceField(
        label="Mesures à ajouter au plan d'action du diagnostic",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    other_measure = forms.ChoiceField(
        label="Une autre mesure (facultatif)", required=False, widget=PlainSelect
    )

    confirm_unmet = forms.BooleanField(
        label="Je clos l'incident bien que ces obligations ne soient pas remplies",
        label_suffix="",
        error_messages={
            "required": "Cochez la case pour clore l'incident malgré les obligations non "
            "remplies, ou enregistrez-les d'abord comme faites."
        },
    )
    unmet_reason = forms.CharField(
        label="Motif",
        help_text="Pourquoi clore malgré tout : par exemple, la notification a été faite par "
        "votre DPO hors d'Hygie. Il figure dans la chronologie et le rapport de clôture.",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Donnez le motif de la clôture malgré ces obligations."},
    )

    def __init__(self, *args, suggested=(), with_plan=True, unmet=(), **kwargs):
        super().__init__(*args, **kwargs)
        if not unmet:
            del self.fields["confirm_unmet"], self.fields["unmet_reason"]
        if not with_plan:
            del self.fields["measures"], self.fields["other_measure"]
            return
        from hygie.diagnostic.measures import catalogue

        by_key = catalogue().by_key
        suggested = [k for k in suggested if k in by_key]
        self.fields["measures"].choices = [(k, by_key[k].action) for k in suggested]
        self.fields["measures"].initial = suggested
        self.fields["other_measure"].choices = [("", "—")] + [
            (m.key, m.action) for m in by_key.values() if m.key not in suggested
        ]

    def chosen_measures(self) -> list[str]:
        data = self.cleaned_data
        return list(data.get("measures", [])) + (
            [data["other_measure"]] if data.get("other_measure") else []
        )
