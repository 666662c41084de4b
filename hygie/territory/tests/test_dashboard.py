"""The territory's dashboard: who sees it, and what it shows as practices join and leave."""

from hygie.orgs.models import Profession
from hygie.territory import actions
from hygie.territory.tests.base import TerritoryTestCase


class DashboardAccessTests(TerritoryTestCase):
    def test_the_animateur_sees_it(self):
        self.login(self.animateur)
        self.assertContains(self.client.get(self.dashboard_url()), "Tableau du territoire")

    def test_the_regions_secretary_and_praticien_are_refused(self):
        for user in (self.region_secretary, self.region_praticien):
            with self.subTest(user=user):
                self.login(user)
                self.assertEqual(self.client.get(self.dashboard_url()).status_code, 403)

    def test_a_practice_member_finds_nothing(self):
        self.login(self.titulaire)
        self.assertEqual(self.client.get(self.dashboard_url()).status_code, 404)
        # Nor is there such a page in a practice, whatever the member's role.
        for user in (self.titulaire, self.praticien, self.secretaire):
            with self.subTest(user=user):
                self.login(user)
                self.assertEqual(self.client.get(self.dashboard_url(self.org)).status_code, 404)


class AggregationTests(TerritoryTestCase):
    def setUp(self):
        super().setUp()
        self.login(self.animateur)
        self.practices = [self.practice(i) for i in range(6)]

    def board(self):
        return actions.dashboard(self.region).summary

    def test_four_practices_show_nothing_but_their_count(self):
        for org, indice in zip(self.practices[:4], (10, 20, 30, 40), strict=True):
            self.joined(org, indice)
        r = self.client.get(self.dashboard_url())
        self.assertContains(r, "4 structures partagent pour l&#x27;instant")
        self.assertContains(r, "Aucun chiffre n&#x27;est montré")
        self.assertNotContains(r, "Indice global")
        self.assertNotContains(r, "Rapport PDF")

    def test_the_fifth_practice_brings_the_figures(self):
        for org, indice in zip(self.practices[:5], (10, 20, 30, 40, 50), strict=True):
            self.joined(org, indice)
        r = self.client.get(self.dashboard_url())
        self.assertContains(r, "5 structures partagent leurs indicateurs")
        self.assertContains(r, "Indice global")
        summary = r.context["summary"]
        self.assertEqual((summary.indice.median, summary.indice.covers), (30, 5))

    def test_a_leaver_stops_counting_at_once_and_counts_again_on_rejoining(self):
        participations = [
            self.joined(org, indice)
            for org, indice in zip(self.practices, (10, 20, 30, 40, 50, 90), strict=True)
        ]
        self.assertEqual(self.board().indice.median, 35)
        actions.leave(participations[-1], actor=self.practices[-1].owner)
        self.assertEqual(self.board().count, 5)
        self.assertEqual(self.board().indice.median, 30)
        actions.leave(participations[0], actor=self.practices[0].owner)
        self.assertFalse(self.board().published)
        self.joined(self.practices[-1], 90)
        self.assertEqual(self.board().indice.median, 40)

    def test_a_refreshed_snapshot_changes_the_cached_dashboard(self):
        for org in self.practices[:5]:
            self.joined(org, 50)
        self.assertEqual(self.board().indice.median, 50)
        for org in self.practices[:5]:
            self.set_figures(org, indice=70)
        self.assertEqual(self.board().indice.median, 70)

    def test_a_small_profession_is_hidden_with_a_complement(self):
        sages_femmes = [self.practice(10 + i, Profession.SAGE_FEMME) for i in range(3)]
        for org in self.practices + sages_femmes:
            self.joined(org, 50)
        r = self.client.get(self.dashboard_url())
        rows = {s.key: s.rows for s in r.context["sections"]()}["professions"]
        by_name = {row[0]: row[1] for row in rows}
        # 3 sages-femmes hidden, and the 6 infirmiers with them: the total would give them back.
        self.assertEqual(by_name["Sage-femme"], "—")
        self.assertEqual(by_name["Infirmier ou infirmière"], "—")
        self.assertEqual(by_name["Total"], "9")

    def test_each_figure_says_how_many_practices_it_covers(self):
        for org in self.practices[:5]:
            self.joined(org, 50)
        r = self.client.get(self.dashboard_url())
        indice = {s.key: s.rows for s in r.context["sections"]()}["indice"][0]
        self.assertEqual(indice[-1], "5 structures")

    def test_the_members_are_listed_by_name_without_figures(self):
        for org in self.practices[:2]:
            self.joined(org, 77)
        r = self.client.get(f"/o/{self.region.code}/territoire/inviter/")
        page = r.content.decode()
        members = page[page.index('id="membres"') :]
        self.assertIn("Cabinet 0", members)
        # No figure (the organisations' codes in links may hold digits).
        self.assertNotRegex(members, r"\b77\b")
