"""A diagnostic, its result and its plan are the organisation's own: another
organisation's member, or another organisation's object, gets a 404."""

from django.urls import reverse

from hygie.diagnostic import actions
from hygie.diagnostic.models import PlanItem
from hygie.diagnostic.tests.base import DiagnosticTestCase


class OrganisationAccessTestCase(DiagnosticTestCase):
    def test_outsider_gets_404(self):
        assessment = self.completed()
        plan_item = PlanItem.objects.filter(org=self.org).first()
        client = self.signed_in(self.outsider)
        for url in (
            self.url("result", assessment.pk),
            self.url("plan_item", plan_item.pk),
            self.url("plan"),
        ):
            self.assertEqual(client.get(url).status_code, 404, url)

    def test_other_organisations_objects_are_404(self):
        assessment = self.completed()
        other = actions.start(self.other_org, actor=self.outsider)
        client = self.signed_in(self.titulaire)
        self.assertEqual(client.get(self.url("profile", other.pk)).status_code, 404)
        self.assertEqual(
            client.get(
                reverse("diagnostic:result", args=[self.other_org.code, assessment.pk])
            ).status_code,
            404,
        )
