"""The public deadline calculator: anyone, no account, nothing stored."""

from __future__ import annotations

from datetime import timedelta

from django.db import connection
from django.test import Client, TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hygie.front.tests.test_templates_csp import violations

URL = reverse("rights:calculator")


class CalculatorTestCase(TestCase):
    def get(self, **params):
        return Client().get(URL, params)

    def json(self, **params):
        response = self.get(format="json", **params)
        self.assertEqual(response["Content-Type"], "application/json")
        return response, response.json()

    def deadlines(self, **params) -> dict[str, dict]:
        response, data = self.json(**params)
        self.assertEqual(response.status_code, 200, data)
        return {d["name"]: d for d in data["deadlines"]}


class EmptyFormTestCase(CalculatorTestCase):
    def test_anyone_gets_the_empty_form_without_errors(self):
        response = self.get()
        self.assertEqual(response.status_code, 200)
        self.assertContains(
            response, "Calculer les délais d'une demande de patient ou d'une violation de données"
        )
        self.assertContains(response, 'method="get"')
        for name in (
            "kind",
            "received_date",
            "received_time",
            "fuseau",
            "age",
            "created",
            "extended",
        ):
            self.assertContains(response, f'name="{name}"')
        self.assertContains(response, 'type="date"')
        self.assertContains(response, 'type="time"')
        self.assertContains(response, "Pour le dossier médical seulement")
        self.assertContains(response, "Pour les droits du RGPD seulement")
        self.assertNotContains(response, "errorlist")
        self.assertNotContains(response, "Vos délais")
        self.assertEqual(violations(response.content.decode()), [])

    def test_every_field_has_a_label(self):
        page = self.get().content.decode()
        for field_id in (
            "id_received_date",
            "id_received_time",
            "id_fuseau",
            "id_age",
            "id_created",
        ):
            self.assertIn(f'for="{field_id}"', page)
        self.assertIn('for="id_extended"', page)
        self.assertIn("<legend", page)  # the radio buttons of the kind

    def test_post_is_refused(self):
        self.assertEqual(Client().post(URL, {"kind": "dossier"}).status_code, 405)

    def test_linked_from_the_landing_page(self):
        self.assertContains(Client().get(reverse("front:landing")), URL)


class RecordTestCase(CalculatorTestCase):
    """CSP L1111-7 and R1111-1: 48 hours of reflection, 8 days, 2 months."""

    def test_recent_record_8_days_and_48_hours(self):
        response = self.get(kind="dossier", received_date="2026-03-03", received_time="10:15")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Vos délais")
        self.assertContains(response, "L1111-7")
        self.assertContains(response, "mardi 3 mars 2026 à 10:15")
        # 8 days: 11 March, end of the day; the reflection: 5 March, 10:15.
        self.assertContains(response, "mercredi 11 mars 2026 à 23:59")
        self.assertContains(response, "jeudi 5 mars 2026 à 10:15")
        self.assertContains(response, "Pas avant le")
        self.assertContains(response, "Au plus tard le")
        self.assertContains(response, "jour de réception, qui ne compte pas")
        self.assertEqual(violations(response.content.decode()), [])

    def test_old_record_2_months(self):
        response = self.get(
            kind="dossier", received_date="2026-03-03", received_time="10:15", age="ancien"
        )
        self.assertContains(response, "dimanche 3 mai 2026 à 23:59")
        self.assertNotContains(response, "mercredi 11 mars 2026")
        # 3 May 2026 is a Sunday and Friday 1 May a public holiday: send by Thursday 30 April.
        self.assertContains(response, "À envoyer au plus tard le")
        self.assertContains(response, "jeudi 30 avril 2026 à 23:59")
        self.assertContains(response, "dernier jour ouvré")

    def test_mixed_record_both_limits(self):
        response = self.get(
            kind="dossier", received_date="2026-03-03", received_time="10:15", age="mixte"
        )
        self.assertContains(response, "informations de cinq ans ou moins")
        self.assertContains(response, "informations de plus de cinq ans")
        self.assertContains(response, "mercredi 11 mars 2026 à 23:59")
        self.assertContains(response, "dimanche 3 mai 2026 à 23:59")

    def test_age_derived_from_the_creation_date(self):
        old = self.deadlines(
            kind="dossier", received_date="2026-03-03", received_time="10:15", created="2019-05-12"
        )
        self.assertEqual(old["Communiquer le dossier"]["at"], "2026-05-03T23:59:00+02:00")
        recent = self.deadlines(
            kind="dossier", received_date="2026-03-03", received_time="10:15", created="2022-05-12"
        )
        self.assertEqual(recent["Communiquer le dossier"]["at"], "2026-03-11T23:59:00+01:00")
        response = self.get(kind="dossier", received_date="2026-03-03", created="2019-05-12")
        self.assertContains(response, "Ancienneté déduite de la date de création")
        self.assertContains(response, "toutes ont plus de cinq ans")

    def test_the_age_chosen_wins_over_the_creation_date(self):
        found = self.deadlines(
            kind="dossier", received_date="2026-03-03", age="recent", created="2019-05-12"
        )
        self.assertEqual(found["Communiquer le dossier"]["at"], "2026-03-11T23:59:00+01:00")

    def test_no_age_at_all_takes_the_shortest_limit_and_says_so(self):
        response = self.get(kind="dossier", received_date="2026-03-03")
        self.assertContains(response, "mercredi 11 mars 2026 à 23:59")
        self.assertContains(response, "Ancienneté des informations non précisée")

    def test_an_empty_time_starts_the_reflection_at_2359_and_the_page_says_so(self):
        # L1111-7: the latest start gives the latest end of the 48 hours.
        response = self.get(kind="dossier", received_date="2026-03-03")
        self.assertContains(
            response,
            'reçue le <time datetime="2026-03-03">mardi 3 mars 2026</time>, heure non précisée',
        )
        self.assertContains(response, "les 48 heures de réflexion partent de 23 h 59")
        self.assertContains(response, "jeudi 5 mars 2026 à 23:59")  # 48 hours later
        self.assertNotContains(response, "09:00")
        _, data = self.json(kind="dossier", received_date="2026-03-03")
        self.assertEqual(data["received_at"], "2026-03-03T23:59:00+01:00")

    def test_the_extension_is_ignored_for_the_record(self):
        found = self.deadlines(kind="dossier", received_date="2026-03-03", extended="on")
        self.assertEqual(found["Communiquer le dossier"]["at"], "2026-03-11T23:59:00+01:00")


class GdprRightTestCase(CalculatorTestCase):
    """RGPD art. 12(3): one month, three with the extension."""

    def test_one_month_and_the_last_day_to_announce_an_extension(self):
        response = self.get(kind="effacement", received_date="2026-03-03", received_time="10:15")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "RGPD, art. 12(3) et 17")
        self.assertContains(response, "vendredi 3 avril 2026 à 23:59")
        self.assertContains(response, "Dernier jour pour annoncer une prolongation")
        self.assertNotContains(response, "À envoyer au plus tard le")  # a Friday

    def test_extended_three_months(self):
        response = self.get(
            kind="acces", received_date="2026-03-03", received_time="10:15", extended="on"
        )
        self.assertContains(response, "Répondre à la demande (délai prolongé)")
        self.assertContains(response, "mercredi 3 juin 2026 à 23:59")
        self.assertContains(response, "RGPD, art. 12(3) et 15")
        self.assertNotContains(response, "vendredi 3 avril 2026")

    def test_record_fields_are_ignored_even_when_invalid(self):
        found = self.deadlines(
            kind="portabilite", received_date="2026-01-31", age="n'importe", created="zzz"
        )
        # 31 January + 1 month: the last day of February.
        self.assertEqual(found["Répondre à la demande"]["at"], "2026-02-28T23:59:00+01:00")


class BreachTestCase(CalculatorTestCase):
    """RGPD art. 33(1) and code des assurances L12-10-1: 72 elapsed hours."""

    def test_cnil_and_complaint_72_hours_and_the_register(self):
        response = self.get(kind="violation", received_date="2026-03-03", received_time="10:15")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Notifier la violation à la CNIL")
        self.assertContains(response, "RGPD, art. 33(1)")
        self.assertContains(response, "Déposer plainte")
        self.assertContains(response, "L12-10-1")
        self.assertContains(response, "vendredi 6 mars 2026 à 10:15", count=2)
        self.assertContains(response, "registre des violations")
        self.assertContains(response, "RGPD, art. 33(5)")
        self.assertContains(response, "découverte le")
        self.assertEqual(violations(response.content.decode()), [])

    def test_72_hours_are_elapsed_hours_across_the_change_of_time(self):
        found = self.deadlines(kind="violation", received_date="2026-03-27", received_time="23:30")
        self.assertEqual(
            found["Notifier la violation à la CNIL"]["at"], "2026-03-31T00:30:00+02:00"
        )

    def test_json_lists_the_register_without_a_date(self):
        _, data = self.json(kind="violation", received_date="2026-03-03", received_time="10:15")
        self.assertEqual(data["kind"], "violation")
        self.assertEqual(
            [d["at"] for d in data["deadlines"]],
            ["2026-03-06T10:15:00+01:00", "2026-03-06T10:15:00+01:00"],
        )
        self.assertTrue(all(d["limit"] for d in data["deadlines"]))
        self.assertIn("RGPD, art. 33(5)", [o["legal_basis"] for o in data["other_obligations"]])


class JsonTestCase(CalculatorTestCase):
    def test_record_in_json_with_offsets(self):
        response, data = self.json(
            kind="dossier", received_date="2026-03-03", received_time="10:15"
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(data["kind"], "dossier")
        self.assertEqual(data["received_at"], "2026-03-03T10:15:00+01:00")
        self.assertEqual(data["record_age"], "recent")
        self.assertEqual(
            data["deadlines"],
            [
                {
                    "name": "Pas de communication avant la fin du délai de réflexion de 48 heures",
                    "at": "2026-03-05T10:15:00+01:00",
                    "legal_basis": "CSP, art. L1111-7",
                    "limit": False,
                    "send_by": None,
                },
                {
                    "name": "Communiquer le dossier",
                    "at": "2026-03-11T23:59:00+01:00",
                    "legal_basis": "CSP, art. L1111-7 et R1111-1",
                    "limit": True,
                    "send_by": None,
                },
            ],
        )

    def test_the_offset_becomes_summer_time_after_29_march_2026(self):
        found = self.deadlines(kind="dossier", received_date="2026-03-25", received_time="10:00")
        self.assertEqual(found["Communiquer le dossier"]["at"], "2026-04-02T23:59:00+02:00")
        reflection = "Pas de communication avant la fin du délai de réflexion de 48 heures"
        self.assertEqual(found[reflection]["at"], "2026-03-27T10:00:00+01:00")
        # 48 elapsed hours across the change: 11:00 summer time, not 10:00.
        found = self.deadlines(kind="dossier", received_date="2026-03-28", received_time="10:00")
        self.assertEqual(found[reflection]["at"], "2026-03-30T11:00:00+02:00")

    def test_send_by_when_the_limit_falls_on_a_weekend(self):
        found = self.deadlines(kind="opposition", received_date="2026-04-04")
        answer = found["Répondre à la demande"]
        self.assertEqual(answer["at"], "2026-05-04T23:59:00+02:00")  # a Monday
        self.assertIsNone(answer["send_by"])
        found = self.deadlines(kind="rectification", received_date="2026-03-07")
        answer = found["Répondre à la demande"]
        self.assertEqual(answer["at"], "2026-04-07T23:59:00+02:00")
        found = self.deadlines(kind="limitation", received_date="2026-04-05", extended="on")
        answer = found["Répondre à la demande (délai prolongé)"]
        self.assertEqual(answer["at"], "2026-07-05T23:59:00+02:00")  # a Sunday
        self.assertEqual(answer["send_by"], "2026-07-03T23:59:00+02:00")
        self.assertTrue(answer["limit"])

    def test_a_time_skipped_by_the_change_of_time_is_the_real_instant(self):
        _, data = self.json(kind="violation", received_date="2026-03-29", received_time="02:30")
        self.assertEqual(data["received_at"], "2026-03-29T03:30:00+02:00")

    def test_the_html_result_links_to_its_json_version(self):
        response = self.get(kind="dossier", received_date="2026-03-03", received_time="10:15")
        self.assertContains(response, "format=json")
        self.assertContains(response, "kind=dossier&amp;received_date=2026-03-03")


class InvalidInputTestCase(CalculatorTestCase):
    def test_html_errors_in_french_with_status_400(self):
        response = self.get(kind="dossier", received_date="1999-12-31")
        self.assertEqual(response.status_code, 400)
        self.assertContains(
            response, "Indiquez une date à partir du 1er janvier 2000.", status_code=400
        )
        self.assertContains(response, 'role="alert"', status_code=400)
        self.assertNotContains(response, "Vos délais", status_code=400)

    def test_html_missing_fields(self):
        response = self.get(received_time="10:00")
        self.assertEqual(response.status_code, 400)
        self.assertContains(
            response, "Choisissez la demande reçue ou la violation.", status_code=400
        )
        self.assertContains(response, "Indiquez la date de réception", status_code=400)

    def test_json_errors_with_status_400(self):
        response, data = self.json(kind="inconnu", received_date="2026-02-30")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(set(data["errors"]), {"kind", "received_date"})
        self.assertEqual(data["errors"]["kind"], ["Choisissez une des situations proposées."])
        self.assertIn("Saisissez une date valide", data["errors"]["received_date"][0])

    def test_json_without_input_is_an_error(self):
        response, data = self.json()
        self.assertEqual(response.status_code, 400)
        self.assertIn("kind", data["errors"])

    def test_more_than_a_year_in_the_future_is_refused(self):
        later = timezone.localdate() + timedelta(days=400)
        response, data = self.json(kind="acces", received_date=later.isoformat())
        self.assertEqual(response.status_code, 400)
        self.assertIn("plus d'un an dans le futur", data["errors"]["received_date"][0])
        soon = timezone.localdate() + timedelta(days=300)
        self.assertEqual(
            self.json(kind="acces", received_date=soon.isoformat())[0].status_code, 200
        )

    def test_a_creation_after_the_request_is_refused(self):
        response, data = self.json(kind="dossier", received_date="2026-03-03", created="2026-03-04")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(
            data["errors"]["created"],
            ["L'information ne peut pas avoir été créée après la réception de la demande."],
        )

    def test_an_invalid_time(self):
        response, data = self.json(kind="acces", received_date="2026-03-03", received_time="25:00")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(
            data["errors"]["received_time"], ["Saisissez une heure valide, par exemple 10:15."]
        )


class NothingStoredTestCase(CalculatorTestCase):
    def test_no_write_to_the_database_and_no_session(self):
        queries = [
            {"kind": "dossier", "received_date": "2026-03-03", "received_time": "10:15"},
            {"kind": "acces", "received_date": "2026-03-03", "extended": "on"},
            {"kind": "violation", "received_date": "2026-03-03", "format": "json"},
            {"kind": "dossier", "received_date": "1990-01-01"},
            {},
        ]
        client = Client()
        with CaptureQueriesContext(connection) as captured:
            for params in queries:
                client.get(URL, params)
        writes = [
            q["sql"]
            for q in captured.captured_queries
            if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
        ]
        self.assertEqual(writes, [])
        self.assertNotIn("hygie_session", client.cookies)
        self.assertNotIn("sessionid", client.cookies)
