"""The plan: its items, their owner, date and state, the échéances they make,
the indice they raise, the secretary's share, and the next diagnostic's
effect on them."""

from django.contrib.contenttypes.models import ContentType

from hygie.deadlines.models import Deadline, Status
from hygie.diagnostic import actions
from hygie.diagnostic.models import PlanItem, PlanItemStatus
from hygie.diagnostic.tests.base import DiagnosticTestCase, best, worst
from hygie.journal.models import Entry


class PlanPagesTestCase(DiagnosticTestCase):
    def test_closing_an_action_raises_the_indice(self):
        assessment = self.completed()
        client = self.signed_in(self.titulaire)
        first = PlanItem.objects.get(org=self.org, rank=1)
        before = actions.result_of(assessment, with_plan=True).indice
        response = client.post(
            self.url("plan_item", first.pk),
            {
                "owner": "",
                "due_on": "",
                "status": PlanItemStatus.DONE,
                "note": "Fait",
                "evidence": "Facture",
            },
        )
        self.assertRedirects(response, self.url("plan"))
        after = actions.result_of(assessment, with_plan=True).indice
        self.assertGreater(after, before)
        self.assertContains(
            client.get(self.url("home")), f'<span class="score__value">{after}</span>'
        )
        self.assertTrue(
            Entry.objects.filter(action="action.closed", object_id=str(first.pk)).exists()
        )

    def test_result_page_follows_the_plan(self):
        assessment = self.completed()
        client = self.signed_in(self.titulaire)
        last = PlanItem.objects.filter(org=self.org).order_by("-rank").first()
        self.assertContains(client.get(self.url("result", assessment.pk)), "· à faire")
        actions.update_plan_item(last, {"status": PlanItemStatus.DROPPED})
        # The list of actions is cached, and follows the change.
        self.assertContains(client.get(self.url("result", assessment.pk)), "· abandonnée")

    def test_owner_and_date_make_an_echeance(self):
        self.completed()
        plan_item = PlanItem.objects.get(org=self.org, rank=2)
        client = self.signed_in(self.titulaire)
        client.post(
            self.url("plan_item", plan_item.pk),
            {
                "owner": self.secretaire.pk,
                "due_on": "2030-03-01",
                "status": "todo",
                "note": "",
                "evidence": "",
            },
        )
        deadline = Deadline.objects.get(
            subject_type=ContentType.objects.get_for_model(PlanItem), subject_id=str(plan_item.pk)
        )
        self.assertEqual(deadline.status, Status.OPEN)
        # Assigned to the secretary, the échéance is visible to her.
        self.assertEqual(deadline.permission, "diagnostic.plan")
        client.post(
            self.url("plan_item", plan_item.pk),
            {
                "owner": self.secretaire.pk,
                "due_on": "2030-03-01",
                "status": "done",
                "note": "",
                "evidence": "",
            },
        )
        deadline.refresh_from_db()
        self.assertEqual(deadline.status, Status.DONE)

    def test_bad_action_input(self):
        self.completed()
        plan_item = PlanItem.objects.get(org=self.org, rank=1)
        client = self.signed_in(self.titulaire)
        response = client.post(
            self.url("plan_item", plan_item.pk),
            {
                "owner": self.outsider.pk,
                "due_on": "3026-01-01",
                "status": "fini",
                "note": "",
                "evidence": "",
            },
        )
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Sélectionnez un choix valide", status_code=400)
        self.assertContains(response, "entre 2000 et 2200", status_code=400)
        plan_item.refresh_from_db()
        self.assertIsNone(plan_item.owner)
        self.assertEqual(plan_item.status, PlanItemStatus.TODO)

    def test_secretary_sees_only_her_actions_not_answers(self):
        assessment = self.completed()
        mine, other = PlanItem.objects.filter(org=self.org).order_by("rank")[:2]
        actions.update_plan_item(mine, {"owner": self.secretaire})
        client = self.signed_in(self.secretaire)
        self.assertRedirects(client.get(self.url("home")), self.url("plan"))
        page = client.get(self.url("plan"))
        self.assertContains(page, mine.title)
        self.assertNotContains(page, other.title)
        self.assertEqual(client.get(self.url("plan_item", other.pk)).status_code, 404)
        self.assertEqual(client.get(self.url("result", assessment.pk)).status_code, 403)
        # She may change the state of hers, not its owner or date.
        page = client.get(self.url("plan_item", mine.pk))
        self.assertNotContains(page, 'name="owner"')
        client.post(
            self.url("plan_item", mine.pk),
            {"owner": self.titulaire.pk, "status": "doing", "note": "Commandé", "evidence": ""},
        )
        mine.refresh_from_db()
        self.assertEqual((mine.owner, mine.status), (self.secretaire, "doing"))
        csv = client.get(self.url("export_plan", "csv")).content.decode()
        self.assertIn(mine.title, csv)
        self.assertNotIn(other.title, csv)

    def test_new_diagnostic_closes_and_reopens(self):
        self.completed(choose=worst)
        self.assertEqual(
            PlanItem.objects.filter(org=self.org, status="todo").count(), PlanItem.objects.count()
        )
        self.completed(choose=best)
        self.assertFalse(PlanItem.objects.filter(status__in=["todo", "doing"]).exists())
        self.completed(choose=worst)
        self.assertFalse(PlanItem.objects.filter(status="done").exists())
