"""The hub: a practice's territories and what it shares; a regional body's tools."""

from hygie.territory.tests.base import TerritoryTestCase


class PracticeHubTests(TerritoryTestCase):
    def setUp(self):
        super().setUp()
        self.org.owner = self.titulaire
        self.participation = self.joined(self.org, 64)
        self.url = f"/o/{self.org.code}/territoire/"

    def test_the_titulaire_sees_her_territory_what_leaves_and_how_to_leave(self):
        self.login(self.titulaire)
        r = self.client.get(self.url)
        self.assertContains(r, "GRADeS Exemple")
        self.assertContains(r, f"/quitter/{self.participation.pk}/")
        self.assertContains(r, "Ce que Cabinet du Dr Martin partage")
        self.assertContains(r, "64 sur 100")
        self.assertContains(r, "/sensibilisation/")

    def test_every_member_sees_the_open_surveys_of_her_territories_only(self):
        from hygie.surveys.models import Survey

        mine = Survey.objects.create(
            org=self.region, title="Pratiques RGPD 2026", status=Survey.Status.OPEN
        )
        Survey.objects.create(org=self.region, title="Brouillon", status=Survey.Status.DRAFT)
        Survey.objects.create(org=self.other_org, title="Autre", status=Survey.Status.OPEN)
        for user in (self.titulaire, self.secretaire):
            with self.subTest(user=user):
                self.login(user)
                r = self.client.get(self.url)
                self.assertContains(r, "Pratiques RGPD 2026")
                self.assertContains(r, mine.public_path())
                self.assertNotContains(r, "Brouillon")
                self.assertNotContains(r, "Autre")

    def test_the_other_members_see_the_territory_but_not_the_figures(self):
        for user in (self.praticien, self.secretaire):
            with self.subTest(user=user):
                self.login(user)
                r = self.client.get(self.url)
                self.assertContains(r, "GRADeS Exemple")
                self.assertNotContains(r, "/quitter/")
                self.assertNotContains(r, "64 sur 100")


class RegionHubTests(TerritoryTestCase):
    def test_each_role_sees_the_tools_it_may_use(self):
        url = f"/o/{self.region.code}/territoire/"
        self.login(self.animateur)
        r = self.client.get(url)
        for path in ("/enquetes/", "/territoire/tableau/", "/territoire/inviter/", "/lettre/"):
            self.assertContains(r, path)
        self.login(self.region_secretary)
        r = self.client.get(url)
        self.assertNotContains(r, "/territoire/tableau/")
        self.assertNotContains(r, "/enquetes/")
        self.assertContains(r, "/sensibilisation/")
