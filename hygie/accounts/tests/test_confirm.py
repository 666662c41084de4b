import time

from django.core import mail, signing
from django.urls import reverse

from hygie.accounts import actions
from hygie.accounts.models import User
from hygie.accounts.tests.base import AccountsTestCase
from hygie.tests.base import PASSWORD


class PastSigner(signing.TimestampSigner):
    """Signs as if the link had been sent four days ago."""

    def timestamp(self) -> str:
        return signing.b62_encode(int(time.time()) - actions.CONFIRM_MAX_AGE - 3600)


class ConfirmTestCase(AccountsTestCase):
    def setUp(self):
        self.lea = User.objects.create_user(
            "lea@cabinet-garnier.example", PASSWORD, full_name="Léa Garnier"
        )

    def test_it_confirms_the_address(self):
        r = self.client.get(
            reverse("accounts:confirm", args=[actions.confirmation_token(self.lea)])
        )
        self.assertRedirects(r, reverse("accounts:login") + "?email=lea%40cabinet-garnier.example")
        self.lea.refresh_from_db()
        self.assertTrue(self.lea.email_confirmed)

    def test_it_shows_the_invalid_link_page_for_a_forged_token(self):
        r = self.client.get(reverse("accounts:confirm", args=["pas-un-jeton"]))
        self.assertContains(r, "Ce lien n'est pas valable", status_code=400)
        self.lea.refresh_from_db()
        self.assertFalse(self.lea.email_confirmed)

    def test_it_shows_the_invalid_link_page_for_an_expired_token(self):
        token = PastSigner(salt=actions.CONFIRM_SALT).sign_object(
            {"u": self.lea.pk, "e": self.lea.email}, compress=True
        )
        r = self.client.get(reverse("accounts:confirm", args=[token]))
        self.assertContains(r, "Il a peut-être expiré", status_code=400)
        self.lea.refresh_from_db()
        self.assertFalse(self.lea.email_confirmed)

    def test_it_refuses_a_token_signed_for_another_purpose(self):
        token = signing.dumps(
            {"u": self.lea.pk, "e": self.lea.email}, salt="hygie.accounts.unlock", compress=True
        )
        r = self.client.get(reverse("accounts:confirm", args=[token]))
        self.assertEqual(r.status_code, 400)

    def test_it_resends_the_link_to_an_unconfirmed_address(self):
        r = self.client.post(
            reverse("accounts:resend_confirmation"), {"email": "LEA@cabinet-garnier.example"}
        )
        self.assertRedirects(
            r, reverse("accounts:signup_sent") + "?email=lea%40cabinet-garnier.example"
        )
        self.assertEqual(len(mail.outbox), 1)
        self.assertEqual(mail.outbox[0].to, ["lea@cabinet-garnier.example"])
        self.assertIn("/inscription/confirmer/", mail.outbox[0].body)

    def test_it_answers_the_same_without_sending_for_other_addresses(self):
        for email in ["paul@cabinet-martin.example", "personne@nulle-part.example"]:
            with self.subTest(email=email):
                r = self.client.post(reverse("accounts:resend_confirmation"), {"email": email})
                self.assertRedirects(
                    r,
                    reverse("accounts:signup_sent") + "?" + f"email={email.replace('@', '%40')}",
                )
        self.assertEqual(mail.outbox, [])
