from hygie.incidents.models import RegisterPolicy
from hygie.journal.actions import save_org_setting
from hygie.journal.models import Entry
from hygie.tests.base import BaseTestCase

LABELS = {"retention": "durée", "ground": "justification"}


class OrgSettingTestCase(BaseTestCase):
    def save(self, retention: str, ground: str) -> RegisterPolicy:
        return save_org_setting(
            RegisterPolicy,
            self.org,
            {"retention": retention, "ground": ground},
            labels=LABELS,
            action="incident.register_policy",
            actor=self.titulaire,
        )

    def test_one_row_per_organisation_with_each_change_journaled(self):
        first = self.save("5 ans", "Prouver nos notifications.")
        second = self.save("10 ans", "Prouver nos notifications.")
        self.assertEqual(first.pk, second.pk)
        self.assertEqual(RegisterPolicy.objects.get(org=self.org).retention, "10 ans")
        details = [
            e.details
            for e in Entry.objects.filter(action="incident.register_policy").order_by("seq")
        ]
        self.assertEqual(
            details,
            [
                {"durée": [None, "5 ans"], "justification": [None, "Prouver nos notifications."]},
                {"durée": ["5 ans", "10 ans"]},
            ],
        )
        self.assertFalse(RegisterPolicy.objects.filter(org=self.other_org).exists())
