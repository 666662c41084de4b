"""Measures that asked the same thing are folded into one: the library keeps
one of each pair, and the migration carries answers and plan actions over."""

import importlib
from datetime import date

from django.apps import apps
from django.test import SimpleTestCase

from hygie.content.loader import LIBRARY_DIR, parse_yaml
from hygie.deadlines.models import Deadline
from hygie.diagnostic import actions
from hygie.diagnostic.models import Answer, Assessment, PlanItem, PlanItemStatus
from hygie.tests.base import BaseTestCase

migration = importlib.import_module("hygie.diagnostic.migrations.0002_fold_duplicate_measures")
INSURANCE, KEPT = "assurance-cyber", "contrat-assurance-cyber"


def fold() -> None:
    migration.fold_measures(apps, None, plan_model="PlanItem")


def measures() -> dict:
    items = parse_yaml((LIBRARY_DIR / "diagnostic_measures.yaml").read_text())["items"]
    return {m["id"]: m for m in items}


class FoldedLibraryTestCase(SimpleTestCase):
    def test_the_library_keeps_one_measure_of_each_folded_pair(self):
        shipped = measures()
        for removed, kept in migration.FOLDED.items():
            with self.subTest(removed=removed):
                self.assertNotIn(removed, shipped)
                measure = shipped[kept["into"]]
                self.assertEqual(
                    (measure["version"], measure["theme"], measure["action"]),
                    (kept["version"], kept["theme"], kept["title"]),
                )
                # Every answer maps to an answer the kept measure offers.
                offered = {a["key"] for a in measure["answers"]} | {"nsp"}
                self.assertLessEqual(set(kept["choices"].values()), offered)

    def test_no_incident_type_still_names_a_folded_measure(self):
        types = parse_yaml((LIBRARY_DIR / "incident_types.yaml").read_text())["items"]
        named = {m for t in types for m in t["measures"]}
        self.assertFalse(named & set(migration.FOLDED))
        self.assertIn(KEPT, named)


class FoldMigrationTestCase(BaseTestCase):
    def assessment(self, **answers: str) -> Assessment:
        assessment = Assessment.objects.create(org=self.org)
        for measure, choice in answers.items():
            Answer.objects.create(
                assessment=assessment, measure=measure, measure_version=1, choice=choice
            )
        return assessment

    def plan_item(self, measure: str, **values) -> PlanItem:
        plan_item = PlanItem.objects.create(
            org=self.org, measure=measure, title=f"Action {measure}", theme="incidents"
        )
        if values:
            actions.update_plan_item(plan_item, values, actor=self.titulaire)
        return plan_item

    def plan_deadlines(self) -> list[tuple[str, str, str]]:
        return list(
            Deadline.objects.filter(key="plan").values_list("subject_id", "title", "status")
        )

    def test_an_answer_to_the_removed_measure_becomes_the_same_answer_to_the_kept_one(self):
        assessment = self.assessment(**{INSURANCE: "flou", "procedure-incident": "partiel"})
        fold()
        self.assertEqual(
            dict(assessment.answers.values_list("measure", "choice")),
            {KEPT: "non_lu", "reflexe-premiers-gestes": "partie"},
        )

    def test_an_assessment_that_answered_both_keeps_its_answer_to_the_kept_measure(self):
        assessment = self.assessment(**{INSURANCE: "oui", KEPT: "rien"})
        other = self.assessment(**{INSURANCE: "non"})
        fold()
        self.assertEqual(
            list(assessment.answers.values_list("measure", "choice")), [(KEPT, "rien")]
        )
        self.assertEqual(list(other.answers.values_list("measure", "choice")), [(KEPT, "rien")])

    def test_an_action_of_the_removed_measure_becomes_the_kept_measures_with_its_deadline(self):
        plan_item = self.plan_item(INSURANCE, owner=self.praticien, due_on=date(2027, 3, 1))
        fold()
        plan_item.refresh_from_db()
        self.assertEqual(
            (plan_item.measure, plan_item.theme, plan_item.title, plan_item.owner),
            (KEPT, "contrats", migration.FOLDED[INSURANCE]["title"], self.praticien),
        )
        self.assertEqual(
            self.plan_deadlines(),
            [(str(plan_item.pk), f"Plan d'action : {plan_item.title}", "open")],
        )

    def test_an_organisation_with_both_actions_keeps_one_that_takes_what_it_lacked(self):
        gone = self.plan_item(
            INSURANCE,
            owner=self.secretaire,
            due_on=date(2027, 3, 1),
            note="Devis demandé à l'assureur.",
            evidence="Courrier du 2 février",
        )
        kept = self.plan_item(KEPT, note="Contrat multirisque relu.")
        fold()
        self.assertFalse(PlanItem.objects.filter(pk=gone.pk).exists())
        self.assertEqual(PlanItem.objects.filter(org=self.org, measure=KEPT).count(), 1)
        kept.refresh_from_db()
        self.assertEqual(
            (kept.owner, kept.due_on, kept.evidence, kept.note),
            (
                self.secretaire,
                date(2027, 3, 1),
                "Courrier du 2 février",
                "Contrat multirisque relu.\n\nDevis demandé à l'assureur.",
            ),
        )
        deadline = Deadline.objects.get(key="plan")
        self.assertEqual(deadline.subject, kept)
        self.assertTrue(deadline.url.endswith(f"/{kept.pk}/"), deadline.url)

    def test_the_removed_actions_deadline_goes_when_the_kept_action_has_its_own_date(self):
        self.plan_item(INSURANCE, due_on=date(2027, 3, 1))
        kept = self.plan_item(KEPT, due_on=date(2027, 1, 15), status=PlanItemStatus.DOING)
        fold()
        kept.refresh_from_db()
        self.assertEqual(kept.due_on, date(2027, 1, 15))
        self.assertEqual(
            self.plan_deadlines(), [(str(kept.pk), f"Plan d'action : {kept.title}", "open")]
        )

    def test_folding_twice_changes_nothing(self):
        assessment = self.assessment(**{INSURANCE: "oui"})
        self.plan_item(INSURANCE, due_on=date(2027, 3, 1))
        fold()
        before = (
            list(assessment.answers.values_list("measure", "choice")),
            list(PlanItem.objects.values_list("pk", "measure", "due_on")),
            self.plan_deadlines(),
        )
        fold()
        after = (
            list(assessment.answers.values_list("measure", "choice")),
            list(PlanItem.objects.values_list("pk", "measure", "due_on")),
            self.plan_deadlines(),
        )
        self.assertEqual(before, after)
