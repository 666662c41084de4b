import time

from django.test import override_settings
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY

from hygie.accounts.actions import PENDING_MFA_SECONDS
from hygie.accounts.tests.base import AccountsTestCase, wrong_totp
from hygie.tests.base import PASSWORD, current_totp


class LoginCodeTestCase(AccountsTestCase):
    def setUp(self):
        self.device, self.codes = self.enable_mfa(self.praticien)

    def start(self, next: str = ""):
        return self.client.post(
            reverse("accounts:login"),
            {"email": self.praticien.email, "password": PASSWORD, "next": next},
        )

    def send_code(self, code: str):
        return self.client.post(reverse("accounts:login_code"), {"code": code})

    def test_the_password_alone_is_not_enough(self):
        r = self.start()
        self.assertRedirects(r, reverse("accounts:login_code"))
        self.assertSignedOut()
        r = self.client.get(reverse("accounts:profile"))
        self.assertEqual(r.status_code, 302)
        self.assertTrue(r.url.startswith(reverse("accounts:login")))

    def test_it_signs_in_with_the_code_of_the_app(self):
        self.start(next="/compte/securite/")
        r = self.send_code(current_totp(self.device))
        self.assertRedirects(r, "/compte/securite/")
        self.assertSignedIn(self.praticien)
        self.assertEqual(self.client.session[DEVICE_ID_SESSION_KEY], self.device.persistent_id)
        entry = self.entries("login.success").get()
        self.assertEqual(entry.details, {"double authentification": True})

    def test_it_accepts_a_code_typed_with_spaces(self):
        self.start()
        code = current_totp(self.device)
        self.send_code(f" {code[:3]} {code[3:]} ")
        self.assertSignedIn(self.praticien)

    def test_it_signs_in_with_a_recovery_code(self):
        self.start()
        r = self.send_code(self.codes[0].upper())
        self.assertRedirects(r, reverse("front:start"), fetch_redirect_response=False)
        self.assertSignedIn(self.praticien)
        self.assertIn(DEVICE_ID_SESSION_KEY, self.client.session)
        entry = self.entries("mfa.recovery_used").get()
        self.assertEqual(entry.details, {"codes restants": 9})
        r = self.client.get(reverse("accounts:security"))
        self.assertContains(r, "il vous en reste 9")

    def test_a_recovery_code_works_only_once(self):
        self.start()
        self.send_code(self.codes[0])
        self.client.post(reverse("accounts:logout"))

        self.start()
        r = self.send_code(self.codes[0])
        self.assertIn("Ce code n'est pas valide.", r.context["form"].errors["code"][0])
        self.assertSignedOut()

    def test_it_refuses_a_wrong_code_and_records_it(self):
        self.start()
        r = self.send_code(wrong_totp(self.device))
        self.assertEqual(
            r.context["form"].errors["code"],
            ["Ce code n'est pas valide. Vérifiez l'heure de votre téléphone."],
        )
        self.assertSignedOut()
        entry = self.entries("login.failure").get()
        self.assertEqual(entry.actor_id, self.praticien.pk)
        self.assertEqual(entry.details, {"étape": "code"})
        self.assertEqual(self.failures(self.praticien), 1)

    def test_it_refuses_a_code_of_another_person(self):
        _, codes = self.enable_mfa(self.secretaire)
        self.start()
        self.send_code(codes[0])
        self.assertSignedOut()

    def test_the_pending_step_expires(self):
        self.start()
        session = self.client.session
        session["_pending_mfa"]["at"] = time.time() - PENDING_MFA_SECONDS - 1
        session.save()
        r = self.send_code(current_totp(self.device))
        self.assertRedirects(r, reverse("accounts:login"), fetch_redirect_response=False)
        self.assertSignedOut()
        r = self.client.get(r.url)
        self.assertContains(r, "Reprenez la connexion depuis le début.")
        self.assertNotIn("_pending_mfa", self.client.session)

    def test_it_sends_back_to_the_login_without_a_password_first(self):
        r = self.client.get(reverse("accounts:login_code"))
        self.assertRedirects(r, reverse("accounts:login"))

    # django-otp refuses any code for a while after a failure (1 s by default,
    # doubling); a long factor keeps the test independent of the machine's speed.
    @override_settings(OTP_TOTP_THROTTLE_FACTOR=60)
    def test_right_after_a_wrong_code_it_asks_to_wait_instead_of_refusing_silently(self):
        self.start()
        self.send_code(wrong_totp(self.device))
        r = self.send_code(current_totp(self.device))
        self.assertRegex(r.context["form"].errors["code"][0], r"patientez \d+ seconde")
        self.assertSignedOut()
        self.assertEqual(self.failures(self.praticien), 1)

    @override_settings(OTP_TOTP_THROTTLE_FACTOR=60)
    def test_a_recovery_code_is_not_held_by_the_wait(self):
        self.start()
        self.send_code(wrong_totp(self.device))
        self.send_code(self.codes[0])
        self.assertSignedIn(self.praticien)
