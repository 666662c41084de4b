"""Two pairs of measures asked the same thing and counted it twice: the
content library keeps one of each (diagnostic-measures, version 2). Answers
and plan actions of the measure removed are carried over to the one kept,
without ever giving an assessment two answers or an organisation two actions
for one measure.

The kept measures' wording is frozen here as it was when they were folded.
"""

from django.db import migrations

FOLDED = {
    # Asked under « Anticiper les incidents » and again under the contracts.
    "assurance-cyber": {
        "into": "contrat-assurance-cyber",
        "version": 1,
        "theme": "contrats",
        "title": "Relire son assurance : garanties cyber, mesures exigées et plainte sous 72 heures",
        # Same value on both scales (3, 1, 0).
        "choices": {"oui": "lu", "flou": "non_lu", "non": "rien", "nsp": "nsp"},
    },
    # « Chacun sait-il quoi faire face à une cyberattaque » and « toutes les
    # personnes savent-elles quoi faire dans les premières minutes ».
    "procedure-incident": {
        "into": "reflexe-premiers-gestes",
        "version": 1,
        "theme": "fiche-reflexe",
        "title": "Apprendre à toute l'équipe les premiers gestes en cas d'attaque",
        "choices": {"oui": "oui", "partiel": "partie", "non": "non", "nsp": "nsp"},
    },
}
OPEN = ("todo", "doing")
PLAN_KEY = "plan"


def fold_answers(Answer, removed: str, kept: dict) -> None:
    """An assessment that answered both keeps its answer to the measure kept."""
    both = Answer.objects.filter(measure=kept["into"]).values("assessment_id")
    Answer.objects.filter(measure=removed, assessment_id__in=both).delete()
    for answer in Answer.objects.filter(measure=removed):
        answer.measure = kept["into"]
        answer.measure_version = kept["version"]
        answer.choice = kept["choices"].get(answer.choice, "nsp")
        answer.save(update_fields=["measure", "measure_version", "choice"])


def fold_actions(Action, deadlines, removed: str, kept: dict) -> None:
    """An organisation's action of the removed measure becomes the kept
    measure's action; if it has both, the kept one takes what it lacks (owner,
    date, evidence, note) and the other goes, its échéance with it unless the
    date it carries moves over."""
    title = kept["title"]
    for gone in Action.objects.filter(measure=removed):
        its_deadlines = deadlines.filter(subject_id=str(gone.pk), key=PLAN_KEY)
        action = Action.objects.filter(org_id=gone.org_id, measure=kept["into"]).first()
        if action is None:
            gone.measure, gone.theme, gone.title = kept["into"], kept["theme"], title
            gone.save(update_fields=["measure", "theme", "title"])
            its_deadlines.update(title=f"Plan d'action : {title}"[:200])
            continue
        if not action.owner_id:
            action.owner_id = gone.owner_id
        if not action.evidence:
            action.evidence = gone.evidence
        if gone.note and gone.note not in action.note:
            action.note = "\n\n".join(n for n in (action.note, gone.note) if n)[:2000]
        date_moves = (
            gone.due_on is not None
            and action.due_on is None
            and action.status in OPEN
            and not deadlines.filter(subject_id=str(action.pk), key=PLAN_KEY).exists()
        )
        if date_moves:
            action.due_on = gone.due_on
            for deadline in its_deadlines:
                deadline.subject_id = str(action.pk)
                deadline.title = f"Plan d'action : {action.title}"[:200]
                suffix = f"/{gone.pk}/"
                if deadline.url.endswith(suffix):
                    deadline.url = f"{deadline.url[: -len(suffix)]}/{action.pk}/"
                deadline.save(update_fields=["subject_id", "title", "url"])
        else:
            its_deadlines.delete()
        action.save(update_fields=["owner_id", "evidence", "note", "due_on"])
        gone.delete()


def fold_measures(apps, schema_editor, plan_model: str = "Action") -> None:
    """`plan_model` names the plan's model as this migration knew it; its
    tests run the fold on today's models, where it is PlanItem (0005)."""
    Answer = apps.get_model("diagnostic", "Answer")
    Action = apps.get_model("diagnostic", plan_model)
    Deadline = apps.get_model("deadlines", "Deadline")
    ContentType = apps.get_model("contenttypes", "ContentType")
    action_type = ContentType.objects.filter(
        app_label="diagnostic", model=plan_model.lower()
    ).first()
    deadlines = (
        Deadline.objects.filter(subject_type=action_type)
        if action_type
        else Deadline.objects.none()
    )
    for removed, kept in FOLDED.items():
        fold_answers(Answer, removed, kept)
        fold_actions(Action, deadlines, removed, kept)


class Migration(migrations.Migration):
    dependencies = [
        ("diagnostic", "0001_initial"),
        ("deadlines", "0002_reminder_hours"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(fold_measures, migrations.RunPython.noop)]
