"""Forms that ask for the password again count toward the login throttle."""

from django.test import override_settings
from django.urls import reverse

from hygie.accounts.tests.base import AccountsTestCase

WRONG = "Pas-le-bon-mot-de-passe-1"


@override_settings(LOGIN_FREE_FAILURES=3)
class PasswordFormsThrottleTestCase(AccountsTestCase):
    def test_a_wrong_current_password_on_the_change_form_counts_as_a_failure(self):
        self.login(self.praticien)
        self.client.post(
            reverse("accounts:password_change"),
            {"old_password": WRONG, "new_password1": "x", "new_password2": "x"},
        )
        self.assertEqual(self.failures(self.praticien), 1)
        self.assertEqual(self.entries("login.failure", actor_id=self.praticien.pk).count(), 1)

    def test_guessing_on_the_change_form_ends_the_session_at_the_threshold(self):
        self.login(self.praticien)
        for _ in range(3):
            self.client.post(
                reverse("accounts:password_change"),
                {"old_password": WRONG, "new_password1": "x", "new_password2": "x"},
            )
        r = self.client.post(
            reverse("accounts:password_change"),
            {"old_password": WRONG, "new_password1": "x", "new_password2": "x"},
            follow=True,
        )
        self.assertSignedOut()
        self.assertContains(r, "Trop d&#x27;essais infructueux pour ce compte")

    def test_a_wrong_password_when_disabling_mfa_counts_as_a_failure(self):
        self.enable_mfa(self.praticien)
        self.login_verified(self.praticien)
        r = self.client.post(reverse("accounts:mfa_disable"), {"password": WRONG})
        self.assertEqual(r.status_code, 400)
        self.assertEqual(self.failures(self.praticien), 1)

    def test_disabling_mfa_is_refused_once_the_account_is_locked(self):
        self.enable_mfa(self.praticien)
        self.login_verified(self.praticien)
        for _ in range(3):
            self.client.post(reverse("accounts:mfa_disable"), {"password": WRONG})
        self.client.post(
            reverse("accounts:mfa_disable"), {"password": "Cheval-Batterie-Agrafe-2026!"}
        )
        self.assertSignedOut()
        self.assertTrue(self.praticien.totpdevice_set.exists())
