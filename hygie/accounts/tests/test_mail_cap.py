"""E-mails a visitor can trigger are capped per address; a dead mail server breaks nothing."""

from django.core import mail
from django.test import override_settings
from django.urls import reverse

from hygie.accounts.tests.base import AccountsTestCase
from hygie.lib.emails import CAP_PER_HOUR
from hygie.tests.base import PASSWORD

# A real SMTP backend aimed at a closed port: the connection is refused.
MAIL_SERVER_DOWN = {
    "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    "EMAIL_HOST": "127.0.0.1",
    "EMAIL_PORT": 1,
    "EMAIL_TIMEOUT": 2,
}


class MailCapTestCase(AccountsTestCase):
    def test_confirmation_links_are_capped_per_address_and_hour(self):
        self.client.post(
            reverse("accounts:signup"),
            {
                "full_name": "Nina Lefort",
                "email": "nina@cabinet.example",
                "password1": PASSWORD,
                "password2": PASSWORD,
            },
        )
        for _ in range(CAP_PER_HOUR + 3):
            r = self.client.post(
                reverse("accounts:resend_confirmation"), {"email": "nina@cabinet.example"}
            )
            self.assertEqual(r.status_code, 302)
        self.assertEqual(len(mail.outbox), CAP_PER_HOUR)

    def test_password_reset_e_mails_are_capped_too(self):
        for _ in range(CAP_PER_HOUR + 2):
            self.client.post(reverse("accounts:password_reset"), {"email": self.praticien.email})
        self.assertEqual(len(mail.outbox), CAP_PER_HOUR)
        self.assertIn("/mot-de-passe/nouveau/", mail.outbox[0].body)
        self.assertIn("Hygie", mail.outbox[0].subject)

    def test_the_cap_is_per_address(self):
        for _ in range(CAP_PER_HOUR):
            self.client.post(reverse("accounts:password_reset"), {"email": self.praticien.email})
        self.client.post(reverse("accounts:password_reset"), {"email": self.secretaire.email})
        self.assertEqual(mail.outbox[-1].to, [self.secretaire.email])


@override_settings(LOGIN_LOCK_FAILURES=2, LOGIN_LOCK_PER_NETWORK=2, **MAIL_SERVER_DOWN)
class MailServerDownTestCase(AccountsTestCase):
    def test_the_failure_that_locks_an_account_still_answers_in_french(self):
        with self.assertLogs("hygie.emails", level="ERROR"):
            for _ in range(2):
                r = self.sign_in(self.praticien, "Pas-le-bon-mot-de-passe-1")
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, "Adresse e-mail ou mot de passe incorrect.")
        self.assertEqual(self.entries("login.locked", actor_id=self.praticien.pk).count(), 1)

    def test_sign_up_still_leads_to_the_check_your_inbox_page(self):
        with self.assertLogs("hygie.emails", level="ERROR"):
            r = self.client.post(
                reverse("accounts:signup"),
                {
                    "full_name": "Nina Lefort",
                    "email": "nina@cabinet.example",
                    "password1": PASSWORD,
                    "password2": PASSWORD,
                },
            )
        self.assertEqual(r.status_code, 302)
        self.assertIn(reverse("accounts:signup_sent"), r.url)
