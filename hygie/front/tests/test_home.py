from datetime import timedelta

from django.utils import timezone
from django.utils.html import escape

from hygie.deadlines.actions import complete, set_deadline
from hygie.front.capabilities import CAPABILITIES
from hygie.front.tests.coming import with_future_capability
from hygie.tests.base import BaseTestCase


class HomeTestCase(BaseTestCase):
    def setUp(self):
        self.url = f"/o/{self.org.code}/"

    def deadline(self, title: str, days: float, **kwargs):
        due = timezone.now() + timedelta(days=days)
        return set_deadline(org=self.org, title=title, due_at=due, **kwargs)

    def test_it_shows_the_home_page_to_a_member(self):
        self.login(self.titulaire)
        r = self.client.get(self.url)
        self.assertContains(r, "Cabinet du Dr Martin")
        self.assertContains(r, "cyber-réflexe du jour")

    def test_it_answers_404_to_an_outsider(self):
        self.login(self.outsider)
        r = self.client.get(self.url)
        self.assertEqual(r.status_code, 404)

    def test_it_remembers_the_organisation(self):
        self.login(self.referent)
        self.client.get(f"/o/{self.other_org.code}/")
        self.referent.refresh_from_db()
        self.assertEqual(self.referent.last_org, self.other_org)


class HomeDeadlinesTestCase(BaseTestCase):
    def setUp(self):
        self.url = f"/o/{self.org.code}/"

    def deadline(self, title: str, days: float, **kwargs):
        due = timezone.now() + timedelta(days=days)
        return set_deadline(org=self.org, title=title, due_at=due, **kwargs)

    def test_it_says_when_nothing_is_urgent(self):
        self.login(self.titulaire)
        r = self.client.get(self.url)
        self.assertContains(r, "Rien d'urgent")

    def test_it_lists_overdue_then_coming_deadlines(self):
        later = self.deadline("Renouveler le contrat de l'hébergeur", 30)
        soon = self.deadline("Tester la restauration", 3)
        overdue = self.deadline("Mettre à jour les accès", -2)
        self.login(self.praticien)
        r = self.client.get(self.url)
        self.assertEqual(list(r.context["urgent"]), [overdue, soon])
        self.assertEqual(list(r.context["later"]), [later])
        text = r.content.decode()
        positions = [
            text.index("Mettre à jour les accès"),
            text.index("Tester la restauration"),
            text.index("Ensuite"),
            text.index("Renouveler le contrat"),
        ]
        self.assertEqual(positions, sorted(positions))
        self.assertContains(r, "En retard")
        self.assertContains(r, "Dans les 7 jours")

    def test_it_leaves_out_closed_deadlines(self):
        done = self.deadline("Sauvegarde testée", -1)
        complete(done, actor=self.titulaire, request=None)
        self.login(self.titulaire)
        r = self.client.get(self.url)
        self.assertNotContains(r, "Sauvegarde testée")

    def test_it_shows_five_later_deadlines_and_counts_the_rest(self):
        for n in range(7):
            self.deadline(f"Revue n° {n}", 20 + n)
        self.login(self.titulaire)
        r = self.client.get(self.url)
        self.assertEqual(len(r.context["later"]), 5)
        self.assertContains(r, "Voir les 7 échéances à venir")
        self.assertNotContains(r, "Revue n° 6")

    def test_it_hides_deadlines_the_role_may_not_see(self):
        self.deadline("Revoir les paramètres", 2, permission="org.manage")
        self.login(self.secretaire)
        self.assertNotContains(self.client.get(self.url), "Revoir les paramètres")
        self.login(self.titulaire)
        self.assertContains(self.client.get(self.url), "Revoir les paramètres")

    def test_it_shows_only_the_organisations_deadlines(self):
        set_deadline(
            org=self.other_org,
            title="Échéance de la MSP",
            due_at=timezone.now() + timedelta(days=1),
        )
        self.login(self.referent)
        self.assertNotContains(self.client.get(self.url), "Échéance de la MSP")


class HomeLegalClocksTestCase(BaseTestCase):
    """A legal clock (RGPD art. 33(1): notify the CNIL within 72 hours) is the
    most urgent thing on the page, never shown like routine work."""

    def setUp(self):
        self.url = f"/o/{self.org.code}/"
        self.login(self.titulaire)

    def deadline(self, title: str, hours: float, **kwargs):
        due = timezone.now() + timedelta(hours=hours)
        return set_deadline(org=self.org, title=title, due_at=due, **kwargs)

    def test_a_72_hour_clock_comes_first_above_an_overdue_routine_task(self):
        backup = self.deadline("Tester la sauvegarde", 24 * 3)
        late = self.deadline("Mettre à jour la liste des accès", -48)
        cnil = self.deadline(
            "Notifier la CNIL (Incident n° 1)", 31.5, rule="rgpd-33-notification-cnil"
        )
        r = self.client.get(self.url)
        self.assertEqual(r.context["urgent"], [cnil, late, backup])
        text = r.content.decode()
        self.assertLess(text.index("Notifier la CNIL"), text.index("Mettre à jour la liste"))

    def test_a_legal_clock_shows_the_hours_left_in_red_not_the_routine_amber(self):
        self.deadline("Notifier la CNIL (Incident n° 1)", 31.5, rule="rgpd-33-notification-cnil")
        r = self.client.get(self.url)
        self.assertContains(r, '<li class="deadline deadline--legal">')
        self.assertContains(
            r, '<span class="badge badge--legal">Délai légal : reste 31 h</span>', html=True
        )
        self.assertNotContains(r, "Dans les 7 jours")

    def test_a_legal_clock_a_month_away_is_still_among_the_priorities(self):
        request = self.deadline(
            "Répondre à la demande (Demande n° 2)", 24 * 25, rule="rgpd-12-reponse-droits"
        )
        r = self.client.get(self.url)
        self.assertEqual(r.context["urgent"], [request])
        self.assertContains(r, '<span class="badge badge--legal">Délai légal</span>', html=True)

    def test_a_legal_clock_passed_says_so(self):
        self.deadline("Déposer plainte (Incident n° 1)", -1, rule="assurance-plainte-72h")
        r = self.client.get(self.url)
        self.assertContains(
            r, '<span class="badge badge--legal">Délai légal dépassé</span>', html=True
        )

    def test_the_legal_citation_is_folded_under_the_title(self):
        self.deadline("Notifier la CNIL (Incident n° 1)", 31.5, rule="rgpd-33-notification-cnil")
        r = self.client.get(self.url)
        self.assertContains(
            r,
            '<details class="deadline__rule"><summary>Base légale</summary>'
            "<p>Délai légal : Notifier une violation de données à la CNIL — Règlement (UE) "
            "2016/679 relatif à la protection des données (RGPD) (art. 33(1) et 33(4))"
            "</p></details>",
            html=True,
        )


class HomeMfaBannerTestCase(BaseTestCase):
    def setUp(self):
        self.url = f"/o/{self.org.code}/"

    def test_it_recommends_mfa(self):
        self.login(self.praticien)
        r = self.client.get(self.url)
        self.assertContains(r, "Protégez votre compte avec la double authentification.")
        self.assertContains(r, 'href="/compte/securite/activer/"')

    def test_it_stops_once_the_person_has_mfa(self):
        self.login_verified(self.praticien)
        r = self.client.get(self.url)
        self.assertNotContains(r, "Protégez votre compte avec la double authentification.")


class HomeCapabilitiesTestCase(BaseTestCase):
    def setUp(self):
        self.url = f"/o/{self.org.code}/"

    def test_it_links_the_capabilities_that_have_a_page(self):
        self.login(self.titulaire)
        r = self.client.get(self.url)
        self.assertContains(r, f'href="/o/{self.org.code}/echeances/"')
        self.assertContains(r, f'href="/o/{self.org.code}/journal/"')
        self.assertContains(r, f'href="/o/{self.org.code}/membres/"')

    @with_future_capability()
    def test_it_marks_the_others_as_coming_soon(self):
        self.login(self.titulaire)
        r = self.client.get(self.url)
        soon = [c for c in CAPABILITIES if c.url_name is None]
        self.assertTrue(soon)
        self.assertContains(r, ">bientôt<", count=len(soon))
        for c in soon:
            self.assertContains(r, escape(c.title))

    @with_future_capability()
    def test_it_lists_the_available_capabilities_first(self):
        self.login(self.titulaire)
        shown = self.client.get(self.url).context["capabilities"]
        ready = [c.url_name is not None for c in shown]
        self.assertEqual(ready, sorted(ready, reverse=True))

    def test_it_hides_what_the_role_may_not_open(self):
        self.login(self.secretaire)
        r = self.client.get(self.url)
        self.assertNotContains(r, "Journal d&#x27;audit")
        self.assertNotContains(r, f"/o/{self.org.code}/journal/")
        self.assertContains(r, "Échéances")

    def test_it_shows_the_journal_to_the_referent(self):
        self.login(self.referent)
        self.assertContains(self.client.get(self.url), "Journal d&#x27;audit")
