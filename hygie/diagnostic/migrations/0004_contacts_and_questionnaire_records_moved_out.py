"""The emergency contacts now belong to the organisation (orgs) and the records
of supplier questionnaires to the register (rgpd_register): their migrations
took over the models and their tables, rows kept; the diagnostic forgets them,
in Django's state only."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("diagnostic", "0003_answer_carried_from_previous_diagnostic"),
        ("orgs", "0003_contacts_from_diagnostic"),
        ("rgpd_register", "0003_questionnairerecord_from_diagnostic"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="Contacts"),
                migrations.DeleteModel(name="QuestionnaireRecord"),
            ],
        ),
    ]
