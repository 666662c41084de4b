from django.db import connection
from django.test.utils import CaptureQueriesContext

from hygie.deadlines import actions
from hygie.deadlines.tests.helpers import deadline
from hygie.tests.base import BaseTestCase


class ListTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.late = deadline(cls.org, "Déclarer l'incident", due_in_days=-2)
        cls.soon = deadline(cls.org, "Tester la sauvegarde", due_in_days=3)
        cls.later = deadline(cls.org, "Renouveler le certificat", due_in_days=60)
        cls.done = deadline(cls.org, "Changer le routeur")
        actions.complete(cls.done)
        cls.cancelled = deadline(cls.org, "Former la secrétaire")
        actions.cancel(cls.cancelled)
        deadline(cls.other_org, "Réunion de la MSP")

    def setUp(self):
        self.url = f"/o/{self.org.code}/echeances/"

    def test_it_lists_the_open_deadlines_soonest_first_with_their_urgency(self):
        self.login(self.praticien)
        r = self.client.get(self.url)
        self.assertEqual(
            [d.title for d in r.context["rows"]],
            ["Déclarer l'incident", "Tester la sauvegarde", "Renouveler le certificat"],
        )
        self.assertContains(r, '<span class="badge badge--overdue">En retard</span>', html=True)
        self.assertContains(r, "Dans les 7 jours")
        self.assertContains(r, "À venir")
        self.assertContains(r, f'class="deadline deadline--overdue" id="echeance-{self.late.pk}"')
        self.assertNotContains(r, "Changer le routeur")
        self.assertNotContains(r, "Réunion de la MSP")

    def test_the_closed_ones_are_under_done_or_cancelled(self):
        self.login(self.praticien)
        r = self.client.get(self.url + "?etat=closes")
        self.assertEqual(
            {d.title for d in r.context["rows"]}, {"Changer le routeur", "Former la secrétaire"}
        )
        self.assertContains(r, "Faites ou annulées")
        self.assertContains(r, '<span class="badge badge--closed">Fait</span>', html=True)
        self.assertContains(r, '<span class="badge badge--closed">Annulée</span>', html=True)
        self.assertContains(r, "Rouvrir")

    def test_it_shows_the_legal_rule_of_a_deadline(self):
        deadline(self.org, "Notifier la CNIL", due_in_days=2, rule="rgpd-33-notification-cnil")
        self.login(self.praticien)
        self.assertContains(
            self.client.get(self.url), "Délai légal : Notifier une violation de données à la CNIL"
        )

    def test_it_offers_the_buttons_to_those_who_may_manage(self):
        self.login(self.praticien)
        r = self.client.get(self.url)
        self.assertContains(r, "Ajouter une échéance")
        self.assertContains(r, "Marquer comme faite", count=3)

    def test_the_secretary_sees_the_list_without_the_buttons(self):
        self.login(self.secretaire)
        r = self.client.get(self.url)
        self.assertContains(r, "Tester la sauvegarde")
        self.assertNotContains(r, "Ajouter une échéance")
        self.assertNotContains(r, "Marquer comme faite")

    def test_it_answers_404_to_an_outsider(self):
        self.login(self.outsider)
        self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_it_asks_a_visitor_to_sign_in(self):
        r = self.client.get(self.url)
        self.assertEqual(r.status_code, 302)
        self.assertIn("/connexion/", r["Location"])

    def test_it_does_not_query_the_database_once_per_deadline(self):
        self.login(self.praticien)
        self.client.get(self.url)
        with CaptureQueriesContext(connection) as three:
            self.client.get(self.url)
        for n in range(5):
            deadline(self.org, f"Échéance {n}", due_in_days=10 + n)
        with CaptureQueriesContext(connection) as eight:
            self.client.get(self.url)
        self.assertEqual(len(eight), len(three))
