from django.core import mail
from django.test import override_settings
from django.urls import reverse

from hygie.accounts.tests.base import AccountsTestCase
from hygie.tests.base import PASSWORD

LOCKED_URL = reverse("accounts:locked")


class LockScreenTestCase(AccountsTestCase):
    def setUp(self):
        self.sign_in(self.praticien)

    def lock(self, next: str = "/compte/"):
        return self.client.post(reverse("accounts:lock"), {"next": next})

    def test_it_locks_and_sends_to_the_lock_screen(self):
        r = self.lock()
        self.assertRedirects(r, f"{LOCKED_URL}?next=%2Fcompte%2F")
        self.assertTrue(self.entries("session.locked", actor_id=self.praticien.pk).exists())

    def test_every_page_waits_behind_the_lock_screen(self):
        self.lock()
        for path in ["/compte/", "/compte/sessions/", "/accueil/", reverse("accounts:lock")]:
            with self.subTest(path=path):
                r = self.client.get(path)
                self.assertEqual(r.status_code, 302)
                self.assertTrue(r.url.startswith(f"{LOCKED_URL}?next="), r.url)

    def test_it_shows_who_is_locked_out(self):
        self.lock()
        r = self.client.get(LOCKED_URL + "?next=/compte/")
        self.assertContains(r, "Session verrouillée")
        self.assertContains(r, "paul@cabinet-martin.example")

    def test_the_right_password_reopens_the_session(self):
        self.lock()
        r = self.client.post(LOCKED_URL, {"password": PASSWORD, "next": "/compte/securite/"})
        self.assertRedirects(r, "/compte/securite/")
        self.assertTrue(self.entries("session.unlocked", actor_id=self.praticien.pk).exists())
        self.assertEqual(self.client.get("/compte/").status_code, 200)

    def test_a_wrong_password_counts_as_a_failure(self):
        self.lock()
        r = self.client.post(LOCKED_URL, {"password": "Pas-le-bon-1", "next": "/compte/"})
        self.assertEqual(
            r.context["form"].errors["password"], ["Ce mot de passe n'est pas le bon."]
        )
        self.assertEqual(self.failures(self.praticien), 1)
        entry = self.entries("login.failure").get()
        self.assertEqual(entry.details, {"étape": "déverrouillage"})
        self.assertEqual(self.client.get("/compte/").status_code, 302)

    def test_an_empty_password_is_asked_for_without_counting(self):
        self.lock()
        for data in [{}, {"password": ""}]:
            r = self.client.post(LOCKED_URL, data)
            self.assertEqual(r.context["form"].errors["password"], ["Ce champ est obligatoire."])
        self.assertEqual(self.failures(self.praticien), 0)

    @override_settings(LOGIN_FREE_FAILURES=2)
    def test_too_many_wrong_passwords_end_the_session(self):
        self.lock()
        for _ in range(2):
            self.client.post(LOCKED_URL, {"password": "Pas-le-bon-1"})
        r = self.client.post(LOCKED_URL, {"password": PASSWORD}, follow=True)
        self.assertRedirects(r, reverse("accounts:login"))
        self.assertContains(r, "Trop d&#x27;essais infructueux pour ce compte")
        self.assertContains(r, "Patientez 1 seconde")
        self.assertSignedOut()
        # Guesses at a desk slow that desk down; they do not lock the account.
        self.assertEqual(mail.outbox, [])

    def test_logging_out_stays_possible(self):
        self.lock()
        self.client.post(reverse("accounts:logout"))
        self.assertSignedOut()

    def test_an_unlocked_session_skips_the_lock_screen(self):
        r = self.client.get(LOCKED_URL + "?next=/compte/")
        self.assertRedirects(r, "/compte/")

    def test_it_ignores_a_next_that_leaves_the_site(self):
        self.lock(next="https://attaquant.example/")
        r = self.client.post(
            LOCKED_URL, {"password": PASSWORD, "next": "https://attaquant.example/"}
        )
        self.assertRedirects(r, reverse("front:start"), fetch_redirect_response=False)

    def test_htmx_requests_are_told_where_to_go(self):
        self.lock()
        r = self.client.post(
            "/compte/",
            headers={"HX-Request": "true", "HX-Current-URL": "http://testserver/compte/"},
        )
        self.assertEqual(r.status_code, 204)
        self.assertEqual(r["HX-Redirect"], f"{LOCKED_URL}?next=%2Fcompte%2F")

    def test_the_lock_screen_does_not_keep_the_session_alive(self):
        # Someone at the desk without the password must not hold it open forever.
        self.lock()
        session = self.client.session
        session["_last"] -= 25 * 60
        session.save()
        self.client.get(LOCKED_URL)
        self.client.post(LOCKED_URL, {"password": "Pas-le-bon-1"})
        self.assertEqual(self.client.session["_last"], session["_last"])
