"""The emergency contacts moved from the diagnostic to the organisation, and the
records of supplier questionnaires to the register: the migrations keep every
row, those of the demo practice and those written before the move, both ways."""

from datetime import date

from django.apps import apps as current_apps
from django.contrib.contenttypes.models import ContentType

from hygie.front.demo import create_demo
from hygie.orgs.models import Contacts, Kind, Organisation
from hygie.register import actions as register
from hygie.register.models import Processor, QuestionnaireRecord
from hygie.tests.migrating import MigrationTestCase, migrate

# The last migration of each app before the move.
BEFORE = [
    ("diagnostic", "0003_answer_carried_from_previous_diagnostic"),
    ("orgs", "0002_address_time_zone"),
    ("rgpd_register", "0002_texts_fit_to_send"),
]
# Where the two models live, before and after the move.
OLD = (("diagnostic", "Contacts"), ("diagnostic", "QuestionnaireRecord"))
NEW = (("orgs", "Contacts"), ("rgpd_register", "QuestionnaireRecord"))


def content_types() -> dict[str, tuple[str, int]]:
    """The two models' content types: model -> (app, id)."""
    kinds = ContentType.objects.filter(model__in=["contacts", "questionnairerecord"])
    return {k.model: (k.app_label, k.pk) for k in kinds}


def rows(apps, where) -> dict[str, list]:
    """Every emergency contact, questionnaire record and processor's link to
    one, field by field, as the models in `apps` read them."""
    contacts, records = (apps.get_model(*model) for model in where)
    processors = apps.get_model("rgpd_register", "Processor")
    return {
        "contacts": list(contacts.objects.order_by("pk").values()),
        "records": list(records.objects.order_by("pk").values()),
        "processors": list(processors.objects.order_by("pk").values("pk", "questionnaire_id")),
    }


class MovedModelsKeepTheirRowsTestCase(MigrationTestCase):
    def test_the_demo_and_rows_written_before_the_move_are_all_kept(self):
        create_demo()
        demo = Organisation.objects.get(is_demo=True, name="Cabinet du Dr Martin")
        sent = register.record_questionnaire(
            demo,
            {
                "questionnaire": "points-generaux",
                "provider": "Hébergeur du logiciel de cabinet (exemple)",
                "sent_on": date(2026, 11, 2),
                "note": "",
            },
        )
        register.mark_returned(sent, date(2026, 11, 20))
        Processor.objects.filter(org=demo).update(questionnaire=sent)
        neighbour = Organisation.objects.create(name="Cabinet voisin", kind=Kind.CABINET)
        demo_rows = rows(current_apps, NEW)
        self.assertEqual(len(demo_rows["contacts"]), 1)
        self.assertEqual(len(demo_rows["records"]), 1)
        self.assertIn(sent.pk, [row["questionnaire_id"] for row in demo_rows["processors"]])

        kinds = content_types()
        self.assertEqual(
            {model: app for model, (app, _) in kinds.items()},
            {"contacts": "orgs", "questionnairerecord": "rgpd_register"},
        )

        # Back before the move: the diagnostic's models read the same rows.
        old = migrate(BEFORE)
        self.assertEqual(rows(old, OLD), demo_rows)
        self.assertEqual(
            content_types(), {model: ("diagnostic", pk) for model, (_, pk) in kinds.items()}
        )

        # Rows written the old way, by the diagnostic's models.
        old.get_model(*OLD[0]).objects.create(
            org_id=neighbour.pk,
            assureur="Mutuelle (exemple)",
            assureur_tel="01 00 00 00 00",
            contrat="C-42",
        )
        record = old.get_model(*OLD[1]).objects.create(
            org_id=neighbour.pk,
            questionnaire="hebergement",
            provider="InfoSoins 44",
            sent_on=date(2026, 10, 1),
        )
        old.get_model("rgpd_register", "Processor").objects.create(
            org_id=neighbour.pk,
            name="InfoSoins 44",
            service="Maintenance",
            questionnaire_id=record.pk,
        )
        before = rows(old, OLD)

        # After the move: every row is there, through the application's models.
        migrate()
        self.assertEqual(rows(current_apps, NEW), before)
        self.assertEqual(content_types(), kinds)
        neighbour = Organisation.objects.get(pk=neighbour.pk)
        self.assertEqual(neighbour.emergency_contacts.contrat, "C-42")
        self.assertEqual(
            Processor.objects.get(org=neighbour).questionnaire.provider, "InfoSoins 44"
        )
        self.assertEqual(demo.emergency_contacts.calls()[0]["number"], "01 23 45 67 89")

        # New rows take new ids after the kept ones.
        third = Organisation.objects.create(name="Troisième cabinet", kind=Kind.CABINET)
        added = Contacts.objects.create(org=third)
        self.assertGreater(added.pk, max(row["id"] for row in before["contacts"]))
        added = QuestionnaireRecord.objects.create(org=third, questionnaire="x", provider="y")
        self.assertGreater(added.pk, max(row["id"] for row in before["records"]))
