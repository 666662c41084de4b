import time

from django.urls import reverse

from hygie.accounts.tests.base import AccountsTestCase
from hygie.orgs.models import Organisation


class IdleTimeoutTestCase(AccountsTestCase):
    def idle_for(self, minutes: float) -> None:
        session = self.client.session
        session["_last"] = time.time() - minutes * 60
        session.save()

    def test_it_ends_a_session_idle_beyond_the_default_limit(self):
        self.sign_in(self.animateur)
        self.idle_for(31)
        r = self.client.get("/compte/")
        self.assertRedirects(r, "/connexion/?next=%2Fcompte%2F", fetch_redirect_response=False)
        self.assertSignedOut()
        r = self.client.get(r.url)
        self.assertContains(
            r, "Votre session a été fermée après 30 minutes d&#x27;inactivité. Reconnectez-vous"
        )

    def test_the_end_of_an_idle_session_goes_to_the_journal(self):
        self.sign_in(self.animateur)
        self.idle_for(31)
        self.client.get("/compte/")
        entry = self.entries("session.expired", actor_id=self.animateur.pk).get()
        self.assertEqual(entry.details, {"inactivité (minutes)": 30})

    def test_it_keeps_a_session_used_within_the_limit(self):
        self.sign_in(self.animateur)
        self.idle_for(29)
        self.assertEqual(self.client.get("/compte/").status_code, 200)
        self.assertSignedIn(self.animateur)
        self.assertAlmostEqual(self.client.session["_last"], time.time(), delta=5)

    def test_the_shortest_limit_of_the_persons_organisations_applies(self):
        Organisation.objects.filter(pk=self.org.pk).update(session_idle_minutes=10)
        Organisation.objects.filter(pk=self.other_org.pk).update(session_idle_minutes=20)
        self.sign_in(self.referent)
        self.idle_for(9)
        self.assertEqual(self.client.get("/compte/").status_code, 200)
        self.idle_for(11)
        r = self.client.get("/compte/", follow=True)
        self.assertContains(r, "après 10 minutes d&#x27;inactivité")
        self.assertSignedOut()

    def test_a_session_opened_without_the_login_form_gets_the_limit_too(self):
        Organisation.objects.filter(pk=self.other_org.pk).update(session_idle_minutes=15)
        self.login(self.outsider)
        self.idle_for(16)
        r = self.client.get("/compte/", follow=True)
        self.assertContains(r, "après 15 minutes d&#x27;inactivité")

    def test_htmx_requests_are_told_to_reload_the_login(self):
        self.sign_in(self.animateur)
        self.idle_for(31)
        r = self.client.post(
            "/compte/",
            headers={"HX-Request": "true", "HX-Current-URL": "http://testserver/compte/?a=1"},
        )
        self.assertEqual(r.status_code, 204)
        # Back to the page in the address bar, not to the fragment htmx asked for.
        self.assertEqual(r["HX-Redirect"], "/connexion/?next=%2Fcompte%2F%3Fa%3D1")
        self.assertSignedOut()

    def test_htmx_requests_never_come_back_to_another_site(self):
        self.sign_in(self.animateur)
        self.idle_for(31)
        r = self.client.get(
            "/compte/",
            headers={"HX-Request": "true", "HX-Current-URL": "https://attaquant.example/"},
        )
        self.assertEqual(r["HX-Redirect"], "/connexion/")

    def test_a_form_sent_after_the_limit_comes_back_to_the_start(self):
        # A redirect cannot replay a POST: no next that would answer 405.
        self.sign_in(self.animateur)
        self.idle_for(31)
        r = self.client.post("/compte/", {"full_name": "Anne Morel"})
        self.assertRedirects(r, "/connexion/", fetch_redirect_response=False)

    def test_it_leaves_anonymous_visitors_alone(self):
        self.assertEqual(self.client.get(reverse("accounts:login")).status_code, 200)
