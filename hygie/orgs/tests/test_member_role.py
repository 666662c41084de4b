from hygie.journal.models import Entry
from hygie.orgs.roles import Role
from hygie.tests.base import BaseTestCase


class MemberRoleTestCase(BaseTestCase):
    def url(self, membership):
        return f"/o/{self.org.code}/membres/{membership.pk}/role/"

    def test_it_changes_a_role(self):
        self.login(self.titulaire)
        target = self.membership(self.praticien)
        r = self.client.post(self.url(target), {"role": Role.SECRETARIAT}, follow=True)
        self.assertRedirects(r, f"/o/{self.org.code}/membres/")
        self.assertContains(r, "Rôle de Paul Petit mis à jour.")
        target.refresh_from_db()
        self.assertEqual(target.role, Role.SECRETARIAT)

    def test_it_journals_the_change(self):
        self.login(self.titulaire)
        target = self.membership(self.praticien)
        self.client.post(self.url(target), {"role": Role.SECRETARIAT})
        entry = Entry.objects.get(action="member.role_changed", org_id=self.org.id)
        self.assertEqual(entry.actor_id, self.titulaire.id)
        self.assertEqual(entry.object_label, "paul@cabinet-martin.example")
        self.assertEqual(entry.details, {"rôle": ["Praticien", "Secrétariat"]})

    def test_it_journals_nothing_when_the_role_stays(self):
        self.login(self.titulaire)
        self.client.post(self.url(self.membership(self.praticien)), {"role": Role.PRATICIEN})
        self.assertFalse(Entry.objects.filter(action="member.role_changed"))

    def test_it_never_demotes_the_last_titulaire(self):
        self.login(self.titulaire)
        own = self.membership(self.titulaire)
        r = self.client.post(self.url(own), {"role": Role.PRATICIEN}, follow=True)
        self.assertContains(r, "L&#x27;organisation doit garder au moins un titulaire")
        own.refresh_from_db()
        self.assertEqual(own.role, Role.TITULAIRE)
        self.assertFalse(Entry.objects.filter(action="member.role_changed"))

    def test_a_titulaire_may_step_down_once_another_is_named(self):
        self.login(self.titulaire)
        self.client.post(self.url(self.membership(self.praticien)), {"role": Role.TITULAIRE})
        own = self.membership(self.titulaire)
        self.client.post(self.url(own), {"role": Role.PRATICIEN})
        own.refresh_from_db()
        self.assertEqual(own.role, Role.PRATICIEN)
        self.assertEqual(list(self.org.titulaires()), [self.membership(self.praticien)])

    def test_it_refuses_an_unknown_role(self):
        self.login(self.titulaire)
        target = self.membership(self.praticien)
        r = self.client.post(self.url(target), {"role": "chef"}, follow=True)
        self.assertContains(r, "Choisissez un rôle dans la liste.")
        target.refresh_from_db()
        self.assertEqual(target.role, Role.PRATICIEN)

    def test_it_answers_403_to_a_praticien(self):
        self.login(self.praticien)
        target = self.membership(self.secretaire)
        r = self.client.post(self.url(target), {"role": Role.TITULAIRE})
        self.assertContains(
            r, "Votre rôle (Praticien) ne donne pas accès à cette page.", status_code=403
        )
        target.refresh_from_db()
        self.assertEqual(target.role, Role.SECRETARIAT)

    def test_it_answers_403_to_the_secretary(self):
        self.login(self.secretaire)
        r = self.client.post(self.url(self.membership(self.secretaire)), {"role": Role.TITULAIRE})
        self.assertEqual(r.status_code, 403)
        self.assertEqual(self.membership(self.secretaire).role, Role.SECRETARIAT)

    def test_it_answers_404_to_an_outsider(self):
        self.login(self.outsider)
        r = self.client.post(self.url(self.membership(self.praticien)), {"role": Role.TITULAIRE})
        self.assertEqual(r.status_code, 404)

    def test_it_answers_404_for_a_membership_of_another_organisation(self):
        self.login(self.titulaire)
        theirs = self.membership(self.outsider, self.other_org)
        r = self.client.post(self.url(theirs), {"role": Role.SECRETARIAT})
        self.assertEqual(r.status_code, 404)
        theirs.refresh_from_db()
        self.assertEqual(theirs.role, Role.TITULAIRE)

    def test_it_only_accepts_post(self):
        self.login(self.titulaire)
        r = self.client.get(self.url(self.membership(self.praticien)))
        self.assertEqual(r.status_code, 405)
