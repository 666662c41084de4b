"""The plan's Action became PlanItem: the migration keeps every row, those of
the demo practice and those written before the rename, both ways, with the
deadlines that point at them through their content type."""

from datetime import UTC, date, datetime

from django.apps import apps as current_apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, connection, transaction

from hygie.deadlines.models import Deadline
from hygie.diagnostic.models import PlanItem
from hygie.front.demo import PEOPLE, create_demo
from hygie.orgs.models import Kind, Organisation
from hygie.tests.migrating import MigrationTestCase, migrate

# The last migration of the diagnostic before the rename.
BEFORE = [("diagnostic", "0004_contacts_and_questionnaire_records_moved_out")]
OLD, NEW = ("diagnostic", "Action"), ("diagnostic", "PlanItem")


def kinds() -> dict[str, int]:
    """The diagnostic's content types of the plan, by model: model -> id."""
    found = ContentType.objects.filter(app_label="diagnostic", model__in=["action", "planitem"])
    return {kind.model: kind.pk for kind in found}


def rows(apps, model) -> dict[str, list]:
    """Every plan item, field by field, and every deadline that points at one,
    as the models in `apps` read them."""
    items = apps.get_model(*model)
    deadlines = apps.get_model("deadlines", "Deadline")
    return {
        "items": list(items.objects.order_by("pk").values()),
        "deadlines": list(
            deadlines.objects.filter(key="plan")
            .order_by("pk")
            .values("pk", "subject_type_id", "subject_id", "title", "url", "status")
        ),
    }


def table_constraints(table: str) -> set[str]:
    with connection.cursor() as cursor:
        return set(connection.introspection.get_constraints(cursor, table))


class PlanItemRenameKeepsItsRowsTestCase(MigrationTestCase):
    def test_the_demo_and_rows_written_before_the_rename_are_all_kept(self):
        create_demo()
        demo = Organisation.objects.get(is_demo=True, name="Cabinet du Dr Martin")
        demo_rows = rows(current_apps, NEW)
        self.assertTrue(demo_rows["items"])
        # The demo gives one item to its secretary, with a date: an échéance.
        self.assertEqual(len(demo_rows["deadlines"]), 1)
        kind = ContentType.objects.get_for_model(PlanItem)
        self.assertEqual(kinds(), {"planitem": kind.pk})
        self.assertTrue(Permission.objects.filter(content_type=kind, codename="add_planitem"))

        # Back before the rename: the Action model reads the same rows, and the
        # deadlines point at the same content type, under its former name.
        old = migrate(BEFORE)
        self.assertEqual(rows(old, OLD), demo_rows)
        self.assertEqual(kinds(), {"action": kind.pk})
        self.assertEqual(
            set(
                Permission.objects.filter(content_type_id=kind.pk).values_list(
                    "codename", flat=True
                )
            ),
            {"add_action", "change_action", "delete_action", "view_action"},
        )
        self.assertIn("diagnostic_action", connection.introspection.table_names())
        self.assertIn("one_action_per_measure", table_constraints("diagnostic_action"))

        # Rows written the old way, with an échéance pointing at the new one.
        neighbour = Organisation.objects.create(name="Cabinet voisin", kind=Kind.CABINET)
        written = old.get_model(*OLD).objects.create(
            org_id=neighbour.pk,
            measure="sauvegarde-deconnectee",
            title="Débrancher la sauvegarde chaque soir",
            theme="sauvegardes",
            rank=1,
            priority=9,
            due_on=date(2030, 3, 1),
            note="Disque acheté.",
        )
        old.get_model("deadlines", "Deadline").objects.create(
            org_id=neighbour.pk,
            title=f"Plan d'action : {written.title}",
            due_at=datetime(2030, 3, 1, 17, tzinfo=UTC),
            subject_type_id=kind.pk,
            subject_id=str(written.pk),
            key="plan",
            permission="diagnostic.answer",
            url=f"/o/{neighbour.code}/diagnostic/plan/{written.pk}/",
        )
        before = rows(old, OLD)

        # After the rename: every row is there, through the application's models.
        migrate()
        self.assertEqual(rows(current_apps, NEW), before)
        self.assertEqual(kinds(), {"planitem": kind.pk})
        self.assertEqual(ContentType.objects.get_for_model(PlanItem).pk, kind.pk)
        self.assertFalse(Permission.objects.filter(codename__endswith="_action"))
        self.assertNotIn("diagnostic_action", connection.introspection.table_names())
        self.assertLessEqual(
            {"one_plan_item_per_measure", "diagnostic__org_id_105a6e_idx"},
            table_constraints("diagnostic_planitem"),
        )
        plan_item = PlanItem.objects.get(pk=written.pk)
        self.assertEqual((plan_item.org, plan_item.note), (neighbour, "Disque acheté."))
        self.assertEqual(list(neighbour.plan_items.all()), [plan_item])
        deadline = Deadline.objects.get(org=neighbour)
        self.assertEqual(deadline.subject, plan_item)
        self.assertEqual(deadline.link(), plan_item.get_absolute_url())
        # The demo's échéance still leads its secretary to her item.
        (demo_deadline,) = Deadline.objects.filter(org=demo, key="plan")
        self.assertEqual(demo_deadline.subject.owner.email, PEOPLE[1][1])

        # New rows take new ids after the kept ones, one per measure still.
        added = PlanItem.objects.create(
            org=neighbour, measure="mdp-gestionnaire", title="x", theme="mots-de-passe"
        )
        self.assertGreater(added.pk, max(row["id"] for row in before["items"]))
        with self.assertRaises(IntegrityError), transaction.atomic():
            PlanItem.objects.create(
                org=neighbour, measure="sauvegarde-deconnectee", title="y", theme="sauvegardes"
            )
