from django.test import Client
from django.urls import reverse

from hygie.accounts.models import Session
from hygie.accounts.tests.base import FIREFOX_ON_WINDOWS, SAFARI_ON_IPHONE, AccountsTestCase


class SessionsTestCase(AccountsTestCase):
    def setUp(self):
        self.sign_in(self.praticien, headers={"user-agent": FIREFOX_ON_WINDOWS})
        self.phone = Client(REMOTE_ADDR="192.0.2.44")
        self.sign_in(self.praticien, client=self.phone, headers={"user-agent": SAFARI_ON_IPHONE})

    def key(self, client: Client) -> str:
        return client.session.session_key

    def test_it_lists_the_persons_sessions_with_browser_and_address(self):
        self.sign_in(self.outsider, client=Client())
        r = self.client.get(reverse("accounts:sessions"))
        rows = list(r.context["rows"])
        self.assertEqual(
            {s.session_key for s in rows}, {self.key(self.client), self.key(self.phone)}
        )
        self.assertContains(r, "Firefox sur Windows")
        self.assertContains(r, "Safari sur iPhone")
        self.assertContains(r, "127.0.0.1")
        self.assertContains(r, "192.0.2.44")
        self.assertContains(r, "cette session", count=1)

    def test_it_ends_another_session(self):
        phone_key = self.key(self.phone)
        r = self.client.post(reverse("accounts:session_end", args=[phone_key]), follow=True)
        self.assertContains(r, "La session a été fermée.")
        self.assertFalse(Session.objects.filter(session_key=phone_key).exists())
        entry = self.entries("session.ended").get()
        self.assertEqual(entry.details, {"navigateur": "Safari sur iPhone"})
        # The phone is signed out at its next request.
        r = self.phone.get("/compte/")
        self.assertTrue(r.url.startswith(reverse("accounts:login")))
        self.assertSignedIn(self.praticien)

    def test_ending_the_current_session_logs_out(self):
        key = self.key(self.client)
        r = self.client.post(reverse("accounts:session_end", args=[key]))
        self.assertRedirects(r, reverse("accounts:login"))
        self.assertSignedOut()
        self.assertFalse(Session.objects.filter(session_key=key).exists())
        self.assertTrue(self.entries("logout", actor_id=self.praticien.pk).exists())

    def test_it_ends_all_other_sessions(self):
        laptop = Client()
        self.sign_in(self.praticien, client=laptop)
        r = self.client.post(reverse("accounts:sessions_end_others"), follow=True)
        self.assertContains(r, "2 autres sessions fermées.")
        self.assertEqual(
            list(Session.objects.filter(user=self.praticien).values_list("session_key", flat=True)),
            [self.key(self.client)],
        )
        self.assertEqual(self.entries("session.ended").get().details, {"sessions": 2})
        self.assertSignedIn(self.praticien)

    def test_it_answers_404_for_a_session_of_another_person(self):
        other = Client()
        self.sign_in(self.outsider, client=other)
        r = self.client.post(reverse("accounts:session_end", args=[self.key(other)]))
        self.assertEqual(r.status_code, 404)
        self.assertSignedIn(self.outsider, client=other)

    def test_it_answers_404_for_an_unknown_session(self):
        r = self.client.post(reverse("accounts:session_end", args=["n-existe-pas"]))
        self.assertEqual(r.status_code, 404)

    def test_ending_needs_a_post(self):
        r = self.client.get(reverse("accounts:session_end", args=[self.key(self.phone)]))
        self.assertEqual(r.status_code, 405)
        self.assertTrue(Session.objects.filter(session_key=self.key(self.phone)).exists())

    def test_it_asks_an_anonymous_visitor_to_sign_in(self):
        r = Client().get(reverse("accounts:sessions"))
        self.assertRedirects(r, "/connexion/?next=/compte/sessions/", fetch_redirect_response=False)
