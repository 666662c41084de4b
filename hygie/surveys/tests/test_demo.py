"""The demo region's surveys."""

from django.db.models import Count

from hygie.surveys import actions
from hygie.surveys.demo import create_region_demo
from hygie.surveys.models import Answer, Survey
from hygie.tests.base import BaseTestCase


class DemoTestCase(BaseTestCase):
    def test_an_open_survey_with_answers_and_last_years_campaign(self):
        create_region_demo(self.region, self.animateur, self.org)
        (current,) = actions.open_surveys([self.region])
        self.assertTrue(40 <= current.responses.count() <= 60)
        previous = current.previous
        self.assertEqual(previous.status, Survey.Status.CLOSED)
        self.assertGreater(previous.responses.count(), 20)
        # Some profession groups reach five, others stay under.
        groups = (
            Answer.objects.filter(question__survey=current, question__key="profession")
            .values("choice")
            .annotate(n=Count("pk"))
        )
        sizes = {g["choice"]: g["n"] for g in groups}
        self.assertTrue(any(n >= 5 for n in sizes.values()))
        self.assertTrue(any(n < 5 for n in sizes.values()))
        # Conditions hold in the demo answers too.
        self.assertFalse(
            Answer.objects.filter(question__key="dpo-qui")
            .exclude(response__answers__question__key="dpo", response__answers__choice="oui")
            .exists()
        )
