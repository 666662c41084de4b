"""The animateur's forms: a survey's settings, its sections and questions."""

from __future__ import annotations

from django import forms
from django.utils.text import slugify

from hygie.surveys.answering import condition_problem
from hygie.surveys.models import Question, Section, Survey

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class NewSurveyForm(forms.Form):
    BLANK = "vierge"
    start = forms.ChoiceField(label="Point de départ", widget=forms.RadioSelect)
    title = forms.CharField(
        label="Titre",
        max_length=150,
        required=False,
        help_text="Laissez vide pour garder le titre de l'enquête prête à l'emploi.",
    )
    previous = forms.ModelChoiceField(
        label="Campagne précédente, à comparer",
        queryset=Survey.objects.none(),
        required=False,
        empty_label="Aucune : c'est la première campagne",
    )

    def __init__(self, *args, org, templates: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["start"].choices = [
            (t["id"], f"L'enquête prête à l'emploi « {t['title']} »") for t in templates
        ] + [(self.BLANK, "Une enquête vierge, à composer")]
        self.fields["previous"].queryset = Survey.objects.filter(org=org)
        if templates:
            self.fields["start"].initial = templates[0]["id"]

    def clean(self):
        data = super().clean()
        if data.get("start") == self.BLANK and not data.get("title"):
            self.add_error("title", "Donnez un titre à l'enquête vierge.")
        return data


class SettingsForm(forms.ModelForm):
    class Meta:
        model = Survey
        fields = ["title", "intro", "audience", "opens_at", "closes_at", "previous"]
        widgets = {"opens_at": DATETIME, "closes_at": DATETIME}
        help_texts = {
            "opens_at": "Vide : dès que vous l'ouvrez.",
            "closes_at": "Vide : jusqu'à ce que vous la fermiez.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["previous"].queryset = Survey.objects.filter(org=self.instance.org).exclude(
            pk=self.instance.pk
        )
        self.fields["previous"].empty_label = "Aucune"

    def clean(self):
        data = super().clean()
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", "La clôture doit venir après l'ouverture.")
        return data


class SectionForm(forms.ModelForm):
    class Meta:
        model = Section
        fields = ["title", "intro"]


class QuestionForm(forms.ModelForm):
    """A question. Choices are written one per line, as « clé | libellé » or
    just a label (its key is made from it); a condition names an earlier
    question and the answers that show this one."""

    choices_text = forms.CharField(
        label="Réponses proposées",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Une par ligne. Pour garder la même clé d'une campagne à l'autre : "
        "« clé | libellé ».",
    )
    condition_question = forms.ChoiceField(
        label="Ne poser cette question que si la question…", required=False
    )
    condition_answers = forms.CharField(
        label="…a reçu l'une de ces réponses (clés séparées par des virgules)",
        required=False,
        max_length=300,
    )

    class Meta:
        model = Question
        fields = [
            "section",
            "kind",
            "key",
            "text",
            "help",
            "required",
            "scale_min",
            "scale_max",
            "scale_min_label",
            "scale_max_label",
            "number_min",
            "number_max",
            "breakdown",
        ]
        labels = {
            "scale_min": "Échelle : de",
            "scale_max": "Échelle : à",
            "scale_min_label": "Libellé du bas de l'échelle",
            "scale_max_label": "Libellé du haut de l'échelle",
            "number_min": "Nombre minimum",
            "number_max": "Nombre maximum",
            "breakdown": "Répartir les résultats selon cette question",
        }
        help_texts = {
            "key": "Lettres minuscules, chiffres et tirets. Gardez la même clé d'une "
            "campagne à l'autre pour les comparer.",
        }

    def __init__(self, *args, survey: Survey, wording_only: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.survey = survey
        self.wording_only = wording_only
        self.fields["section"].queryset = survey.sections.all()
        self.fields["section"].empty_label = "Sans section"
        self.fields["key"].required = False
        earlier = survey.questions.filter(kind__in=[Question.Kind.SINGLE, Question.Kind.MULTIPLE])
        if self.instance.pk:
            earlier = earlier.filter(position__lt=self.instance.position)
        self.earlier = {q.key: [c["key"] for c in q.choices] for q in earlier}
        self.fields["condition_question"].choices = [("", "Toujours poser la question")] + [
            (q.key, q.text) for q in earlier
        ]
        if self.instance.pk:
            self.initial["choices_text"] = "\n".join(
                f"{c['key']} | {c['label']}" for c in self.instance.choices
            )
            if self.instance.show_if:
                self.initial["condition_question"] = self.instance.show_if["question"]
                self.initial["condition_answers"] = ", ".join(self.instance.show_if["answers"])
        if wording_only:
            # Answers exist: only what fixes a wording stays editable.
            for name, field in self.fields.items():
                if name not in ("text", "help", "choices_text"):
                    field.disabled = True
            self.fields["choices_text"].help_text = (
                "Des réponses existent : vous pouvez corriger les libellés, pas les clés "
                "ni le nombre de réponses."
            )

    def clean_key(self):
        key = self.cleaned_data.get("key") or slugify(self.data.get("text", ""))[:60]
        if not key:
            raise forms.ValidationError("Donnez une clé à la question.")
        taken = self.survey.questions.filter(key=key).exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError("Une autre question de l'enquête a déjà cette clé.")
        return key

    def clean_choices_text(self):
        choices = []
        for line in self.cleaned_data.get("choices_text", "").splitlines():
            line = line.strip()
            if not line:
                continue
            key, _, label = line.partition("|")
            key, label = (key.strip(), label.strip()) if label else ("", key.strip())
            key = slugify(key or label)[:60]
            if not key or not label:
                raise forms.ValidationError(f"Ligne incomplète : « {line} ».")
            if key in [c["key"] for c in choices]:
                raise forms.ValidationError(f"Deux réponses ont la même clé : « {key} ».")
            choices.append({"key": key, "label": label[:150]})
        return choices

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        choices = data.get("choices_text") or []
        if self.wording_only:
            old = [c["key"] for c in self.instance.choices]
            if [c["key"] for c in choices] != old:
                self.add_error(
                    "choices_text",
                    "Des réponses existent : gardez les mêmes clés, dans le même ordre.",
                )
            return data
        if kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE) and len(choices) < 2:
            self.add_error("choices_text", "Proposez au moins deux réponses, une par ligne.")
        if kind == Question.Kind.SCALE:
            low, high = data.get("scale_min"), data.get("scale_max")
            if low is None or high is None or not (0 <= low < high <= 10):
                self.add_error(
                    "scale_max", "Une échelle va d'un nombre à un plus grand, de 0 à 10."
                )
        if kind == Question.Kind.NUMBER:
            low, high = data.get("number_min"), data.get("number_max")
            if low is not None and high is not None and low >= high:
                self.add_error("number_max", "Le maximum doit dépasser le minimum.")
        if data.get("breakdown") and kind != Question.Kind.SINGLE:
            self.add_error("breakdown", "Seule une question à choix unique répartit les résultats.")
        show_if = None
        if data.get("condition_question"):
            answers = [a.strip() for a in data.get("condition_answers", "").split(",") if a.strip()]
            show_if = {"question": data["condition_question"], "answers": answers}
        problem = condition_problem(show_if, self.earlier)
        if problem:
            self.add_error("condition_answers", problem)
        data["show_if"] = show_if
        return data

    def save(self, commit: bool = True) -> Question:
        question = super().save(commit=False)
        question.choices = self.cleaned_data.get("choices_text") or []
        if not self.wording_only:
            if not question.has_choices:
                question.choices = []
            question.show_if = self.cleaned_data.get("show_if")
        if commit:
            question.save()
        return question


class InvitationsForm(forms.Form):
    addresses = forms.CharField(
        label="Adresses e-mail des personnes à inviter",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Collez-les telles quelles : une par ligne, ou séparées par des virgules "
        "ou des points-virgules. Les doublons sont ignorés.",
    )
