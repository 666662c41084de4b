from hygie.journal.models import Entry
from hygie.orgs.models import Kind, Profession
from hygie.tests.base import BaseTestCase


class SettingsTestCase(BaseTestCase):
    def setUp(self):
        self.url = f"/o/{self.org.code}/parametres/"

    def post(self, **overrides):
        data = {
            "name": "Cabinet du Dr Martin",
            "kind": Kind.CABINET,
            "profession": Profession.MEDECIN_GENERALISTE,
            "session_idle_minutes": 30,
            **overrides,
        }
        return self.client.post(self.url, data)

    def test_it_shows_the_form(self):
        self.login(self.titulaire)
        r = self.client.get(self.url)
        self.assertContains(r, "Paramètres")
        self.assertContains(r, "Exiger la double authentification de tous les membres")
        self.assertContains(r, "Entre 5 et 480 minutes.")
        self.assertContains(r, 'min="5"')
        self.assertContains(r, 'max="480"')

    def test_it_saves_the_settings(self):
        self.login(self.titulaire)
        r = self.post(require_mfa="on", session_idle_minutes=60, name="Cabinet Martin")
        self.assertRedirects(r, self.url, fetch_redirect_response=False)
        self.org.refresh_from_db()
        self.assertTrue(self.org.require_mfa)
        self.assertEqual(self.org.session_idle_minutes, 60)
        self.assertEqual(self.org.name, "Cabinet Martin")

    def test_it_journals_the_changes(self):
        self.login(self.titulaire)
        self.post(require_mfa="on", session_idle_minutes=60)
        entry = Entry.objects.get(action="org.settings_changed", org_id=self.org.id)
        self.assertEqual(entry.actor_id, self.titulaire.id)
        self.assertEqual(
            entry.details,
            {
                "exiger la double authentification de tous les membres": [False, True],
                "fin de session après inactivité (minutes)": [30, 60],
            },
        )

    def test_it_saves_the_address_and_an_overseas_time_zone(self):
        self.login(self.titulaire)
        self.post(address="3 rue Victor Hugo\n97200 Fort-de-France", time_zone="America/Martinique")
        self.org.refresh_from_db()
        self.assertEqual(self.org.address, "3 rue Victor Hugo\n97200 Fort-de-France")
        self.assertEqual(str(self.org.tzinfo()), "America/Martinique")

    def test_it_keeps_the_time_zone_a_form_leaves_out(self):
        self.org.time_zone = "Indian/Reunion"
        self.org.save()
        self.login(self.titulaire)
        self.post(session_idle_minutes=60)
        self.org.refresh_from_db()
        self.assertEqual(self.org.time_zone, "Indian/Reunion")

    def test_it_refuses_a_time_zone_outside_france(self):
        self.login(self.titulaire)
        r = self.post(time_zone="Asia/Tokyo")
        self.assertEqual(r.status_code, 400)
        self.org.refresh_from_db()
        self.assertEqual(self.org.time_zone, "Europe/Paris")

    def test_it_journals_nothing_when_nothing_changes(self):
        self.login(self.titulaire)
        self.post()
        self.assertFalse(Entry.objects.filter(action="org.settings_changed"))

    def test_an_unchanged_address_sent_back_by_the_textarea_journals_nothing(self):
        self.org.address = "12 rue des Tilleuls\n69003 Lyon"
        self.org.save()
        self.login(self.titulaire)
        # A browser sends a textarea's lines ended by \r\n.
        self.post(address="12 rue des Tilleuls\r\n69003 Lyon")
        self.assertFalse(Entry.objects.filter(action="org.settings_changed"))

    def test_it_journals_a_change_under_the_fields_french_names(self):
        self.login(self.titulaire)
        self.post(kind=Kind.MSP, address="3 rue Victor Hugo")
        entry = Entry.objects.get(action="org.settings_changed")
        self.assertEqual(
            entry.details,
            {
                "type de structure": [
                    "Cabinet individuel",
                    "Maison de santé pluriprofessionnelle (MSP)",
                ],
                "adresse postale": ["", "3 rue Victor Hugo"],
            },
        )
        # PostgreSQL's jsonb keeps keys in its own order.
        self.assertEqual(
            set(entry.details_text.split(" ; ")),
            {
                "type de structure : Cabinet individuel → Maison de santé pluriprofessionnelle "
                "(MSP)",
                "adresse postale : — → 3 rue Victor Hugo",
            },
        )

    def test_it_refuses_less_than_5_minutes(self):
        self.login(self.titulaire)
        r = self.post(session_idle_minutes=4)
        self.assertContains(
            r, "Assurez-vous que cette valeur est supérieure ou égale à 5.", status_code=400
        )
        self.org.refresh_from_db()
        self.assertEqual(self.org.session_idle_minutes, 30)
        self.assertFalse(Entry.objects.filter(action="org.settings_changed"))

    def test_it_refuses_more_than_480_minutes(self):
        self.login(self.titulaire)
        r = self.post(session_idle_minutes=481)
        self.assertContains(
            r, "Assurez-vous que cette valeur est inférieure ou égale à 480.", status_code=400
        )
        self.org.refresh_from_db()
        self.assertEqual(self.org.session_idle_minutes, 30)

    def test_it_accepts_the_bounds(self):
        self.login(self.titulaire)
        for minutes in (5, 480):
            self.post(session_idle_minutes=minutes)
            self.org.refresh_from_db()
            self.assertEqual(self.org.session_idle_minutes, minutes)

    def test_it_answers_403_to_a_praticien(self):
        self.login(self.praticien)
        r = self.post(require_mfa="on")
        self.assertContains(r, "Votre rôle (Praticien)", status_code=403)
        self.org.refresh_from_db()
        self.assertFalse(self.org.require_mfa)

    def test_it_answers_403_to_the_referent(self):
        self.login(self.referent)
        self.assertEqual(self.client.get(self.url).status_code, 403)

    def test_it_answers_404_to_an_outsider(self):
        self.login(self.outsider)
        self.assertEqual(self.post(require_mfa="on").status_code, 404)
        self.org.refresh_from_db()
        self.assertFalse(self.org.require_mfa)
