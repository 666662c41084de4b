"""An item of the plan is a PlanItem, no longer an Action: in the code,
« action » also names what the journal records (`record(action=…)`) and the
module of each app's changes (`actions.py`).

No row is copied: the table is renamed (diagnostic_action →
diagnostic_planitem), which SQLite and PostgreSQL do in place, keeping the
rows and their ids. The content type is renamed in place too, so that the
deadlines whose subject is a plan item (a generic foreign key to it) and the
permissions keep pointing at it; Django's `migrate` does the same on its own,
this makes it so however the migration is run. The related names, the index
and the unique constraint take the new name. Journal entries already written
keep the object type they were sealed with (`diagnostic.action`).
"""

from django.conf import settings
from django.db import migrations, models

OLD, NEW = "action", "planitem"


def renamer(old: str, new: str):
    """Rename the model's content type, and its permissions' codenames, from
    `old` to `new`; what is already renamed is left as it is."""

    def rename(apps, schema_editor):
        alias = schema_editor.connection.alias
        ContentType = apps.get_model("contenttypes", "ContentType")
        types = ContentType.objects.using(alias)
        permissions = apps.get_model("auth", "Permission").objects.using(alias)
        if not types.filter(app_label="diagnostic", model=new).exists():
            types.filter(app_label="diagnostic", model=old).update(model=new)
        kind = types.filter(app_label="diagnostic", model=new).first()
        if kind is None:
            return
        for permission in permissions.filter(content_type=kind, codename__endswith=f"_{old}"):
            codename = permission.codename.removesuffix(old) + new
            if not permissions.filter(content_type=kind, codename=codename).exists():
                permission.codename = codename
                permission.save(update_fields=["codename"])
        ContentType.objects.clear_cache()

    return rename


class Migration(migrations.Migration):

    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("diagnostic", "0004_contacts_and_questionnaire_records_moved_out"),
        ("orgs", "0003_contacts_from_diagnostic"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameModel(old_name="Action", new_name="PlanItem"),
        migrations.RunPython(renamer(OLD, NEW), renamer(NEW, OLD)),
        migrations.AlterField(
            model_name="planitem",
            name="org",
            field=models.ForeignKey(on_delete=models.deletion.CASCADE, related_name="plan_items", to="orgs.organisation"),
        ),
        migrations.AlterField(
            model_name="planitem",
            name="assessment",
            field=models.ForeignKey(null=True, on_delete=models.deletion.SET_NULL, related_name="plan_items", to="diagnostic.assessment"),
        ),
        migrations.AlterField(
            model_name="planitem",
            name="owner",
            field=models.ForeignKey(blank=True, null=True, on_delete=models.deletion.SET_NULL, related_name="diagnostic_plan_items", to=settings.AUTH_USER_MODEL, verbose_name="responsable"),
        ),
        migrations.RenameIndex(
            model_name="planitem",
            new_name="diagnostic__org_id_105a6e_idx",
            old_name="diagnostic__org_id_b262f3_idx",
        ),
        migrations.RemoveConstraint(model_name="planitem", name="one_action_per_measure"),
        migrations.AddConstraint(
            model_name="planitem",
            constraint=models.UniqueConstraint(fields=("org", "measure"), name="one_plan_item_per_measure"),
        ),
    ]
