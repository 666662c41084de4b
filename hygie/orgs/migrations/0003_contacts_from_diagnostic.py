"""The practice's emergency contacts belong to the organisation, no longer to
the diagnostic.

No row is copied: the model changes owner in Django's state only, then its
table is renamed (diagnostic_contacts → orgs_contacts), which SQLite and
PostgreSQL do in place, keeping the rows, their ids and the foreign keys. The
content type follows the model, so that what points at it keeps pointing at
the same rows. Journal entries already written keep the name they were sealed
with (« diagnostic.contacts »).
"""

import django.db.models.deletion
import django.utils.timezone
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
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Contacts",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("prestataire", models.CharField(blank=True, max_length=200, verbose_name="prestataire informatique")),
                        ("prestataire_tel", models.CharField(blank=True, max_length=40, verbose_name="son téléphone")),
                        ("editeur", models.CharField(blank=True, max_length=200, verbose_name="éditeur du logiciel de cabinet")),
                        ("editeur_tel", models.CharField(blank=True, max_length=40, verbose_name="son assistance")),
                        ("assureur", models.CharField(blank=True, max_length=200, verbose_name="assureur (contrat cyber ou responsabilité)")),
                        ("assureur_tel", models.CharField(blank=True, max_length=40, verbose_name="son téléphone")),
                        ("contrat", models.CharField(blank=True, max_length=80, verbose_name="n° de contrat")),
                        ("referent", models.CharField(blank=True, max_length=200, verbose_name="référent ou DPO")),
                        ("referent_tel", models.CharField(blank=True, max_length=40, verbose_name="son téléphone")),
                        ("cyber_regional", models.CharField(blank=True, max_length=200, verbose_name="assistance cyber de votre région")),
                        ("cyber_regional_tel", models.CharField(blank=True, max_length=40, verbose_name="son téléphone")),
                        ("updated", models.DateTimeField(default=django.utils.timezone.now)),
                        ("org", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name="emergency_contacts", to="orgs.organisation")),
                    ],
                    options={
                        "verbose_name": "contacts d'urgence",
                        "db_table": "diagnostic_contacts",
                    },
                ),
            ],
        ),
        migrations.AlterModelTable(name="contacts", table=None),
        migrations.RunPython(
            content_type_mover("diagnostic", "orgs", "contacts"),
            content_type_mover("orgs", "diagnostic", "contacts"),
        ),
    ]
