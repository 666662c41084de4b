from hygie.tests.base import BaseTestCase, make_user


class OrgListTestCase(BaseTestCase):
    def test_it_lists_the_persons_organisations_with_their_role(self):
        self.login(self.referent)
        r = self.client.get("/organisations/")
        self.assertContains(r, "Cabinet du Dr Martin")
        self.assertContains(r, "MSP des Tilleuls")
        self.assertContains(r, "Référent externe")
        self.assertNotContains(r, "GRADeS Exemple")

    def test_it_invites_a_person_without_organisation_to_create_one(self):
        self.login(make_user("Léa Blanc", "lea@exemple.fr"))
        r = self.client.get("/organisations/")
        self.assertContains(r, "Vous ne faites partie d'aucune organisation")
        self.assertContains(r, 'href="/organisations/nouvelle/"')
