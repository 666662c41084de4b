from hygie.tests.base import BaseTestCase


class MembersTestCase(BaseTestCase):
    def setUp(self):
        self.url = f"/o/{self.org.code}/membres/"

    def test_it_lists_the_members_and_their_roles(self):
        self.login(self.secretaire)
        r = self.client.get(self.url)
        for name in ("Claire Martin", "Paul Petit", "Sophie Bernard", "Rémi Roux"):
            self.assertContains(r, name)
        self.assertNotContains(r, "Olivier Dupuis")
        self.assertContains(r, "Référent externe")

    def test_it_shows_who_has_mfa(self):
        self.login_verified(self.praticien)
        r = self.client.get(self.url)
        self.assertContains(r, "Activée", count=1)
        self.assertContains(r, "Non activée", count=3)

    def test_it_gives_the_titulaire_the_controls(self):
        self.login(self.titulaire)
        r = self.client.get(self.url)
        self.assertContains(r, "Inviter une personne")
        praticien = self.membership(self.praticien)
        self.assertContains(r, f"/membres/{praticien.pk}/role/")
        self.assertContains(r, f"/membres/{praticien.pk}/retirer/")
        own = self.membership(self.titulaire)
        self.assertNotContains(r, f"/membres/{own.pk}/retirer/")

    def test_it_gives_a_praticien_no_controls(self):
        self.login(self.praticien)
        r = self.client.get(self.url)
        self.assertNotContains(r, "/role/")
        self.assertNotContains(r, "/retirer/")
        self.assertContains(r, "Quitter Cabinet du Dr Martin")
