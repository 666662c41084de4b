"""Whether a DPO is required: the decision is kept with its reasons, and only
those who edit the register take it."""

from hygie.register.tests.base import RegisterTestCase


class DpoTestCase(RegisterTestCase):
    def test_the_decision_and_its_reasons_are_kept(self):
        client = self.client_for(self.titulaire)
        response = client.post(
            self.url("dpo"),
            {"grouped": "1", "shared_system": "1", "patients_per_year": "12000"},
        )
        self.assertRedirects(response, self.url("home"))
        decision = self.org.dpo_decision
        self.assertTrue(decision.dpo_required and decision.aipd_required)
        self.assertIn("10000", decision.reasons.replace(" ", "").replace("\u202f", ""))
        self.assertEqual(
            self.client_for(self.praticien).post(self.url("dpo"), {"grouped": "0"}).status_code,
            403,
        )
