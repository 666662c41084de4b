from django.test import Client
from django.urls import reverse

from hygie.accounts.models import Session
from hygie.accounts.tests.base import AccountsTestCase
from hygie.tests.base import PASSWORD

NEW = "Hirondelle-Cerfeuil-73-Boussole"


class PasswordChangeTestCase(AccountsTestCase):
    def setUp(self):
        self.sign_in(self.praticien)
        self.other = Client()
        self.sign_in(self.praticien, client=self.other)

    def change(self, old: str = PASSWORD, new: str = NEW, again: str | None = None):
        data = {"old_password": old, "new_password1": new, "new_password2": again or new}
        return self.client.post(reverse("accounts:password_change"), data)

    def test_it_changes_the_password_and_keeps_this_session(self):
        r = self.change()
        self.assertRedirects(r, reverse("accounts:security"))
        self.praticien.refresh_from_db()
        self.assertTrue(self.praticien.check_password(NEW))
        self.assertEqual(self.client.get("/compte/").status_code, 200)
        self.assertTrue(self.entries("password.changed", actor_id=self.praticien.pk).exists())

    def test_it_closes_the_other_sessions(self):
        self.change()
        # Gone from the list at once, not only when the other browser comes back.
        self.assertEqual(
            list(Session.objects.filter(user=self.praticien).values_list("session_key", flat=True)),
            [self.client.session.session_key],
        )
        r = self.other.get("/compte/")
        self.assertTrue(r.url.startswith(reverse("accounts:login")))

    def test_it_refuses_a_wrong_current_password(self):
        r = self.change(old="Pas-le-bon-1")
        self.assertIn(
            "ancien mot de passe est incorrect", r.context["form"].errors["old_password"][0]
        )
        self.praticien.refresh_from_db()
        self.assertTrue(self.praticien.check_password(PASSWORD))

    def test_it_applies_the_password_policy_in_french(self):
        r = self.change(new="Abcdefg1!xy")
        self.assertIn("Il compte 11 caractères", r.context["form"].errors["new_password2"][0])

    def test_it_refuses_a_password_built_on_the_name(self):
        r = self.change(new="Paul-Hirondelle-73-Boussole")
        self.assertIn("« paul »", " ".join(r.context["form"].errors["new_password2"]))
