from django.urls import reverse

from hygie.accounts.models import User
from hygie.accounts.tests.base import AccountsTestCase
from hygie.tests.base import PASSWORD


class LoginTestCase(AccountsTestCase):
    def test_it_signs_in_and_records_it(self):
        r = self.sign_in(self.praticien)
        self.assertRedirects(r, reverse("front:start"), fetch_redirect_response=False)
        self.assertSignedIn(self.praticien)
        entry = self.entries("login.success").get()
        self.assertEqual(entry.actor_id, self.praticien.pk)
        self.assertEqual(entry.ip, "127.0.0.1")
        self.assertEqual(entry.details, {"double authentification": False})

    def test_it_accepts_the_address_in_any_case(self):
        self.sign_in("  Paul@Cabinet-Martin.EXAMPLE")
        self.assertSignedIn(self.praticien)

    def test_it_refuses_a_wrong_password_with_a_generic_message(self):
        r = self.sign_in(self.praticien, "Pas-le-bon-mot-de-passe-1")
        self.assertContains(r, "Adresse e-mail ou mot de passe incorrect.")
        self.assertSignedOut()
        entry = self.entries("login.failure").get()
        self.assertEqual(entry.actor_id, self.praticien.pk)
        self.assertEqual(entry.details, {"étape": "mot de passe"})
        self.assertEqual(self.failures(self.praticien), 1)

    def test_it_answers_an_unknown_address_like_a_wrong_password(self):
        r = self.sign_in("personne@nulle-part.example", PASSWORD)
        self.assertContains(r, "Adresse e-mail ou mot de passe incorrect.")
        entry = self.entries("login.failure").get()
        self.assertIsNone(entry.actor_id)
        self.assertEqual(entry.actor_label, "personne@nulle-part.example")

    def test_it_refuses_a_deactivated_account(self):
        User.objects.filter(pk=self.praticien.pk).update(is_active=False)
        r = self.sign_in(self.praticien)
        self.assertContains(r, "Adresse e-mail ou mot de passe incorrect.")
        self.assertSignedOut()

    def test_it_offers_to_resend_the_link_to_an_unconfirmed_account(self):
        User.objects.filter(pk=self.praticien.pk).update(email_confirmed_at=None)
        r = self.sign_in(self.praticien)
        self.assertContains(r, "n'est pas encore confirmée")
        self.assertContains(r, 'action="/inscription/renvoyer/"')
        self.assertSignedOut()
        self.assertFalse(self.entries("login.success").exists())

    def test_it_honours_a_local_next(self):
        r = self.client.post(
            reverse("accounts:login"),
            {"email": self.praticien.email, "password": PASSWORD, "next": "/compte/?onglet=1"},
        )
        self.assertRedirects(r, "/compte/?onglet=1", fetch_redirect_response=False)

    def test_it_ignores_a_next_that_leaves_the_site(self):
        for target in [
            "https://attaquant.example/",
            "//attaquant.example/",
            "/\\attaquant.example/",
            "javascript:alert(1)",
            "http://127.0.0.1:8000@attaquant.example/",
        ]:
            with self.subTest(target=target):
                self.client.logout()
                r = self.client.post(
                    reverse("accounts:login"),
                    {"email": self.praticien.email, "password": PASSWORD, "next": target},
                )
                self.assertRedirects(r, reverse("front:start"), fetch_redirect_response=False)

    def test_it_carries_next_from_the_address_bar_into_the_form(self):
        r = self.client.get(reverse("accounts:login") + "?next=/compte/securite/")
        self.assertContains(r, 'name="next" value="/compte/securite/"')

    def test_it_prefills_the_address(self):
        r = self.client.get(
            reverse("accounts:login") + "?email=paul%2Btest%40cabinet-martin.example"
        )
        self.assertContains(r, 'value="paul+test@cabinet-martin.example"')

    def test_it_sends_a_signed_in_person_on(self):
        self.login(self.praticien)
        r = self.client.get(reverse("accounts:login") + "?next=/compte/")
        self.assertRedirects(r, "/compte/", fetch_redirect_response=False)

    def test_it_logs_out_and_records_it(self):
        self.sign_in(self.praticien)
        r = self.client.post(reverse("accounts:logout"), follow=True)
        self.assertContains(r, "Votre session est fermée.")
        self.assertSignedOut()
        self.assertTrue(self.entries("logout", actor_id=self.praticien.pk).exists())

    def test_logout_needs_a_post(self):
        self.sign_in(self.praticien)
        r = self.client.get(reverse("accounts:logout"))
        self.assertEqual(r.status_code, 405)
        self.assertSignedIn(self.praticien)
