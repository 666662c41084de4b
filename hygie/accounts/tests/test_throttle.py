"""Sign-in throttling: guessing is slowed down, and nobody can lock a person out.

ANSSI's password recommendations (R10): limit attempts over time without
letting an attacker deny the service.
"""

import re
from datetime import timedelta

from django.core import mail
from django.db.models import F
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hygie.accounts import throttle
from hygie.accounts.models import LoginFailure, UnlockLink
from hygie.accounts.tests.base import AccountsTestCase
from hygie.tests.base import PASSWORD, current_totp

WRONG = "Pas-le-bon-mot-de-passe-1"
ATTACKER = "203.0.113.66"
PRACTICE = "192.0.2.10"
ELSEWHERE = ["198.51.100.1", "198.51.100.2", "198.51.100.3"]
INCORRECT = "Adresse e-mail ou mot de passe incorrect."


class ThrottleTestCase(AccountsTestCase):
    def attempt(self, user, password=WRONG, ip=ATTACKER, client=None):
        return self.sign_in(user, password, client=client, REMOTE_ADDR=ip)

    def errors(self, response) -> list[str]:
        return response.context["form"].non_field_errors()

    def time_passes(self, seconds: float) -> None:
        LoginFailure.objects.update(created=F("created") - timedelta(seconds=seconds))

    def lock(self, user) -> None:
        """Guesses from three networks, the last one through the form."""
        for ip in ELSEWHERE:
            for _ in range(10):
                LoginFailure.objects.create(email=user.email, ip=ip, network=ip)
        LoginFailure.objects.filter(network=ELSEWHERE[-1]).first().delete()
        self.time_passes(3600)
        self.attempt(user, ip=ELSEWHERE[-1])
        self.assertTrue(throttle.is_locked(user.email))


class DelayTestCase(ThrottleTestCase):
    def test_ten_wrong_passwords_from_elsewhere_do_not_stop_the_right_one(self):
        for _ in range(10):
            self.attempt(self.praticien, client=Client())
        self.attempt(self.praticien, PASSWORD, ip=PRACTICE)
        self.assertSignedIn(self.praticien)

    def test_after_five_failures_each_attempt_waits_twice_as_long(self):
        for _ in range(5):
            r = self.attempt(self.praticien)
            self.assertEqual(self.errors(r), [INCORRECT])
        r = self.attempt(self.praticien, PASSWORD)
        self.assertIn("Patientez 1 seconde avant de réessayer", self.errors(r)[0])
        self.assertSignedOut()
        # A refused attempt is neither checked nor counted.
        self.assertEqual(self.failures(self.praticien), 5)

        self.time_passes(1)
        r = self.attempt(self.praticien)
        self.assertEqual(self.errors(r), [INCORRECT])
        r = self.attempt(self.praticien)
        self.assertIn("Patientez 2 secondes", self.errors(r)[0])
        self.time_passes(2)
        self.attempt(self.praticien)
        r = self.attempt(self.praticien)
        self.assertIn("Patientez 4 secondes", self.errors(r)[0])

        self.time_passes(4)
        self.attempt(self.praticien, PASSWORD)
        self.assertSignedIn(self.praticien)
        self.assertEqual(self.failures(self.praticien), 0)

    def test_the_delay_stops_growing_at_fifteen_minutes(self):
        for _ in range(40):
            LoginFailure.objects.create(email=self.praticien.email, ip=ATTACKER, network=ATTACKER)
        r = self.attempt(self.praticien)
        self.assertIn("Patientez 15 minutes", self.errors(r)[0])

    def test_attempts_sent_at_once_after_the_delay_get_one_turn(self):
        for _ in range(6):
            LoginFailure.objects.create(email=self.praticien.email, ip=ATTACKER, network=ATTACKER)
        self.time_passes(2)
        self.assertTrue(throttle.check(self.praticien.email, ATTACKER).allowed)
        second = throttle.check(self.praticien.email, ATTACKER)
        self.assertFalse(second.allowed)
        self.assertEqual(second.wait, 2)

    def test_an_ipv6_network_counts_as_one_address(self):
        for i in range(5):
            self.attempt(self.praticien, ip=f"2001:db8:1:2::{i + 1}")
        r = self.attempt(self.praticien, PASSWORD, ip="2001:db8:1:2:ffff::9")
        self.assertIn("Patientez", self.errors(r)[0])
        self.assertSignedOut()
        # The neighbouring /64 is someone else.
        self.attempt(self.praticien, PASSWORD, ip="2001:db8:1:3::1")
        self.assertSignedIn(self.praticien)

    def test_it_answers_the_same_for_an_unknown_address(self):
        for _ in range(5):
            self.attempt("personne@nulle-part.example")
        r = self.attempt("personne@nulle-part.example")
        self.assertIn("Trop d'essais infructueux pour ce compte", self.errors(r)[0])

    def test_it_counts_an_address_in_any_case_as_one_account(self):
        for email in ["paul@cabinet-martin.example", "PAUL@cabinet-martin.example"] * 3:
            self.attempt(email)
        self.assertIn("Patientez", self.errors(self.attempt(self.praticien, PASSWORD))[0])

    def test_the_second_step_counts_and_honours_the_delay(self):
        _, codes = self.enable_mfa(self.praticien)
        for _ in range(4):
            self.attempt(self.praticien)
        self.attempt(self.praticien, PASSWORD)
        code_url = reverse("accounts:login_code")
        self.client.post(code_url, {"code": "mauvais-code"}, REMOTE_ADDR=ATTACKER)
        self.assertEqual(self.failures(self.praticien), 5)
        r = self.client.post(code_url, {"code": codes[0]}, REMOTE_ADDR=ATTACKER, follow=True)
        self.assertSignedOut()
        self.assertContains(r, "Patientez 1 seconde")


class SharedAddressTestCase(ThrottleTestCase):
    def spray(self, times: int = 30) -> None:
        """One password tried on many accounts from the practice's shared address."""
        other = Client()
        for i in range(times):
            self.attempt(f"essai{i}@nulle-part.example", ip=PRACTICE, client=other)

    def test_thirty_failures_from_a_shared_address_do_not_stop_a_colleague(self):
        self.attempt(self.titulaire, PASSWORD, ip=PRACTICE)
        self.client.post(reverse("accounts:logout"))
        self.spray(40)
        # Her usual browser is known: she signs in at once.
        self.attempt(self.titulaire, PASSWORD, ip=PRACTICE)
        self.assertSignedIn(self.titulaire)

    def test_a_new_browser_behind_a_guessing_address_waits_a_moment(self):
        self.spray()
        r = self.attempt(self.praticien, PASSWORD, ip=PRACTICE)
        message = self.errors(r)[0]
        self.assertIn("depuis votre connexion internet", message)
        self.assertIn("Patientez 1 seconde", message)
        self.assertIn("navigateur où vous vous êtes déjà connecté", message)
        self.assertSignedOut()
        self.time_passes(1)
        self.attempt(self.praticien, PASSWORD, ip=PRACTICE)
        self.assertSignedIn(self.praticien)

    def test_a_forged_device_cookie_is_ignored(self):
        self.spray()
        self.client.cookies[throttle.DEVICE_COOKIE] = "faux"
        r = self.attempt(self.praticien, PASSWORD, ip=PRACTICE)
        self.assertIn("Patientez", self.errors(r)[0])

    def test_a_known_browser_does_not_help_another_account(self):
        self.attempt(self.titulaire, PASSWORD, ip=PRACTICE)
        self.client.post(reverse("accounts:logout"))
        self.spray()
        r = self.attempt(self.praticien, PASSWORD, ip=PRACTICE)
        self.assertIn("Patientez", self.errors(r)[0])


class LockTestCase(ThrottleTestCase):
    def test_guesses_from_several_networks_lock_the_account_and_email_a_link(self):
        self.lock(self.praticien)
        self.assertEqual(len(mail.outbox), 1)
        message = mail.outbox[0]
        self.assertEqual(message.to, [self.praticien.email])
        self.assertEqual(message.subject, "Votre compte Hygie est temporairement verrouillé")
        self.assertIn("ne sert qu'une fois", message.body)
        self.assertEqual(self.entries("login.locked", actor_id=self.praticien.pk).count(), 1)

        # The password alone no longer opens it, and the answer does not say it was right.
        r = self.attempt(self.praticien, PASSWORD, ip=PRACTICE)
        self.assertIn("Ce compte est verrouillé", self.errors(r)[0])
        self.assertSignedOut()
        wrong = self.attempt(self.praticien, WRONG, ip="192.0.2.11")
        self.assertEqual(self.errors(wrong), self.errors(r))
        self.assertFalse(self.entries("login.success").exists())
        self.assertEqual(len(mail.outbox), 1)

    def test_one_network_alone_never_locks_the_account(self):
        for _ in range(60):
            LoginFailure.objects.create(email=self.praticien.email, ip=ATTACKER, network=ATTACKER)
        self.assertFalse(throttle.is_locked(self.praticien.email))
        self.attempt(self.praticien, PASSWORD, ip=PRACTICE)
        self.assertSignedIn(self.praticien)

    def test_the_password_and_the_second_factor_lift_the_lock(self):
        device, _ = self.enable_mfa(self.praticien)
        self.lock(self.praticien)
        r = self.attempt(self.praticien, PASSWORD, ip=PRACTICE)
        self.assertRedirects(r, reverse("accounts:login_code"), fetch_redirect_response=False)
        self.client.post(
            reverse("accounts:login_code"), {"code": current_totp(device)}, REMOTE_ADDR=PRACTICE
        )
        self.assertSignedIn(self.praticien)
        self.assertFalse(throttle.is_locked(self.praticien.email))
        entry = self.entries("account.unlocked", actor_id=self.praticien.pk).get()
        self.assertEqual(entry.details, {"par": "mot de passe et second facteur"})
        # The guessers' failures still slow their own networks down.
        self.assertEqual(LoginFailure.objects.filter(network=ELSEWHERE[0]).count(), 10)

    def test_a_recovery_code_lifts_the_lock_too(self):
        _, codes = self.enable_mfa(self.praticien)
        self.lock(self.praticien)
        self.attempt(self.praticien, PASSWORD, ip=PRACTICE)
        self.client.post(reverse("accounts:login_code"), {"code": codes[0]}, REMOTE_ADDR=PRACTICE)
        self.assertSignedIn(self.praticien)
        self.assertFalse(throttle.is_locked(self.praticien.email))

    def test_a_locked_account_answers_the_same_whether_it_exists_or_not(self):
        self.lock(self.praticien)
        for ip in ELSEWHERE:
            for _ in range(10):
                LoginFailure.objects.create(email="personne@nulle-part.example", ip=ip, network=ip)
        r = self.attempt("personne@nulle-part.example", PASSWORD, ip=PRACTICE)
        self.assertIn("Ce compte est verrouillé", self.errors(r)[0])
        self.assertEqual(len(mail.outbox), 1)

    def test_a_password_reset_lifts_the_lock(self):
        self.lock(self.praticien)
        throttle.clear_account(self.praticien.email)
        self.attempt(self.praticien, PASSWORD, ip=PRACTICE)
        self.assertSignedIn(self.praticien)


class UnlockLinkTestCase(ThrottleTestCase):
    def link(self) -> str:
        self.lock(self.praticien)
        return re.search(r"http://[^/]+(/deverrouiller/\S+/)", mail.outbox[0].body)[1]

    def test_the_emailed_link_unlocks_the_account_once(self):
        path = self.link()
        # Opening the link (as a mail scanner would) changes nothing.
        page = self.client.get(path)
        self.assertContains(page, "Déverrouiller mon compte")
        self.assertTrue(throttle.is_locked(self.praticien.email))

        r = self.client.post(path, follow=True)
        self.assertRedirects(r, reverse("accounts:login") + "?email=paul%40cabinet-martin.example")
        self.assertContains(r, "Votre compte est déverrouillé.")
        entry = self.entries("account.unlocked", actor_id=self.praticien.pk).get()
        self.assertEqual(entry.details, {"par": "lien reçu par e-mail"})
        self.attempt(self.praticien, PASSWORD, ip=PRACTICE)
        self.assertSignedIn(self.praticien)

    def test_a_replayed_link_is_refused(self):
        path = self.link()
        self.client.post(path)
        self.lock(self.praticien)  # locked again: the old link must not lift it
        for replay in (self.client.get(path), self.client.post(path)):
            self.assertContains(replay, "Ce lien de déverrouillage a déjà servi", status_code=400)
        self.assertTrue(throttle.is_locked(self.praticien.email))
        self.assertEqual(self.entries("account.unlocked").count(), 1)

    def test_an_expired_link_is_refused(self):
        path = self.link()
        UnlockLink.objects.update(created=timezone.now() - timedelta(hours=25))
        r = self.client.post(path)
        self.assertContains(r, "Ce lien de déverrouillage a expiré", status_code=400)
        self.assertTrue(throttle.is_locked(self.praticien.email))

    def test_a_forged_link_changes_nothing(self):
        path = self.link()
        r = self.client.post(path[:-3] + "xx/")
        self.assertContains(r, "Ce lien n'est pas valable", status_code=400)
        self.assertTrue(throttle.is_locked(self.praticien.email))

    def test_only_a_digest_of_the_link_is_stored(self):
        token = self.link().split("/")[-2]
        self.assertFalse(UnlockLink.objects.filter(digest__contains=token).exists())
        self.assertEqual(UnlockLink.objects.get().digest, UnlockLink.digest_of(token))
