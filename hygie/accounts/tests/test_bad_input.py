"""Whatever arrives in a form, the answer is a French message, never a server error."""

from django.urls import reverse

from hygie.accounts.models import LoginFailure, User
from hygie.accounts.tests.base import AccountsTestCase
from hygie.tests.base import PASSWORD

# A well-formed address longer than the 254 characters an account can hold.
LONG_EMAIL = "a" * 250 + "@cabinet.example"
FORM = "application/x-www-form-urlencoded"


class BadInputTestCase(AccountsTestCase):
    def test_login_refuses_an_over_long_address(self):
        r = self.sign_in(LONG_EMAIL, PASSWORD)
        self.assertEqual(r.status_code, 200)
        self.assertIn("au plus 254 caractères", r.context["form"].errors["email"][0])
        self.assertFalse(LoginFailure.objects.exists())

    def test_login_survives_a_huge_password(self):
        r = self.sign_in(self.praticien, "x" * 100_000)
        self.assertContains(r, "Adresse e-mail ou mot de passe incorrect.")

    def test_login_survives_bytes_that_are_not_utf8(self):
        r = self.client.post(
            reverse("accounts:login"), b"email=%FF%FE%FA&password=%C3%28%80", content_type=FORM
        )
        self.assertEqual(r.status_code, 200)
        self.assertIn(
            "Saisissez une adresse de courriel valide.", r.context["form"].errors["email"]
        )

    def test_login_refuses_null_characters(self):
        r = self.sign_in("paul@cabinet-martin.example", "Cheval\x00Batterie")
        self.assertEqual(
            r.context["form"].errors["password"], ["Le caractère nul n’est pas autorisé."]
        )

    def test_login_asks_for_a_missing_field(self):
        r = self.client.post(reverse("accounts:login"), {"email": self.praticien.email})
        self.assertEqual(r.context["form"].errors["password"], ["Ce champ est obligatoire."])

    def test_login_shows_an_empty_form_for_an_empty_post(self):
        r = self.client.post(reverse("accounts:login"), {})
        self.assertEqual(r.status_code, 200)

    def test_signup_refuses_over_long_fields(self):
        r = self.client.post(
            reverse("accounts:signup"),
            {
                "full_name": "L" * 151,
                "email": LONG_EMAIL,
                "password1": "Hirondelle-Cerfeuil-73-Boussole",
                "password2": "Hirondelle-Cerfeuil-73-Boussole",
            },
        )
        errors = r.context["form"].errors
        self.assertIn("au plus 150 caractères", errors["full_name"][0])
        self.assertIn("au plus 254 caractères", errors["email"][0])
        self.assertFalse(User.objects.filter(email=LONG_EMAIL).exists())

    def test_signup_survives_bytes_that_are_not_utf8(self):
        r = self.client.post(
            reverse("accounts:signup"),
            b"full_name=%FF%FE&email=%FF@x.example&password1=%C3%28&password2=%C3%28",
            content_type=FORM,
        )
        self.assertEqual(r.status_code, 200)
        self.assertIn("email", r.context["form"].errors)

    def test_signup_asks_for_missing_fields(self):
        r = self.client.post(reverse("accounts:signup"), {"email": "lea@cabinet-garnier.example"})
        errors = r.context["form"].errors
        for field in ["full_name", "password1", "password2"]:
            self.assertEqual(errors[field], ["Ce champ est obligatoire."])

    def test_signup_accepts_a_very_long_passphrase(self):
        password = "hirondelle cerfeuil boussole gravillon mandoline sextant quenouille " * 40
        r = self.client.post(
            reverse("accounts:signup"),
            {
                "full_name": "Léa Garnier",
                "email": "lea@cabinet-garnier.example",
                "password1": password,
                "password2": password,
            },
        )
        self.assertEqual(r.status_code, 302)
        self.assertTrue(
            User.objects.get(email="lea@cabinet-garnier.example").check_password(password)
        )

    def test_the_code_step_refuses_an_over_long_code(self):
        self.enable_mfa(self.praticien)
        self.sign_in(self.praticien)
        r = self.client.post(reverse("accounts:login_code"), {"code": "1" * 41})
        self.assertIn("au plus 40 caractères", r.context["form"].errors["code"][0])
        r = self.client.post(reverse("accounts:login_code"), {"code": ""})
        self.assertEqual(r.context["form"].errors["code"], ["Ce champ est obligatoire."])

    def test_resending_without_an_address_changes_nothing(self):
        r = self.client.post(reverse("accounts:resend_confirmation"), {})
        self.assertEqual(r.status_code, 302)

    def test_garbage_links_give_the_invalid_link_page(self):
        for path in [
            "/inscription/confirmer/%FF%FE/",
            "/inscription/confirmer/a:b:c/",
            "/deverrouiller/..../",
            "/deverrouiller/" + "z" * 5000 + "/",
        ]:
            with self.subTest(path=path[:40]):
                r = self.client.get(path)
                self.assertContains(r, "Ce lien n'est pas valable", status_code=400)

    def test_a_garbage_next_falls_back(self):
        r = self.client.post(
            reverse("accounts:login"),
            {"email": self.praticien.email, "password": PASSWORD, "next": "\x00\ufffd://"},
        )
        self.assertRedirects(r, reverse("front:start"), fetch_redirect_response=False)

    def test_a_garbage_user_agent_is_stored_short(self):
        self.sign_in(self.praticien, headers={"user-agent": "é" * 1000})
        self.assertEqual(len(self.praticien.sessions.get().user_agent), 300)
