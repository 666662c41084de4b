from hygie.journal.actions import chain_key, record
from hygie.journal.models import Entry
from hygie.journal.tests.helpers import raw_sql
from hygie.tests.base import BaseTestCase


class VerifyButtonTestCase(BaseTestCase):
    def setUp(self):
        self.url = f"/o/{self.org.code}/journal/verifier/"
        for n in range(3):
            record(
                action="org.settings_changed",
                org=self.org,
                actor=self.titulaire,
                object_label=f"Réglage {n}",
            )

    def test_it_reports_an_intact_journal(self):
        self.login(self.titulaire)
        r = self.client.post(self.url, follow=True)
        self.assertRedirects(r, f"/o/{self.org.code}/journal/")
        # The organisation's three entries; the shared sign-in chain is only said intact.
        self.assertContains(
            r, "Journal intègre : 3 entrées vérifiées, ainsi que le journal des connexions."
        )
        self.assertNotContains(r, "altéré")

    def test_the_verification_is_journaled(self):
        self.login(self.referent)
        self.client.post(self.url)
        entry = Entry.objects.filter(org_id=self.org.pk).latest("seq")
        self.assertEqual(entry.action, "journal.verified")
        self.assertEqual(entry.actor_id, self.referent.pk)
        self.assertEqual(entry.details, {"entrées": 3, "intègre": True})

    def test_it_shows_where_the_journal_was_tampered_with(self):
        raw_sql(
            "UPDATE {entry} SET object_label = %s WHERE chain = %s AND seq = 2",
            ["Réglage anodin", chain_key(self.org.pk)],
        )
        self.login(self.titulaire)
        r = self.client.post(self.url, follow=True)
        self.assertContains(r, "Le journal a été altéré")
        second = Entry.objects.get(chain=chain_key(self.org.pk), seq=2)
        self.assertContains(
            r,
            f"Chaîne « {chain_key(self.org.pk)} », entrée n° 2 (id {second.pk}) : "
            "son contenu a été modifié.",
        )
        entry = Entry.objects.filter(org_id=self.org.pk).latest("seq")
        self.assertEqual(entry.details["intègre"], False)

    def test_the_report_is_shown_once(self):
        raw_sql("DELETE FROM {entry} WHERE chain = %s AND seq = 2", [chain_key(self.org.pk)])
        self.login(self.titulaire)
        self.client.post(self.url)
        self.assertContains(self.client.get(f"/o/{self.org.code}/journal/"), "entrée n° 2")
        self.assertNotContains(self.client.get(f"/o/{self.org.code}/journal/"), "entrée n° 2")

    def test_another_organisation_s_tampered_chain_is_not_reported_here(self):
        record(action="org.settings_changed", org=self.other_org, actor=self.outsider)
        raw_sql("DELETE FROM {entry} WHERE chain = %s", [chain_key(self.other_org.pk)])
        self.login(self.referent)
        r = self.client.post(self.url, follow=True)
        self.assertContains(r, "Journal intègre")

    def test_it_accepts_only_post(self):
        self.login(self.titulaire)
        self.assertEqual(self.client.get(self.url).status_code, 405)
        self.assertFalse(Entry.objects.filter(action="journal.verified").exists())

    def test_it_refuses_those_who_may_not_see_the_journal(self):
        self.login(self.praticien)
        self.assertEqual(self.client.post(self.url).status_code, 403)
        self.login(self.outsider)
        self.assertEqual(self.client.post(self.url).status_code, 404)
        self.assertFalse(Entry.objects.filter(action="journal.verified").exists())


class SharedSignInChainTestCase(BaseTestCase):
    def setUp(self):
        self.url = f"/o/{self.org.code}/journal/verifier/"

    def test_a_broken_sign_in_chain_is_reported_without_its_details(self):
        raw_sql(
            "UPDATE {entry} SET actor_label = %s WHERE chain = %s AND seq = 1",
            ["quelqu-un@ailleurs.example", "instance"],
        )
        self.login(self.titulaire)
        r = self.client.post(self.url, follow=True)
        self.assertContains(r, "Le journal des connexions, commun à toutes les organisations")
        self.assertNotContains(r, "Chaîne « instance »")
