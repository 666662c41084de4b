from datetime import UTC, datetime, timedelta

from django.utils import timezone

from hygie.journal.actions import record
from hygie.journal.tests.helpers import append_at
from hygie.tests.base import BaseTestCase


class JournalPageTestCase(BaseTestCase):
    def setUp(self):
        self.url = f"/o/{self.org.code}/journal/"
        self.ours = record(
            action="org.settings_changed",
            org=self.org,
            actor=self.titulaire,
            object_label="Réglages du cabinet",
        )
        self.member_login = record(action="login.success", actor=self.praticien)
        self.theirs = record(
            action="org.settings_changed",
            org=self.other_org,
            actor=self.outsider,
            object_label="Réglages des Tilleuls",
        )
        self.outsider_login = record(action="login.success", actor=self.outsider)

    def shown(self, query: str = "") -> list:
        r = self.client.get(self.url + query)
        self.assertEqual(r.status_code, 200)
        return list(r.context["page"])

    def test_it_shows_the_journal_to_the_titulaire(self):
        self.login(self.titulaire)
        r = self.client.get(self.url)
        self.assertContains(r, "Journal d'audit")
        self.assertContains(r, "Réglages du cabinet")
        self.assertContains(r, "Paramètres modifiés")

    def test_it_shows_the_journal_to_the_referent(self):
        self.login(self.referent)
        self.assertContains(self.client.get(self.url), "Réglages du cabinet")

    def test_it_refuses_the_praticien_and_the_secretariat(self):
        for user in [self.praticien, self.secretaire]:
            with self.subTest(user=user.full_name):
                self.login(user)
                r = self.client.get(self.url)
                self.assertEqual(r.status_code, 403)
                self.assertNotIn("Réglages du cabinet", r.content.decode())

    def test_it_answers_404_to_an_outsider(self):
        self.login(self.outsider)
        self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_it_answers_404_for_an_organisation_that_does_not_exist(self):
        self.login(self.titulaire)
        self.assertEqual(self.client.get("/o/inexistant/journal/").status_code, 404)

    def test_it_sends_an_anonymous_visitor_to_the_login_page(self):
        r = self.client.get(self.url)
        self.assertEqual(r.status_code, 302)
        self.assertIn("/connexion", r.url)

    def test_it_shows_the_organisation_entries_and_its_members_logins_only(self):
        self.login(self.titulaire)
        shown = self.shown()
        self.assertIn(self.ours, shown)
        self.assertIn(self.member_login, shown)
        self.assertNotIn(self.theirs, shown)
        self.assertNotIn(self.outsider_login, shown)
        self.assertNotContains(self.client.get(self.url), "Réglages des Tilleuls")

    def test_it_shows_details_in_french(self):
        record(
            action="member.role_changed",
            org=self.org,
            actor=self.titulaire,
            details={"rôle": ["Praticien", "Titulaire"], "double_authentification": False},
        )
        self.login(self.titulaire)
        r = self.client.get(self.url)
        self.assertContains(r, "rôle : Praticien → Titulaire ; double authentification : non")
        self.assertNotContains(r, "[&#x27;Praticien")

    def test_it_shows_the_most_recent_entries_first(self):
        later = record(action="member.removed", org=self.org, actor=self.titulaire)
        self.login(self.titulaire)
        self.assertEqual(self.shown()[0], later)

    def test_it_filters_by_action(self):
        self.login(self.titulaire)
        self.assertEqual(self.shown("?action=login.success"), [self.member_login])

    def test_it_filters_by_person(self):
        self.login(self.titulaire)
        self.assertEqual(self.shown(f"?actor={self.titulaire.pk}"), [self.ours])
        self.assertEqual(self.shown(f"?actor={self.praticien.pk}"), [self.member_login])

    def test_it_filters_by_date_range(self):
        self.login(self.titulaire)
        today = timezone.localtime(self.ours.time).date()
        day = timedelta(days=1)
        self.assertEqual(len(self.shown(f"?start={today}&end={today}")), 2)
        self.assertEqual(self.shown(f"?start={today + day}"), [])
        self.assertEqual(self.shown(f"?end={today - day}"), [])

    def test_dates_are_days_in_paris_time(self):
        # 23:30 UTC on 14 January is 00:30 on the 15th in Paris.
        first = append_at(
            datetime(2024, 1, 14, 23, 30, tzinfo=UTC), org=self.org, action="deadline.done"
        )
        last = append_at(
            datetime(2024, 1, 15, 22, 30, tzinfo=UTC), org=self.org, action="deadline.done"
        )
        append_at(datetime(2024, 1, 15, 23, 30, tzinfo=UTC), org=self.org, action="deadline.done")
        self.login(self.titulaire)
        self.assertEqual(self.shown("?start=2024-01-15&end=2024-01-15"), [last, first])
        self.assertEqual(self.shown("?end=2024-01-14"), [])

    def test_it_explains_a_start_date_after_the_end_date(self):
        self.login(self.titulaire)
        r = self.client.get(self.url + "?start=2024-03-02&end=2024-03-01")
        self.assertContains(r, "La date de fin doit suivre la date de début.")

    def test_the_valid_filters_apply_when_another_is_wrong(self):
        self.login(self.titulaire)
        self.assertEqual(self.shown("?action=login.success&start=2024-99-99"), [self.member_login])

    def test_it_explains_a_date_out_of_range(self):
        self.login(self.titulaire)
        r = self.client.get(self.url + "?start=0001-01-01&end=9999-12-31")
        self.assertContains(r, "Saisissez une date entre 2000 et 2100.", count=2)

    def test_it_pages_a_long_journal(self):
        for n in range(55):
            record(
                action="deadline.created", org=self.org, actor=self.titulaire, object_label=f"{n}"
            )
        self.login(self.titulaire)
        r = self.client.get(self.url)
        self.assertEqual(len(r.context["page"]), 50)
        self.assertContains(r, "Page 1 sur 2")
        self.assertContains(r, "Plus anciennes")
        r = self.client.get(self.url + "?action=deadline.created&page=2")
        self.assertEqual(len(r.context["page"]), 5)
        self.assertContains(r, "?action=deadline.created&amp;page=1")

    def test_garbage_in_the_query_never_breaks_the_page(self):
        self.login(self.titulaire)
        for query in [
            "page=abc",
            "page=-1",
            "page=99999",
            "actor=xyz",
            "actor=99999999999999999999",
            f"actor={self.outsider.pk}",
            "action=patient.read",
            "start=2024-99-99",
            "end=demain",
            "start=2024-01-01&end=",
            "start=0001-01-01&end=9999-12-31",
            "page=%00",
        ]:
            with self.subTest(query=query):
                r = self.client.get(f"{self.url}?{query}")
                self.assertEqual(r.status_code, 200)

    def test_it_never_shows_an_outsider_filtered_for(self):
        self.login(self.titulaire)
        self.assertNotIn(self.outsider_login, self.shown(f"?actor={self.outsider.pk}"))

    def test_it_asks_for_the_second_factor_when_the_organisation_requires_it(self):
        self.org.require_mfa = True
        self.org.save(update_fields=["require_mfa"])
        self.login(self.titulaire)
        self.assertEqual(self.client.get(self.url).status_code, 302)
        self.login_verified(self.titulaire)
        self.assertEqual(self.client.get(self.url).status_code, 200)
