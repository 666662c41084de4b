from hygie.deadlines import actions
from hygie.deadlines.tests.helpers import deadline
from hygie.tests.base import BaseTestCase


class HomeDeadlinesTestCase(BaseTestCase):
    def setUp(self):
        self.url = f"/o/{self.org.code}/"
        self.login(self.secretaire)

    def test_an_overdue_deadline_is_marked_late_among_the_priorities(self):
        late = deadline(self.org, "Déclarer l'incident", due_in_days=-1)
        r = self.client.get(self.url)
        self.assertEqual(r.context["urgent"], [late])
        self.assertContains(r, '<li class="deadline deadline--overdue">')
        self.assertContains(r, '<span class="badge badge--overdue">En retard</span>', html=True)

    def test_deadlines_are_listed_by_urgency(self):
        deadline(self.org, "Renouveler le certificat", due_in_days=60)
        deadline(self.org, "Tester la sauvegarde", due_in_days=3)
        deadline(self.org, "Déclarer l'incident", due_in_days=-1)
        r = self.client.get(self.url)
        self.assertEqual(
            [d.title for d in r.context["urgent"]], ["Déclarer l'incident", "Tester la sauvegarde"]
        )
        self.assertEqual([d.title for d in r.context["later"]], ["Renouveler le certificat"])
        html = r.content.decode()
        order = [
            html.index(t)
            for t in (
                "Déclarer l&#x27;incident",
                "Tester la sauvegarde",
                "Renouveler le certificat",
            )
        ]
        self.assertEqual(order, sorted(order))
        self.assertContains(r, "Dans les 7 jours")

    def test_closed_deadlines_are_not_on_the_home_page(self):
        done = deadline(self.org, "Changer le routeur", due_in_days=-1)
        actions.complete(done)
        r = self.client.get(self.url)
        self.assertNotContains(r, "Changer le routeur")
        self.assertContains(r, "Rien d'urgent")
