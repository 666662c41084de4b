"""An item of the plan falls due at the end of the day in the practice's
own time zone, not in Paris's."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.contrib.contenttypes.models import ContentType

from hygie.deadlines.models import Deadline
from hygie.diagnostic.models import PlanItem
from hygie.diagnostic.tests.base import DiagnosticTestCase

NOUMEA = ZoneInfo("Pacific/Noumea")


class NoumeaPlanTestCase(DiagnosticTestCase):
    def test_an_actions_echeance_is_the_end_of_the_day_in_noumea(self):
        self.org.time_zone = "Pacific/Noumea"
        self.org.save(update_fields=["time_zone"])
        self.completed()
        plan_item = PlanItem.objects.get(org=self.org, rank=2)
        self.signed_in(self.titulaire).post(
            self.url("plan_item", plan_item.pk),
            {"owner": "", "due_on": "2030-03-01", "status": "todo", "note": "", "evidence": ""},
        )
        deadline = Deadline.objects.get(
            subject_type=ContentType.objects.get_for_model(PlanItem), subject_id=str(plan_item.pk)
        )
        self.assertEqual(deadline.due_at, datetime(2030, 3, 1, 18, 0, tzinfo=NOUMEA))
