"""Joining with consent, and leaving at any time."""

from datetime import timedelta

from django.utils import timezone

from hygie.journal.models import Entry
from hygie.territory.models import Participation
from hygie.territory.tests.base import TerritoryTestCase


class JoinTests(TerritoryTestCase):
    def url(self, link=None):
        return (link or self.link).get_absolute_url()

    def test_a_titulaire_reads_the_consent_and_joins(self):
        self.login(self.titulaire)
        r = self.client.get(self.url())
        self.assertContains(r, "Ce qui n'est jamais partagé")
        self.assertContains(r, "Vous pouvez quitter le territoire à tout moment")
        r = self.client.post(self.url(), {"practice": self.org.code, "consent": "on"})
        self.assertRedirects(r, f"/o/{self.org.code}/territoire/")
        participation = Participation.objects.get(region=self.region, practice=self.org)
        self.assertEqual(participation.joined_by, self.titulaire)
        self.assertEqual(participation.departement, "69")
        self.assertEqual(participation.consent_version, "2026-12")
        self.assertTrue(self.org.territory_snapshots.exists())
        for org in (self.org, self.region):
            self.assertTrue(Entry.objects.filter(org_id=org.pk, action="territory.joined").exists())

    def test_it_refuses_without_consent(self):
        self.login(self.titulaire)
        r = self.client.post(self.url(), {"practice": self.org.code})
        self.assertContains(r, "Cochez la case pour donner votre accord.")
        self.assertFalse(Participation.objects.exists())

    def test_only_a_titulaire_can_make_a_practice_join(self):
        for user in (self.praticien, self.secretaire, self.referent):
            with self.subTest(user=user):
                self.login(user)
                r = self.client.get(self.url())
                self.assertContains(r, "Seul le ou la titulaire d'une structure")
                r = self.client.post(self.url(), {"practice": self.org.code, "consent": "on"})
                self.assertEqual(r.status_code, 200)
        self.assertFalse(Participation.objects.exists())

    def test_an_outsider_with_the_link_can_only_bring_her_own_practice(self):
        self.login(self.outsider)
        r = self.client.post(self.url(), {"practice": self.org.code, "consent": "on"})
        self.assertContains(r, "Choisissez une structure dont vous êtes titulaire.")
        self.assertFalse(Participation.objects.exists())
        r = self.client.post(self.url(), {"practice": self.other_org.code, "consent": "on"})
        self.assertEqual(Participation.objects.get().practice, self.other_org)

    def test_an_expired_or_withdrawn_link_no_longer_works(self):
        self.login(self.titulaire)
        self.link.expires = timezone.now() - timedelta(minutes=1)
        self.link.save(update_fields=["expires"])
        r = self.client.post(self.url(), {"practice": self.org.code, "consent": "on"})
        self.assertContains(r, "ne permet plus de rejoindre", status_code=410)
        self.assertFalse(Participation.objects.exists())

    def test_an_unknown_link_is_not_found(self):
        self.login(self.titulaire)
        self.assertEqual(self.client.get("/territoire/rejoindre/inconnu/").status_code, 404)

    def test_a_signed_out_visitor_is_asked_to_sign_in(self):
        r = self.client.get(self.url())
        self.assertEqual(r.status_code, 302)
        self.assertIn("connexion", r.url)

    def test_a_practice_joins_once(self):
        self.login(self.titulaire)
        self.client.post(self.url(), {"practice": self.org.code, "consent": "on"})
        r = self.client.get(self.url())
        self.assertContains(r, "font déjà partie de ce territoire")
        self.assertEqual(Participation.objects.count(), 1)


class LeaveTests(TerritoryTestCase):
    def setUp(self):
        super().setUp()
        self.org.owner = self.titulaire
        self.participation = self.joined(self.org)
        self.url = f"/o/{self.org.code}/territoire/quitter/{self.participation.pk}/"

    def test_the_titulaire_confirms_and_leaves(self):
        self.login(self.titulaire)
        self.assertContains(self.client.get(self.url), "Quitter le territoire")
        r = self.client.post(self.url)
        self.assertRedirects(r, f"/o/{self.org.code}/territoire/")
        self.participation.refresh_from_db()
        self.assertIsNotNone(self.participation.left_at)
        self.assertEqual(self.participation.left_by, self.titulaire)
        for org in (self.org, self.region):
            self.assertTrue(Entry.objects.filter(org_id=org.pk, action="territory.left").exists())
        # Gone: a second leave finds nothing.
        self.assertEqual(self.client.post(self.url).status_code, 404)

    def test_other_roles_cannot_leave(self):
        for user in (self.praticien, self.secretaire, self.referent):
            with self.subTest(user=user):
                self.login(user)
                self.assertEqual(self.client.post(self.url).status_code, 403)
        self.login(self.outsider)
        self.assertEqual(self.client.post(self.url).status_code, 404)
        self.assertIsNone(Participation.objects.get().left_at)

    def test_a_practice_may_join_again(self):
        self.login(self.titulaire)
        self.client.post(self.url)
        self.client.post(self.link.get_absolute_url(), {"practice": self.org.code, "consent": "on"})
        self.assertEqual(Participation.objects.active().count(), 1)
        self.assertEqual(Participation.objects.count(), 2)
