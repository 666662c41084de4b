from django.urls import reverse

from hygie.accounts.models import RecoveryDevice
from hygie.accounts.tests.base import AccountsTestCase


class RegenerateRecoveryCodesTestCase(AccountsTestCase):
    def test_it_replaces_the_codes(self):
        self.login_verified(self.praticien)
        recovery = RecoveryDevice.objects.create(
            user=self.praticien, name="Codes de secours", confirmed=True
        )
        old = recovery.regenerate()
        r = self.client.post(reverse("accounts:recovery_regenerate"), follow=True)
        new = r.context["codes"]
        self.assertEqual(len(new), 10)
        self.assertFalse(set(new) & set(old))
        self.assertFalse(recovery.verify_token(old[0]))
        self.assertTrue(recovery.verify_token(new[0]))
        self.assertTrue(
            self.entries("mfa.recovery_regenerated", actor_id=self.praticien.pk).exists()
        )

    def test_it_needs_a_session_signed_in_with_the_second_factor(self):
        _, codes = self.enable_mfa(self.praticien)
        self.login(self.praticien)
        r = self.client.post(reverse("accounts:recovery_regenerate"))
        self.assertRedirects(r, reverse("accounts:security"))
        self.assertTrue(RecoveryDevice.objects.get(user=self.praticien).verify_token(codes[0]))

    def test_it_needs_mfa_turned_on(self):
        self.login(self.praticien)
        r = self.client.post(reverse("accounts:recovery_regenerate"))
        self.assertRedirects(r, reverse("accounts:security"))
        self.assertFalse(RecoveryDevice.objects.exists())

    def test_the_security_page_counts_the_codes_left(self):
        _, codes = self.enable_mfa(self.praticien)
        RecoveryDevice.objects.get(user=self.praticien).verify_token(codes[0])
        self.login(self.praticien)
        r = self.client.get(reverse("accounts:security"))
        self.assertContains(r, "Il vous reste <strong>9</strong> codes de secours")
