"""The kinds of block a letter is made of: the form that edits each, and what
its templates show (newsletter/_block.html for pages, and the e-mail's
emails/newsletter_letter-body.html and .txt).

The animateur's text is plain text: escaped, paragraphs kept, addresses
turned into links. Réflexes and quiz questions come from the content
library, shown with their sources.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.conf import settings
from django.core.validators import URLValidator
from django.utils import timezone

from hygie.content import library
from hygie.newsletter.models import Block

K = Block.Kind
TRAINING_ROWS = 4
QUIZ_COLLECTION = "quiz-questions"


class LinkField(forms.URLField):
    default_validators = [URLValidator(schemes=["http", "https"])]
    default_error_messages = {"invalid": "Saisissez une adresse web complète (https://…)."}

    def __init__(self, **kwargs):
        kwargs.setdefault("assume_scheme", "https")
        kwargs.setdefault("max_length", 500)
        super().__init__(**kwargs)


def reflex_choices() -> list[tuple[str, str]]:
    return [(r["id"], f"{r.get('number', '')}. {r['title']}") for r in library.items("reflexes")]


def quiz_choices() -> list[tuple[str, str]]:
    return [(q["id"], q["text"][:120]) for q in library.items(QUIZ_COLLECTION)]


class ReflexForm(forms.Form):
    item = forms.ChoiceField(label="Réflexe", choices=())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = reflex_choices()


class NewsForm(forms.Form):
    title = forms.CharField(label="Titre", max_length=150)
    text = forms.CharField(
        label="Texte",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Texte simple : une ligne vide sépare deux paragraphes ; "
        "les adresses web deviennent des liens.",
    )
    link = LinkField(label="Lien (facultatif)", required=False)


class TrainingsForm(forms.Form):
    """Up to TRAINING_ROWS trainings, each a date, a title, a place and a link."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for i in range(1, TRAINING_ROWS + 1):
            self.fields[f"date_{i}"] = forms.DateField(
                label=f"Formation {i} : date",
                required=False,
                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            )
            self.fields[f"title_{i}"] = forms.CharField(
                label=f"Formation {i} : intitulé", max_length=150, required=False
            )
            self.fields[f"place_{i}"] = forms.CharField(
                label=f"Formation {i} : lieu (ou « en ligne »)", max_length=150, required=False
            )
            self.fields[f"link_{i}"] = LinkField(
                label=f"Formation {i} : lien d'inscription", required=False
            )

    def rows(self):
        for i in range(1, TRAINING_ROWS + 1):
            yield [self[f"{name}_{i}"] for name in ("date", "title", "place", "link")]

    def clean(self):
        data = super().clean()
        items = []
        for i in range(1, TRAINING_ROWS + 1):
            row = {name: data.get(f"{name}_{i}") for name in ("date", "title", "place", "link")}
            if not any(row.values()):
                continue
            if not row["date"] or not row["title"]:
                raise forms.ValidationError(
                    f"Formation {i} : indiquez au moins sa date et son intitulé."
                )
            items.append({**row, "date": row["date"].isoformat()})
        if not items:
            raise forms.ValidationError("Indiquez au moins une formation (date et intitulé).")
        items.sort(key=lambda r: r["date"])
        data["items"] = items
        return data


class SurveyForm(forms.Form):
    survey = forms.ChoiceField(
        label="Une enquête de votre structure",
        required=False,
        help_text="Le lien pour y répondre, ou celui de ses résultats publiés ; "
        "ou laissez vide et saisissez un lien ci-dessous.",
    )
    mode = forms.ChoiceField(
        label="Ce bloc",
        choices=[("appel", "appelle à répondre"), ("resultats", "présente les résultats")],
        widget=forms.RadioSelect,
        initial="appel",
    )
    title = forms.CharField(label="Titre", max_length=150)
    text = forms.CharField(label="Texte", max_length=3000, widget=forms.Textarea(attrs={"rows": 5}))
    link = LinkField(label="Lien (vers l'enquête ou ses résultats)", required=False)

    def __init__(self, *args, region=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.links = survey_links(region) if region is not None else {}
        self.fields["survey"].choices = [("", "—")] + [
            (key, label) for key, (label, _) in self.links.items()
        ]
        if not self.links:
            del self.fields["survey"]

    def clean(self):
        data = super().clean()
        chosen = data.pop("survey", "")
        if chosen:
            data["link"] = self.links[chosen][1]
        if not data.get("link") and not self.errors:
            raise forms.ValidationError("Choisissez une enquête ou saisissez un lien.")
        return data


def survey_links(region) -> dict[str, tuple[str, str]]:
    """The region's surveys a subscriber can open: the link to answer one that
    accepts answers, the link to the published results of another."""
    from hygie.surveys.models import Survey

    now = timezone.now()
    links = {}
    for survey in Survey.objects.filter(org=region).order_by("-created"):
        if survey.is_accepting(now):
            links[f"repondre-{survey.pk}"] = (
                f"{survey.title} — lien pour répondre",
                survey.public_url(),
            )
        if survey.results_published:
            links[f"resultats-{survey.pk}"] = (
                f"{survey.title} — résultats publiés",
                settings.SITE_URL + survey.results_path(),
            )
    return links


class QuizForm(forms.Form):
    item = forms.ChoiceField(label="Question", choices=())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = quiz_choices()


FORMS: dict[str, type[forms.Form]] = {
    K.REFLEX: ReflexForm,
    K.NEWS: NewsForm,
    K.TRAININGS: TrainingsForm,
    K.SURVEY: SurveyForm,
    K.QUIZ: QuizForm,
}


def form_for(kind: str, *, data=None, block: Block | None = None, region=None) -> forms.Form:
    initial = initial_of(block) if block is not None else None
    if kind == K.SURVEY:
        return SurveyForm(data=data, initial=initial, region=region)
    return FORMS[kind](data=data, initial=initial)


def initial_of(block: Block) -> dict[str, Any]:
    if block.kind == K.TRAININGS:
        initial = {}
        for i, row in enumerate(block.data.get("items", []), start=1):
            for name, value in row.items():
                initial[f"{name}_{i}"] = value
        return initial
    return dict(block.data)


def data_of(kind: str, form: forms.Form) -> dict[str, Any]:
    """What a valid form stores in Block.data."""
    cleaned = form.cleaned_data
    if kind == K.TRAININGS:
        return {"items": cleaned["items"]}
    if kind in (K.REFLEX, K.QUIZ):
        return {"item": cleaned["item"]}
    return {name: cleaned[name] for name in form.fields if name in cleaned}


def shown(block: Block) -> dict[str, Any]:
    """What the templates of a block show."""
    data = block.data
    if block.kind == K.REFLEX:
        item = library.get("reflexes", data.get("item", "")) or {}
        return {"item": item, "sources": library.cite(item.get("source", []))}
    if block.kind == K.QUIZ:
        item = library.get(QUIZ_COLLECTION, data.get("item", "")) or {}
        return {
            "item": item,
            "answers": [o["text"] for o in item.get("options", []) if o.get("correct")],
            "sources": library.cite(item.get("source", [])),
        }
    if block.kind == K.TRAININGS:
        return {
            "items": [
                {**row, "date": date.fromisoformat(row["date"])} for row in data.get("items", [])
            ]
        }
    return dict(data)


def shown_blocks(issue) -> list[dict[str, Any]]:
    return [
        {"block": b, "kind": b.kind, "label": b.get_kind_display(), **shown(b)}
        for b in issue.blocks.all()
    ]
