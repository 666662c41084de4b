"""The cyberquiz's forms: composing a quiz, a private question, a player's PIN and pseudonym."""

from __future__ import annotations

from django import forms

from hygie.lib.parse import parse_int
from hygie.quiz.models import OrgQuestion, Quiz

THEMES = {
    "mots-de-passe": "Mots de passe",
    "authentification": "Double authentification",
    "hameconnage": "Hameçonnage et arnaques",
    "messagerie-sante": "Messagerie de santé",
    "supports-amovibles": "Clés USB et supports",
    "mises-a-jour": "Mises à jour",
    "sauvegardes": "Sauvegardes",
    "mobilite-wifi": "Mobilité et Wi-Fi",
    "messageries-instantanees": "Messageries instantanées",
    "ia": "Outils d'IA",
    "photos": "Photos de patients",
    "rgpd": "RGPD",
    "identitovigilance": "Identitovigilance",
    "incidents": "Incidents",
    "plainte": "Dépôt de plainte",
}


# Timings and rules a quiz hands on to each game launched from it.
GAME_SETTINGS = ("seconds", "question_delay", "speed", "streak_bonus")


class ComposeForm(forms.ModelForm):
    seconds = forms.IntegerField(
        label="Secondes pour répondre", min_value=5, max_value=120, initial=20
    )
    question_delay = forms.IntegerField(
        label="Secondes de question seule avant les réponses", min_value=0, max_value=30, initial=5
    )
    questions = forms.MultipleChoiceField(
        label="Questions", widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choisissez au moins une question."},
    )  # fmt: skip

    class Meta:
        model = Quiz
        fields = ["title", *GAME_SETTINGS, "shared", "questions"]
        labels = {
            "title": "Titre du quiz",
            "shared": "Partager avec l'équipe",
            "speed": "La rapidité compte (sinon : précision seule)",
            "streak_bonus": "Bonus de série",
        }

        help_texts = {
            "shared": "Les membres de votre structure peuvent alors le voir, le modifier, "
            "le lancer et le dupliquer ; sinon, vous seul."
        }

    def __init__(self, *args, choices=(), may_share=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["questions"].choices = choices
        if not may_share:
            # Only its author shares a quiz or takes it back.
            self.fields["shared"].disabled = True
            self.fields["shared"].help_text = "Seul l'auteur du quiz peut changer ce choix."

    def clean_questions(self) -> list[str]:
        """The questions ticked, in the order of the numbers typed beside them
        (`ordre-<key>`), then in the order listed (the sort is stable)."""

        def typed(key: str) -> int:
            number = parse_int(self.data.get(f"ordre-{key}"))
            return 999 if number is None else number

        return sorted(self.cleaned_data["questions"], key=typed)


class OrgQuestionForm(forms.Form):
    """A private question: 2 to 4 options, the right ones ticked."""

    type = forms.ChoiceField(
        label="Type", choices=OrgQuestion._meta.get_field("type").choices, widget=forms.RadioSelect
    )
    text = forms.CharField(label="Question", max_length=180)
    truth = forms.ChoiceField(
        label="Pour un « vrai ou faux » : l'affirmation est…",
        choices=[("vrai", "Vraie"), ("faux", "Fausse")],
        widget=forms.RadioSelect,
        required=False,
        help_text="Les réponses proposées sont alors « Vrai » et « Faux » : "
        "les champs de réponse ci-dessous sont ignorés.",
    )
    option_1 = forms.CharField(label="Réponse 1", max_length=80, required=False)
    correct_1 = forms.BooleanField(label="La réponse 1 est juste", required=False)
    option_2 = forms.CharField(label="Réponse 2", max_length=80, required=False)
    correct_2 = forms.BooleanField(label="La réponse 2 est juste", required=False)
    option_3 = forms.CharField(label="Réponse 3", max_length=80, required=False)
    correct_3 = forms.BooleanField(label="La réponse 3 est juste", required=False)
    option_4 = forms.CharField(label="Réponse 4", max_length=80, required=False)
    correct_4 = forms.BooleanField(label="La réponse 4 est juste", required=False)
    explanation = forms.CharField(
        label="Explication montrée après la réponse",
        max_length=400,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    theme = forms.ChoiceField(label="Thème", choices=list(THEMES.items()))
    source = forms.CharField(
        label="Source", max_length=300, help_text="Le texte ou le guide qui fonde la réponse."
    )

    def clean(self):
        data = super().clean()
        options = [
            {"text": data[f"option_{i}"].strip(), "correct": data.get(f"correct_{i}", False)}
            for i in range(1, 5)
            if data.get(f"option_{i}", "").strip()
        ]
        right = sum(o["correct"] for o in options)
        kind = data.get("type")
        if kind == "vrai_faux":
            if not data.get("truth"):
                self.add_error("truth", "Dites si l'affirmation est vraie ou fausse.")
                return data
            options = [
                {"text": "Vrai", "correct": data["truth"] == "vrai"},
                {"text": "Faux", "correct": data["truth"] == "faux"},
            ]
        elif len(options) < 2:
            raise forms.ValidationError("Proposez au moins deux réponses.")
        elif kind == "choix_unique" and right != 1:
            raise forms.ValidationError("Cochez exactement une réponse juste.")
        elif kind == "choix_multiples" and not (2 <= right < len(options)):
            raise forms.ValidationError(
                "Cochez au moins deux réponses justes, et laissez-en au moins une fausse."
            )
        if len({o["text"].casefold() for o in options}) != len(options):
            raise forms.ValidationError("Deux réponses sont identiques.")
        data["options"] = options
        return data


class PinForm(forms.Form):
    pin = forms.CharField(
        label="Code de la partie (PIN)",
        min_length=6,
        max_length=6,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


class PseudonymForm(forms.Form):
    pseudonym = forms.CharField(label="Ou votre propre pseudonyme", max_length=40, required=False)
