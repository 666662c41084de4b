# A step's request is a patient's request: named so, the HTTP request alone is `request`.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('rights', '0001_initial'),
    ]

    operations = [
        migrations.RenameField(
            model_name='requestevent',
            old_name='request',
            new_name='patient_request',
        ),
    ]
