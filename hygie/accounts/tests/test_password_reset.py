import re

from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse

from hygie.accounts.models import Session
from hygie.accounts.tests.base import AccountsTestCase

NEW = "Hirondelle-Cerfeuil-73-Boussole"


class PasswordResetTestCase(AccountsTestCase):
    def ask(self, email: str):
        return self.client.post(reverse("accounts:password_reset"), {"email": email})

    def link(self) -> str:
        return re.search(r"http://[^/]+(/mot-de-passe/nouveau/\S+/)", mail.outbox[0].body)[1]

    def choose(self, password: str = NEW):
        set_url = self.client.get(self.link()).url
        return self.client.post(set_url, {"new_password1": password, "new_password2": password})

    def test_it_sends_a_french_email_with_a_link(self):
        r = self.ask("paul@cabinet-martin.example")
        self.assertRedirects(r, reverse("accounts:password_reset_done"))
        self.assertEqual(len(mail.outbox), 1)
        message = mail.outbox[0]
        self.assertEqual(message.to, ["paul@cabinet-martin.example"])
        self.assertEqual(message.subject, "Choisir un nouveau mot de passe Hygie")
        self.assertIn("Bonjour Paul Petit", message.body)
        self.assertIn("http://127.0.0.1:8000/mot-de-passe/nouveau/", message.body)
        self.assertIn("Choisir un nouveau mot de passe", message.alternatives[0][0])

    def test_it_answers_the_same_for_an_unknown_address(self):
        r = self.ask("personne@nulle-part.example")
        self.assertRedirects(r, reverse("accounts:password_reset_done"))
        self.assertEqual(mail.outbox, [])

    def test_the_link_sets_a_new_password(self):
        self.ask("paul@cabinet-martin.example")
        r = self.choose()
        self.assertRedirects(r, reverse("accounts:password_reset_complete"))
        self.praticien.refresh_from_db()
        self.assertTrue(self.praticien.check_password(NEW))
        self.assertTrue(self.entries("password.reset", actor_id=self.praticien.pk).exists())

    def test_the_link_applies_the_password_policy(self):
        self.ask("paul@cabinet-martin.example")
        r = self.choose("Abcdefg1!xy")
        self.assertIn("Il compte 11 caractères", r.context["form"].errors["new_password2"][0])

    @override_settings(LOGIN_LOCK_FAILURES=3, LOGIN_LOCK_PER_NETWORK=3)
    def test_it_lifts_the_lock(self):
        for _ in range(3):
            self.sign_in(self.praticien, "Pas-le-bon-1")
        mail.outbox.clear()
        self.ask("paul@cabinet-martin.example")
        self.choose()
        self.assertEqual(self.failures(self.praticien), 0)
        entry = self.entries("account.unlocked", actor_id=self.praticien.pk).get()
        self.assertEqual(entry.details, {"par": "réinitialisation du mot de passe"})
        self.sign_in(self.praticien, NEW)
        self.assertSignedIn(self.praticien)

    def test_it_ends_the_open_sessions(self):
        elsewhere = Client()
        self.sign_in(self.praticien, client=elsewhere)
        self.ask("paul@cabinet-martin.example")
        self.choose()
        self.assertFalse(Session.objects.filter(user=self.praticien).exists())
        self.assertTrue(elsewhere.get("/compte/").url.startswith(reverse("accounts:login")))

    def test_it_works_in_a_browser_signed_in_as_the_person(self):
        self.sign_in(self.praticien)
        self.ask("paul@cabinet-martin.example")
        r = self.choose()
        self.assertRedirects(r, reverse("accounts:password_reset_complete"))
        self.praticien.refresh_from_db()
        self.assertTrue(self.praticien.check_password(NEW))
        self.assertSignedOut()

    def test_the_link_works_once(self):
        self.ask("paul@cabinet-martin.example")
        link = self.link()
        self.choose()
        r = self.client.get(link, follow=True)
        self.assertContains(r, "Ce lien n'est plus valable")
