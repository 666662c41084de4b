"""Small surveys built in a few lines, and answers submitted straight to the
database, for the results' tests."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from hygie.surveys.models import Answer, Question, Response, Survey

PROFESSIONS = [
    {"key": "medecin", "label": "Médecin"},
    {"key": "infirmier", "label": "Infirmier ou infirmière"},
    {"key": "sage-femme", "label": "Sage-femme"},
]
SETTINGS = [
    {"key": "seul", "label": "Libéral seul"},
    {"key": "groupe", "label": "Cabinet de groupe"},
    {"key": "msp", "label": "MSP"},
]
YES_NO = [{"key": "oui", "label": "Oui"}, {"key": "non", "label": "Non"}]


def make_survey(org, title: str = "Pratiques RGPD 2026", **fields) -> Survey:
    """A survey of five questions: profession and setting (the breakdowns), a
    yes/no, a multiple choice, a scale, a number, a free text."""
    survey = Survey.objects.create(org=org, title=title, status=Survey.Status.OPEN, **fields)
    questions = [
        dict(key="profession", kind="single", choices=PROFESSIONS, breakdown="profession"),
        dict(key="exercice", kind="single", choices=SETTINGS, breakdown="setting"),
        dict(key="mssante", kind="single", choices=YES_NO, text="Utilisez-vous MSSanté ?"),
        dict(
            key="sauvegardes",
            kind="multiple",
            choices=[
                {"key": "disque", "label": "Disque externe"},
                {"key": "cloud", "label": "Hébergeur"},
                {"key": "aucune", "label": "Aucune"},
            ],
        ),
        dict(
            key="confiance",
            kind="scale",
            scale_min=1,
            scale_max=5,
            scale_min_label="Pas du tout",
            scale_max_label="Tout à fait",
        ),
        dict(key="postes", kind="number", number_min=0, number_max=15),
        dict(key="remarques", kind="text"),
    ]
    for position, q in enumerate(questions):
        q.setdefault("text", f"Question {q['key']}")
        Question.objects.create(survey=survey, position=position, **q)
    return survey


def submit(survey: Survey, when: datetime | None = None, excluded=False, **answers) -> Response:
    """One response: `profession="medecin", sauvegardes=["disque"], confiance=4`."""
    response = Response.objects.create(
        survey=survey,
        submitted_at=when or timezone.now(),
        excluded=excluded,
        channel=Response.Channel.PUBLIC,
    )
    questions = {q.key: q for q in survey.questions.all()}
    rows = []
    for key, value in answers.items():
        q = questions[key]
        if q.kind == Question.Kind.MULTIPLE:
            rows += [Answer(response=response, question=q, choice=v) for v in value]
        elif q.kind == Question.Kind.SCALE:
            rows.append(Answer(response=response, question=q, choice=str(value), number=value))
        elif q.kind == Question.Kind.NUMBER:
            rows.append(Answer(response=response, question=q, number=value))
        elif q.kind == Question.Kind.TEXT:
            rows.append(Answer(response=response, question=q, text=value))
        else:
            rows.append(Answer(response=response, question=q, choice=value))
    Answer.objects.bulk_create(rows)
    return response


def submit_many(survey: Survey, n: int, **answers) -> None:
    for _ in range(n):
        submit(survey, **answers)
