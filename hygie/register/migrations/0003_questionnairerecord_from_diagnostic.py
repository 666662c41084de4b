"""The records of supplier questionnaires sent belong to the register, beside
the processors that point at them, no longer to the diagnostic.

No row is copied: the model changes owner in Django's state only (and the
processors' foreign key with it), then its table is renamed
(diagnostic_questionnairerecord → rgpd_register_questionnairerecord), which
SQLite and PostgreSQL do in place, keeping the rows, their ids and the foreign
keys that reference them. The content type follows the model. Journal entries
already written keep the name they were sealed with.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def content_type_mover(old_app, new_app, model):
    def move(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")
        types = ContentType.objects.using(schema_editor.connection.alias)
        if not types.filter(app_label=new_app, model=model).exists():
            types.filter(app_label=old_app, model=model).update(app_label=new_app)

    return move


class Migration(migrations.Migration):

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("diagnostic", "0003_answer_carried_from_previous_diagnostic"),
        ("orgs", "0002_address_time_zone"),
        ("rgpd_register", "0002_texts_fit_to_send"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="QuestionnaireRecord",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("questionnaire", models.CharField(max_length=80, verbose_name="questionnaire")),
                        ("provider", models.CharField(max_length=200, verbose_name="prestataire")),
                        ("sent_on", models.DateField(default=django.utils.timezone.localdate, verbose_name="envoyé le")),
                        ("returned_on", models.DateField(blank=True, null=True, verbose_name="retourné signé le")),
                        ("note", models.CharField(blank=True, max_length=300, verbose_name="remarque")),
                        ("created_by", models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
                        ("org", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="questionnaire_records", to="orgs.organisation")),
                    ],
                    options={
                        "verbose_name": "questionnaire fournisseur",
                        "ordering": ["-sent_on", "-pk"],
                        "db_table": "diagnostic_questionnairerecord",
                    },
                ),
                migrations.AlterField(
                    model_name="processor",
                    name="questionnaire",
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to="rgpd_register.questionnairerecord", verbose_name="questionnaire fournisseur"),
                ),
            ],
        ),
        migrations.AlterModelTable(name="questionnairerecord", table=None),
        migrations.RunPython(
            content_type_mover("diagnostic", "rgpd_register", "questionnairerecord"),
            content_type_mover("rgpd_register", "diagnostic", "questionnairerecord"),
        ),
    ]
