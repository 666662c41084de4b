import re
import time
from datetime import timedelta

from django.core import mail, signing
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from hygie.accounts import throttle
from hygie.accounts.models import LoginFailure
from hygie.accounts.tests.base import AccountsTestCase
from hygie.accounts.views import LOCKED_MESSAGES
from hygie.tests.base import PASSWORD

WRONG = "Pas-le-bon-mot-de-passe-1"


@override_settings(LOGIN_ACCOUNT_MAX_FAILURES=3, LOGIN_ADDRESS_MAX_FAILURES=5)
class ThrottleTestCase(AccountsTestCase):
    def fail_to_sign_in(self, user, times: int, **extra) -> None:
        for _ in range(times):
            self.sign_in(user, WRONG, **extra)

    def errors(self, response) -> list[str]:
        return response.context["form"].non_field_errors()

    def test_it_locks_the_account_at_the_threshold_and_emails_once(self):
        self.fail_to_sign_in(self.praticien, 3)
        self.assertEqual(len(mail.outbox), 1)
        message = mail.outbox[0]
        self.assertEqual(message.to, [self.praticien.email])
        self.assertEqual(message.subject, "Votre compte Hygie est temporairement verrouillé")
        self.assertIn("/deverrouiller/", message.body)
        self.assertEqual(self.entries("login.locked", actor_id=self.praticien.pk).count(), 1)

        # Further attempts are refused without being checked, counted or e-mailed.
        self.fail_to_sign_in(self.praticien, 2)
        self.assertEqual(len(mail.outbox), 1)
        self.assertEqual(self.failures(self.praticien), 3)

    def test_a_locked_account_refuses_even_the_right_password(self):
        self.fail_to_sign_in(self.praticien, 3)
        r = self.sign_in(self.praticien)
        self.assertEqual(self.errors(r), [LOCKED_MESSAGES["account"]])
        self.assertSignedOut()
        self.assertFalse(self.entries("login.success").exists())

    def test_the_emailed_link_unlocks_the_account(self):
        self.fail_to_sign_in(self.praticien, 3)
        path = re.search(r"http://[^/]+(/deverrouiller/\S+/)", mail.outbox[0].body)[1]
        r = self.client.get(path, follow=True)
        self.assertRedirects(r, reverse("accounts:login") + "?email=paul%40cabinet-martin.example")
        self.assertContains(r, "Votre compte est déverrouillé.")
        self.assertEqual(self.failures(self.praticien), 0)
        self.assertTrue(self.entries("account.unlocked", actor_id=self.praticien.pk).exists())

        self.sign_in(self.praticien)
        self.assertSignedIn(self.praticien)

    def test_a_forged_unlock_link_changes_nothing(self):
        self.fail_to_sign_in(self.praticien, 3)
        token = throttle.unlock_token(self.praticien.email)[:-2] + "xx"
        r = self.client.get(reverse("accounts:unlock", args=[token]))
        self.assertContains(r, "Ce lien n'est pas valable", status_code=400)
        self.assertEqual(self.failures(self.praticien), 3)

    def test_an_expired_unlock_link_changes_nothing(self):
        self.fail_to_sign_in(self.praticien, 3)

        class PastSigner(signing.TimestampSigner):
            def timestamp(self) -> str:
                return signing.b62_encode(int(time.time()) - 3 * 60 * 60)

        token = PastSigner(salt=throttle.UNLOCK_SALT).sign_object(
            self.praticien.email, compress=True
        )
        r = self.client.get(reverse("accounts:unlock", args=[token]))
        self.assertEqual(r.status_code, 400)
        self.assertEqual(self.failures(self.praticien), 3)

    def test_old_failures_no_longer_count(self):
        self.fail_to_sign_in(self.praticien, 3)
        LoginFailure.objects.update(created=timezone.now() - timedelta(minutes=31))
        self.sign_in(self.praticien)
        self.assertSignedIn(self.praticien)

    def test_a_success_clears_the_failures(self):
        self.fail_to_sign_in(self.praticien, 2)
        self.sign_in(self.praticien)
        self.assertSignedIn(self.praticien)
        self.assertEqual(self.failures(self.praticien), 0)

    def test_it_answers_the_same_for_an_unknown_address(self):
        self.fail_to_sign_in("personne@nulle-part.example", 3)
        r = self.sign_in("personne@nulle-part.example", PASSWORD)
        self.assertEqual(self.errors(r), [LOCKED_MESSAGES["account"]])
        self.assertEqual(mail.outbox, [])

    def test_it_counts_an_address_in_any_case_as_one_account(self):
        for email in [
            "paul@cabinet-martin.example",
            "PAUL@cabinet-martin.example",
            " Paul@Cabinet-Martin.example",
        ]:
            self.sign_in(email, WRONG)
        r = self.sign_in(self.praticien)
        self.assertEqual(self.errors(r), [LOCKED_MESSAGES["account"]])

    def test_the_address_limit_refuses_every_account(self):
        for i in range(5):
            self.sign_in(f"essai{i}@nulle-part.example", WRONG)
        r = self.sign_in(self.praticien)
        self.assertEqual(self.errors(r), [LOCKED_MESSAGES["address"]])
        self.assertSignedOut()

        # From another connection, the same account signs in.
        self.sign_in(self.praticien, REMOTE_ADDR="192.0.2.44")
        self.assertSignedIn(self.praticien)

    def test_the_second_step_counts_and_honours_the_lock(self):
        _, codes = self.enable_mfa(self.praticien)
        self.fail_to_sign_in(self.praticien, 2)
        self.sign_in(self.praticien)
        self.assertEqual(self.failures(self.praticien), 2)
        self.client.post(reverse("accounts:login_code"), {"code": "mauvais-code"})
        self.assertEqual(len(mail.outbox), 1)

        r = self.client.post(reverse("accounts:login_code"), {"code": codes[0]})
        self.assertRedirects(r, reverse("accounts:login"), fetch_redirect_response=False)
        self.assertSignedOut()
        r = self.client.get(r.url)
        self.assertContains(r, "Ce compte est temporairement verrouillé")
