from hygie.orgs.models import Organisation
from hygie.tests.base import BaseTestCase


class RequireMfaTestCase(BaseTestCase):
    def setUp(self):
        Organisation.objects.filter(pk=self.org.pk).update(require_mfa=True)
        self.url = f"/o/{self.org.code}/membres/"

    def test_it_sends_a_member_without_mfa_to_enrol(self):
        self.login(self.praticien)
        r = self.client.get(self.url, follow=True)
        self.assertRedirects(
            r, f"/compte/securite/activer/?next=%2Fo%2F{self.org.code}%2Fmembres%2F"
        )
        self.assertContains(
            r, "Cabinet du Dr Martin demande à tous ses membres d&#x27;activer la double"
        )

    def test_it_sends_a_titulaire_without_mfa_to_enrol_too(self):
        self.login(self.titulaire)
        r = self.client.get(f"/o/{self.org.code}/parametres/")
        self.assertEqual(r.status_code, 302)
        self.assertTrue(r.url.startswith("/compte/securite/activer/"))

    def test_it_lets_a_verified_member_in(self):
        self.login_verified(self.praticien)
        r = self.client.get(self.url)
        self.assertContains(r, "Membres et rôles")

    def test_it_does_not_reveal_the_requirement_to_an_outsider(self):
        self.login(self.outsider)
        self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_it_leaves_other_organisations_alone(self):
        self.login(self.referent)
        r = self.client.get(f"/o/{self.other_org.code}/")
        self.assertEqual(r.status_code, 200)
