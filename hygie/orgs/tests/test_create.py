from hygie.journal.models import Entry
from hygie.orgs.models import Kind, Membership, Organisation, Profession
from hygie.orgs.roles import Role
from hygie.tests.base import BaseTestCase


class OrgCreateTestCase(BaseTestCase):
    def post(self, **overrides):
        data = {
            "name": "Cabinet infirmier des Lilas",
            "kind": Kind.CABINET_GROUPE,
            "profession": Profession.INFIRMIER,
            **overrides,
        }
        return self.client.post("/organisations/nouvelle/", data)

    def test_it_shows_the_form(self):
        self.login(self.praticien)
        r = self.client.get("/organisations/nouvelle/")
        self.assertContains(r, "Créer une organisation")
        self.assertContains(r, "Nom de la structure")

    def test_it_makes_the_creator_titulaire(self):
        self.login(self.praticien)
        r = self.post()
        org = Organisation.objects.get(name="Cabinet infirmier des Lilas")
        self.assertRedirects(r, f"/o/{org.code}/")
        self.assertEqual(org.kind, Kind.CABINET_GROUPE)
        self.assertEqual(org.profession, Profession.INFIRMIER)
        membership = Membership.objects.get(org=org)
        self.assertEqual(membership.user, self.praticien)
        self.assertEqual(membership.role, Role.TITULAIRE)

    def test_it_journals_the_creation(self):
        self.login(self.praticien)
        self.post()
        org = Organisation.objects.get(name="Cabinet infirmier des Lilas")
        entry = Entry.objects.get(action="org.created", org_id=org.id)
        self.assertEqual(entry.actor_id, self.praticien.id)
        self.assertEqual(entry.details, {"type": "Cabinet de groupe"})

    def test_it_welcomes_the_new_titulaire(self):
        self.login(self.praticien)
        r = self.client.post(
            "/organisations/nouvelle/",
            {"name": "Cabinet infirmier des Lilas", "kind": Kind.CABINET_GROUPE},
            follow=True,
        )
        self.assertContains(r, "Cabinet infirmier des Lilas est créée. Vous en êtes titulaire.")

    def test_it_gives_each_organisation_a_distinct_code(self):
        self.login(self.praticien)
        self.post()
        self.post()
        codes = set(Organisation.objects.values_list("code", flat=True))
        self.assertEqual(len(codes), Organisation.objects.count())

    def test_it_requires_a_name(self):
        self.login(self.praticien)
        r = self.post(name="")
        self.assertContains(r, "Ce champ est obligatoire.", status_code=400)
        self.assertFalse(Organisation.objects.filter(kind=Kind.CABINET_GROUPE).exists())

    def test_it_refuses_an_unknown_kind(self):
        self.login(self.praticien)
        r = self.post(kind="clinique")
        self.assertContains(r, "Sélectionnez un choix valide", status_code=400)
        self.assertFalse(Organisation.objects.filter(name="Cabinet infirmier des Lilas").exists())

    def test_it_sends_an_anonymous_visitor_to_the_login_page(self):
        r = self.client.get("/organisations/nouvelle/")
        self.assertRedirects(r, "/connexion/?next=/organisations/nouvelle/")
