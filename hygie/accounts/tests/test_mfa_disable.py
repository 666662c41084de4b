from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from hygie.accounts.models import RecoveryCode, RecoveryDevice
from hygie.accounts.tests.base import AccountsTestCase
from hygie.tests.base import PASSWORD

DISABLE_URL = reverse("accounts:mfa_disable")


class MfaDisableTestCase(AccountsTestCase):
    def setUp(self):
        self.device = self.login_verified(self.praticien)
        RecoveryDevice.objects.create(
            user=self.praticien, name="Codes de secours", confirmed=True
        ).regenerate()

    def test_it_turns_mfa_off_with_the_current_password(self):
        r = self.client.post(DISABLE_URL, {"password": PASSWORD}, follow=True)
        self.assertRedirects(r, reverse("accounts:security"))
        self.assertContains(r, "La double authentification est désactivée.")
        self.assertFalse(TOTPDevice.objects.filter(user=self.praticien).exists())
        self.assertFalse(RecoveryCode.objects.exists())
        self.assertTrue(self.entries("mfa.disabled", actor_id=self.praticien.pk).exists())

    def test_it_refuses_a_wrong_password(self):
        r = self.client.post(DISABLE_URL, {"password": "Pas-le-bon-1"})
        self.assertEqual(r.status_code, 400)
        self.assertEqual(
            r.context["disable_form"].errors["password"], ["Ce mot de passe n'est pas le bon."]
        )
        self.assertTrue(self.praticien.has_mfa())
        self.assertFalse(self.entries("mfa.disabled").exists())

    def test_it_refuses_a_missing_password(self):
        r = self.client.post(DISABLE_URL, {})
        self.assertEqual(r.status_code, 400)
        self.assertEqual(
            r.context["disable_form"].errors["password"], ["Ce champ est obligatoire."]
        )
        self.assertTrue(self.praticien.has_mfa())

    def test_it_needs_a_post(self):
        self.assertEqual(self.client.get(DISABLE_URL).status_code, 405)
        self.assertTrue(self.praticien.has_mfa())
