import re

from django.core import mail
from django.urls import reverse

from hygie.accounts.models import User
from hygie.accounts.tests.base import AccountsTestCase

STRONG = "Hirondelle-Cerfeuil-73-Boussole"


def page(response) -> str:
    """The page's text, without its CSRF tokens (they differ at every request)."""
    html = response.content.decode()
    return re.sub(r'(csrfmiddlewaretoken" value="|X-CSRFToken": ")[^"]+', "", html)


class SignupTestCase(AccountsTestCase):
    def sign_up(self, email: str, password: str = STRONG, follow: bool = False, **fields):
        data = {
            "full_name": "Léa Garnier",
            "email": email,
            "password1": password,
            "password2": password,
            **fields,
        }
        return self.client.post(reverse("accounts:signup"), data, follow=follow)

    def test_it_creates_an_unconfirmed_account_and_sends_the_link(self):
        r = self.sign_up("lea@cabinet-garnier.example")
        self.assertRedirects(
            r, reverse("accounts:signup_sent") + "?email=lea%40cabinet-garnier.example"
        )
        user = User.objects.get(email="lea@cabinet-garnier.example")
        self.assertEqual(user.full_name, "Léa Garnier")
        self.assertFalse(user.email_confirmed)
        self.assertTrue(user.check_password(STRONG))
        self.assertTrue(self.entries("account.signup", actor_id=user.pk).exists())

        self.assertEqual(len(mail.outbox), 1)
        message = mail.outbox[0]
        self.assertEqual(message.to, ["lea@cabinet-garnier.example"])
        self.assertEqual(message.subject, "Confirmez votre adresse e-mail")
        self.assertIn("Bonjour Léa Garnier", message.body)

    def test_the_emailed_link_confirms_the_address(self):
        self.sign_up("lea@cabinet-garnier.example")
        link = re.search(r"http://\S+/inscription/confirmer/\S+/", mail.outbox[0].body)[0]
        r = self.client.get(link.removeprefix("http://127.0.0.1:8000"), follow=True)
        self.assertRedirects(r, reverse("accounts:login") + "?email=lea%40cabinet-garnier.example")
        self.assertContains(r, "Votre adresse est confirmée.")
        user = User.objects.get(email="lea@cabinet-garnier.example")
        self.assertTrue(user.email_confirmed)
        self.assertTrue(self.entries("account.email_confirmed", actor_id=user.pk).exists())

    def test_it_normalises_the_address(self):
        self.sign_up("  Lea@Cabinet-Garnier.EXAMPLE ")
        self.assertTrue(User.objects.filter(email="lea@cabinet-garnier.example").exists())

    def test_it_keeps_a_plus_in_the_address_on_the_next_page(self):
        r = self.sign_up("lea+hygie@cabinet-garnier.example", follow=True)
        self.assertContains(r, "<strong>lea+hygie@cabinet-garnier.example</strong>", html=True)
        self.assertContains(r, 'value="lea+hygie@cabinet-garnier.example"')

    def test_it_answers_the_same_for_an_address_that_has_an_account(self):
        new = self.sign_up("lea@cabinet-garnier.example", follow=True)
        mail.outbox.clear()
        known = self.sign_up(
            "paul@cabinet-martin.example", full_name="Quelqu'un d'autre", follow=True
        )
        self.assertEqual(known.redirect_chain[0][1], new.redirect_chain[0][1])
        self.assertEqual(
            page(known).replace("paul@cabinet-martin.example", "X"),
            page(new).replace("lea@cabinet-garnier.example", "X"),
        )
        self.assertEqual(User.objects.filter(email="paul@cabinet-martin.example").count(), 1)
        self.praticien.refresh_from_db()
        self.assertEqual(self.praticien.full_name, "Paul Petit")

        # Its owner is told, with no link that would change anything.
        self.assertEqual(len(mail.outbox), 1)
        message = mail.outbox[0]
        self.assertEqual(message.to, ["paul@cabinet-martin.example"])
        self.assertEqual(message.subject, "Vous avez déjà un compte Hygie")
        self.assertIn("Bonjour Paul Petit", message.body)
        self.assertNotIn("/inscription/confirmer/", message.body)

    def test_it_shows_the_password_policy_in_french_on_the_field(self):
        r = self.sign_up("lea@cabinet-garnier.example", password="Abcdefg1!xy")
        self.assertEqual(r.status_code, 200)
        errors = r.context["form"].errors
        self.assertEqual(list(errors), ["password1"])
        self.assertIn("Il compte 11 caractères", errors["password1"][0])
        self.assertContains(r, "Ce mot de passe est trop faible.")
        self.assertFalse(User.objects.filter(email="lea@cabinet-garnier.example").exists())
        self.assertEqual(mail.outbox, [])

    def test_it_refuses_a_password_built_on_the_name(self):
        r = self.sign_up("lea@cabinet-garnier.example", password="Garnier-Hirondelle-73!")
        self.assertIn("« garnier »", r.context["form"].errors["password1"][0])

    def test_it_refuses_two_different_passwords(self):
        r = self.sign_up("lea@cabinet-garnier.example", password2="Hirondelle-Cerfeuil-73-Boussolx")
        self.assertEqual(
            r.context["form"].errors["password2"],
            ["Les deux mots de passe ne sont pas identiques."],
        )

    def test_it_sends_a_signed_in_person_to_their_start_page(self):
        self.login(self.praticien)
        r = self.client.get(reverse("accounts:signup"))
        self.assertRedirects(r, reverse("front:start"), fetch_redirect_response=False)
