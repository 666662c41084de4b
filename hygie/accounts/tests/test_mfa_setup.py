import base64

from django.test import override_settings
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from hygie.accounts.models import RecoveryCode, RecoveryDevice, Session
from hygie.accounts.tests.base import AccountsTestCase, wrong_totp
from hygie.tests.base import current_totp

SETUP_URL = reverse("accounts:mfa_setup")


class MfaSetupTestCase(AccountsTestCase):
    def setUp(self):
        self.sign_in(self.praticien)

    def pending(self) -> TOTPDevice:
        return TOTPDevice.objects.get(user=self.praticien, confirmed=False)

    def confirm(self, next: str = ""):
        code = current_totp(self.pending())
        return self.client.post(SETUP_URL, {"code": code, "next": next})

    def test_it_shows_a_qr_code_and_the_secret(self):
        r = self.client.get(SETUP_URL)
        self.assertContains(r, 'src="data:image/svg+xml')
        secret = base64.b32encode(self.pending().bin_key).decode().rstrip("=")
        grouped = " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
        self.assertContains(r, grouped)

    def test_it_keeps_the_same_secret_until_confirmed(self):
        self.client.get(SETUP_URL)
        key = self.pending().key
        self.client.get(SETUP_URL)
        self.assertEqual(self.pending().key, key)
        self.assertEqual(TOTPDevice.objects.filter(user=self.praticien).count(), 1)

    def test_a_right_code_turns_it_on(self):
        self.client.get(SETUP_URL)
        device = self.pending()
        r = self.confirm(next="/compte/")
        self.assertEqual(r.status_code, 200)
        self.assertTemplateUsed(r, "accounts/recovery_codes.html")
        device.refresh_from_db()
        self.assertTrue(device.confirmed)
        self.assertTrue(self.praticien.has_mfa())
        # This session counts as signed in with the second factor.
        self.assertEqual(self.client.session[DEVICE_ID_SESSION_KEY], device.persistent_id)
        self.assertTrue(self.entries("mfa.enabled", actor_id=self.praticien.pk).exists())

    def test_it_shows_ten_recovery_codes_once(self):
        self.client.get(SETUP_URL)
        r = self.confirm(next="/compte/")
        self.assertEqual(r["Cache-Control"], "no-store")
        codes = r.context["codes"]
        self.assertEqual(len(codes), 10)
        self.assertEqual(len(set(codes)), 10)
        for code in codes:
            self.assertRegex(code, r"^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$")
            self.assertContains(r, code)
        self.assertContains(r, 'href="/compte/"')
        # Shown in the answer only: the security page does not list them again.
        r = self.client.get(reverse("accounts:security"))
        for code in codes:
            self.assertNotContains(r, code)

    def test_recovery_codes_are_stored_hashed(self):
        self.client.get(SETUP_URL)
        codes = self.confirm().context["codes"]
        digests = set(RecoveryCode.objects.values_list("digest", flat=True))
        self.assertEqual(digests, {RecoveryDevice.digest(c) for c in codes})
        # No clear code anywhere: codes table, sessions.
        stored = " ".join(digests) + " ".join(str(s.get_decoded()) for s in Session.objects.all())
        for code in codes:
            self.assertNotIn(code, stored)
            self.assertNotIn(code.replace("-", ""), stored)

    def test_a_wrong_code_changes_nothing(self):
        self.client.get(SETUP_URL)
        r = self.client.post(SETUP_URL, {"code": wrong_totp(self.pending())})
        self.assertIn("Ce code n'est pas le bon.", r.context["form"].errors["code"][0])
        self.assertFalse(self.praticien.has_mfa())
        self.assertFalse(RecoveryCode.objects.exists())

    def test_it_asks_for_six_digits(self):
        self.client.get(SETUP_URL)
        r = self.client.post(SETUP_URL, {"code": "12ab56"})
        self.assertEqual(
            r.context["form"].errors["code"],
            ["Saisissez les 6 chiffres affichés par l'application."],
        )

    @override_settings(OTP_TOTP_THROTTLE_FACTOR=0)
    def test_a_typo_then_the_right_code_turns_it_on(self):
        self.client.get(SETUP_URL)
        self.client.post(SETUP_URL, {"code": wrong_totp(self.pending())})
        self.confirm()
        self.assertTrue(self.praticien.has_mfa())

    def test_with_mfa_on_the_setup_page_leads_to_the_security_page(self):
        self.client.get(SETUP_URL)
        self.confirm()
        r = self.client.get(SETUP_URL)
        self.assertRedirects(r, reverse("accounts:security"))

    def test_the_next_login_asks_for_a_code(self):
        self.client.get(SETUP_URL)
        self.confirm()
        self.client.post(reverse("accounts:logout"))
        r = self.sign_in(self.praticien)
        self.assertRedirects(r, reverse("accounts:login_code"))
        self.assertSignedOut()
