"""The public calculator: clear yes-or-no parameters, prudent assumptions said
out loud, ISO 8601 instants, and the time zones of France's territories.
Each table row cites the article it checks."""

from __future__ import annotations

import re

from django.test import Client, TestCase
from django.urls import reverse

from hygie.front.tests.test_templates_csp import violations
from hygie.orgs.models import Zone

URL = reverse("rights:calculator")
REFLECTION = "Pas de communication avant la fin du délai de réflexion de 48 heures"
RECORD = "Communiquer le dossier"
CNIL = "Notifier la violation à la CNIL"
ANSWER = "Répondre à la demande"
EXTENDED = "Répondre à la demande (délai prolongé)"


class CalculatorTestCase(TestCase):
    def get(self, **params):
        return Client().get(URL, params)

    def json(self, **params) -> tuple[int, dict]:
        response = self.get(format="json", **params)
        self.assertEqual(response["Content-Type"], "application/json")
        return response.status_code, response.json()

    def ok(self, **params) -> dict:
        status, data = self.json(**params)
        self.assertEqual(status, 200, data)
        data["by_name"] = {d["name"]: d for d in data["deadlines"]}
        return data


class ClearBooleans(CalculatorTestCase):
    """« Délai prolongé » (RGPD art. 12(3)): only plain yes or no is understood."""

    # (value sent, extended?) — None: the parameter is absent.
    UNDERSTOOD = [
        ("1", True), ("true", True), ("TRUE", True), ("oui", True), ("Oui", True),
        ("on", True), ("ON", True),
        ("0", False), ("false", False), ("False", False), ("non", False), ("off", False),
        ("", False), (None, False),
    ]  # fmt: skip
    REFUSED = ["2", "yes", "vrai", "peut-être", "-1", "o"]

    def test_table_of_understood_values(self):
        for value, extended in self.UNDERSTOOD:
            params = {"kind": "acces", "received_date": "2026-03-05"}
            if value is not None:
                params["extended"] = value
            with self.subTest(extended=value, article="RGPD art. 12(3)"):
                data = self.ok(**params)
                self.assertIs(data["extended"], extended)
                if extended:
                    self.assertEqual(data["by_name"][EXTENDED]["at"], "2026-06-05T23:59:00+02:00")
                else:
                    self.assertEqual(data["by_name"][ANSWER]["at"], "2026-04-05T23:59:00+02:00")

    def test_zero_is_no_extension(self):
        # The value that used to count as « prolongée ».
        response = self.get(kind="acces", received_date="2026-03-05", extended="0")
        self.assertNotContains(response, "délai prolongé")
        self.assertContains(response, "dimanche 5 avril 2026 à 23:59")

    def test_anything_else_is_refused_in_french_in_json_and_html(self):
        for value in self.REFUSED:
            with self.subTest(extended=value):
                status, data = self.json(kind="acces", received_date="2026-03-05", extended=value)
                self.assertEqual(status, 400)
                self.assertEqual(list(data["errors"]), ["extended"])
                self.assertIn("« Délai prolongé » non compris", data["errors"]["extended"][0])
                response = self.get(kind="acces", received_date="2026-03-05", extended=value)
                self.assertContains(response, "« Délai prolongé » non compris", status_code=400)
                self.assertNotContains(response, "Vos délais", status_code=400)

    def test_the_checkbox_is_ticked_again_only_for_a_yes(self):
        def checkbox(value: str) -> str:
            page = self.get(kind="acces", received_date="2026-03-05", extended=value)
            return re.search(
                r'<input type="checkbox" name="extended"[^>]*>', page.content.decode()
            )[0]

        self.assertIn(" checked", checkbox("oui"))
        self.assertNotIn(" checked", checkbox("0"))
        self.assertNotIn(" checked", checkbox("non"))

    def test_an_unclear_value_is_ignored_where_the_extension_does_not_apply(self):
        data = self.ok(kind="dossier", received_date="2026-03-03", extended="peut-être")
        self.assertIsNone(data["extended"])


class PrudentAssumptions(CalculatorTestCase):
    """A missing time is taken at the prudent end of the day, and said."""

    # (case, params, received_at, {deadline: at}, assumed time)
    CASES = [
        (
            "RGPD 33(1): a breach discovered « ce jour » counts from 00:00",
            {"kind": "violation", "received_date": "2026-03-03"},
            "2026-03-03T00:00:00+01:00", {CNIL: "2026-03-06T00:00:00+01:00"}, "00:00",
        ),
        (
            "L1111-7: the 48 hours of reflection count from 23:59 of the day received",
            {"kind": "dossier", "received_date": "2026-03-03", "age": "recent"},
            "2026-03-03T23:59:00+01:00",
            {REFLECTION: "2026-03-05T23:59:00+01:00", RECORD: "2026-03-11T23:59:00+01:00"},
            "23:59",
        ),
        (
            "R1111-1: two months count from the day received, whatever the time",
            {"kind": "dossier", "received_date": "2026-03-03", "age": "ancien"},
            "2026-03-03T23:59:00+01:00", {RECORD: "2026-05-03T23:59:00+02:00"}, "23:59",
        ),
        (
            "RGPD 12(3): one month counts from the day received, whatever the time",
            {"kind": "rectification", "received_date": "2026-03-03"},
            "2026-03-03T00:00:00+01:00", {ANSWER: "2026-04-03T23:59:00+02:00"}, "00:00",
        ),
        (
            "RGPD 33(1): a time given is taken as given",
            {"kind": "violation", "received_date": "2026-03-03", "received_time": "10:15"},
            "2026-03-03T10:15:00+01:00", {CNIL: "2026-03-06T10:15:00+01:00"}, None,
        ),
    ]  # fmt: skip

    def test_table(self):
        for case, params, received_at, expected, assumed_time in self.CASES:
            with self.subTest(case):
                data = self.ok(fuseau="Europe/Paris", **params)
                self.assertEqual(data["received_at"], received_at)
                for name, at in expected.items():
                    self.assertEqual(data["by_name"][name]["at"], at)
                if assumed_time is None:
                    self.assertNotIn("received_time", data["assumed"])
                else:
                    self.assertEqual(data["assumed"]["received_time"]["value"], assumed_time)
                    self.assertIn("non précisée", data["assumed"]["received_time"]["reason"])

    def test_the_reasons_name_the_prudent_side(self):
        data = self.ok(kind="violation", received_date="2026-03-03", fuseau="Europe/Paris")
        self.assertIn("le moment le plus tôt possible", data["assumed"]["received_time"]["reason"])
        self.assertIn("art. 33(1)", data["assumed"]["received_time"]["reason"])
        data = self.ok(kind="dossier", received_date="2026-03-03", fuseau="Europe/Paris")
        self.assertIn(
            "le moment le plus tardif possible", data["assumed"]["received_time"]["reason"]
        )
        self.assertIn("L1111-7", data["assumed"]["received_time"]["reason"])

    def test_the_age_and_the_zone_are_assumed_too_and_listed(self):
        data = self.ok(kind="dossier", received_date="2026-03-03", received_time="10:15")
        self.assertEqual(set(data["assumed"]), {"fuseau", "age"})
        self.assertEqual(data["assumed"]["fuseau"]["value"], "Europe/Paris")
        self.assertEqual(data["assumed"]["age"]["value"], "recent")
        self.assertIn("R1111-1", data["assumed"]["age"]["reason"])
        data = self.ok(
            kind="dossier",
            received_date="2026-03-03",
            received_time="10:15",
            age="recent",
            fuseau="Europe/Paris",
        )
        self.assertEqual(data["assumed"], {})

    def test_the_page_says_what_it_supposed(self):
        response = self.get(kind="violation", received_date="2026-03-03", fuseau="Europe/Paris")
        self.assertContains(response, "Ce que le calcul a dû supposer")
        self.assertContains(response, "le calcul part de 00 h 00 ce jour-là")
        self.assertContains(
            response,
            'découverte le <time datetime="2026-03-03">mardi 3 mars 2026</time>, heure non précisée',
        )
        self.assertContains(response, "vendredi 6 mars 2026 à 00:00", count=2)
        self.assertEqual(violations(response.content.decode()), [])
        response = self.get(
            kind="violation",
            received_date="2026-03-03",
            received_time="10:15",
            fuseau="Europe/Paris",
        )
        self.assertNotContains(response, "Ce que le calcul a dû supposer")


class IsoInstants(CalculatorTestCase):
    """ISO 8601 instants, with an offset or read in the chosen zone
    (RGPD art. 33(1): 72 elapsed hours)."""

    # (case, params, received_at, CNIL due)
    CASES = [
        (
            "an offset: 72 hours across the change to summer time",
            {"received_date": "2026-03-27T23:30+01:00"},
            "2026-03-27T23:30:00+01:00", "2026-03-31T00:30:00+02:00",
        ),
        (
            "Z, the same instant",
            {"received_date": "2026-03-27T22:30Z"},
            "2026-03-27T23:30:00+01:00", "2026-03-31T00:30:00+02:00",
        ),
        (
            "seconds and an offset's « + » lost in an address",
            {"received_date": "2026-03-27T23:30:00 01:00"},
            "2026-03-27T23:30:00+01:00", "2026-03-31T00:30:00+02:00",
        ),
        (
            "no offset: read in the chosen zone, Martinique",
            {"received_date": "2026-03-27T23:30", "fuseau": "America/Martinique"},
            "2026-03-27T23:30:00-04:00", "2026-03-30T23:30:00-04:00",
        ),
        (
            "an offset, shown in the chosen zone",
            {"received_date": "2026-03-28T04:30+01:00", "fuseau": "America/Martinique"},
            "2026-03-27T23:30:00-04:00", "2026-03-30T23:30:00-04:00",
        ),
    ]  # fmt: skip

    def test_table(self):
        for case, params, received_at, due in self.CASES:
            with self.subTest(case):
                data = self.ok(kind="violation", **params)
                self.assertEqual(data["received_at"], received_at)
                self.assertEqual(data["by_name"][CNIL]["at"], due)
                self.assertNotIn("received_time", data["assumed"])

    def test_the_day_of_receipt_is_the_practices(self):
        # L1111-7: 22:00 on 2 March in Paris is 08:00 on 3 March in Nouméa:
        # the 8 days count from the 3rd there.
        data = self.ok(
            kind="dossier",
            received_date="2026-03-02T22:00+01:00",
            fuseau="Pacific/Noumea",
            age="recent",
        )
        self.assertEqual(data["received_at"], "2026-03-03T08:00:00+11:00")
        self.assertEqual(data["by_name"][RECORD]["at"], "2026-03-11T23:59:00+11:00")

    def test_the_form_to_calculate_again_keeps_the_instant_s_date_and_time(self):
        # 04:30 in Paris is 23:30 the day before in Martinique: the form shows
        # the practice's day and time, which a date field can hold.
        response = self.get(
            kind="violation", received_date="2026-03-28T04:30+01:00", fuseau="America/Martinique"
        )
        form = response.context["form"]
        self.assertEqual(form["received_date"].value(), "2026-03-27")
        self.assertEqual(form["received_time"].value(), "23:30")
        self.assertContains(response, 'name="received_date" value="2026-03-27"')
        self.assertContains(response, 'name="received_time" value="23:30"')
        self.assertFalse(form.errors)
        # Sent again as it stands, it gives the same result.
        again = self.ok(
            **{k: form[k].value() or "" for k in ("kind", "fuseau")},
            received_date="2026-03-27",
            received_time="23:30",
        )
        self.assertEqual(again["by_name"][CNIL]["at"], "2026-03-30T23:30:00-04:00")

    def test_an_instant_and_a_time_together_are_refused(self):
        status, data = self.json(
            kind="violation", received_date="2026-03-27T23:30+01:00", received_time="10:00"
        )
        self.assertEqual(status, 400)
        self.assertEqual(
            data["errors"]["received_time"],
            ["L'instant donné a déjà son heure : laissez l'heure vide."],
        )

    def test_an_instant_not_understood_is_refused_in_french(self):
        for value in ("2026-03-27T25:00", "2026-03-27Tmidi", "2026-02-30T10:00+01:00"):
            with self.subTest(value):
                status, data = self.json(kind="violation", received_date=value)
                self.assertEqual(status, 400)
                self.assertIn("Instant non compris", data["errors"]["received_date"][0])

    def test_an_instant_before_2000_is_refused(self):
        # 23:30 UTC on 31 December 1999 is already 2000 in Paris, and accepted.
        self.assertEqual(self.json(kind="violation", received_date="1999-12-31T23:30Z")[0], 200)
        status, data = self.json(kind="violation", received_date="1999-12-31T10:00Z")
        self.assertEqual(status, 400)
        self.assertEqual(
            data["errors"]["received_date"], ["Indiquez une date à partir du 1er janvier 2000."]
        )


class TimeZones(CalculatorTestCase):
    """Each territory's zone: its offset, its 23:59, its public holidays
    (CSP L1111-7: 8 days; the abolition of slavery, décret n° 83-1003)."""

    # (zone, offset on 14-22 May 2026, send by when the 8 days end on a holiday)
    ZONES = [
        (Zone.PARIS, "+02:00", None),
        (Zone.GUADELOUPE, "-04:00", None),
        (Zone.MARTINIQUE, "-04:00", "2026-05-21T23:59:00-04:00"),  # 22 May
        (Zone.GUYANE, "-03:00", None),
        (Zone.REUNION, "+04:00", None),
        (Zone.MAYOTTE, "+03:00", None),
        (Zone.SAINT_PIERRE, "-02:00", None),  # summer time there too
        (Zone.SAINT_BARTHELEMY, "-04:00", None),
        (Zone.SAINT_MARTIN, "-04:00", None),
        (Zone.NOUVELLE_CALEDONIE, "+11:00", None),
        (Zone.POLYNESIE, "-10:00", None),
        (Zone.WALLIS, "+12:00", None),
    ]

    def test_every_zone_an_organisation_can_choose_is_in_the_table(self):
        self.assertEqual({z for z, _, _ in self.ZONES}, set(Zone))

    def test_json_for_each_zone(self):
        for zone, offset, send_by in self.ZONES:
            with self.subTest(zone, article="CSP L1111-7"):
                data = self.ok(
                    kind="dossier",
                    received_date="2026-05-14",
                    received_time="09:00",
                    age="recent",
                    fuseau=zone.value,
                )
                self.assertEqual(data["time_zone"], zone.value)
                self.assertEqual(data["received_at"], f"2026-05-14T09:00:00{offset}")
                self.assertEqual(data["by_name"][REFLECTION]["at"], f"2026-05-16T09:00:00{offset}")
                self.assertEqual(data["by_name"][RECORD]["at"], f"2026-05-22T23:59:00{offset}")
                self.assertEqual(data["by_name"][RECORD]["send_by"], send_by)
                self.assertNotIn("fuseau", data["assumed"])

    def test_each_territorys_abolition_day(self):
        # RGPD 12(3): one month from 27 April 2026 ends on Wednesday 27 May,
        # Guadeloupe's holiday, a working day in Martinique; one month from 20
        # November 2027 ends on Monday 20 December, La Réunion's.
        cases = [
            ("2026-04-27", Zone.GUADELOUPE, "2026-05-26T23:59:00-04:00"),
            ("2026-04-27", Zone.MARTINIQUE, None),
            ("2027-11-20", Zone.REUNION, "2027-12-17T23:59:00+04:00"),
            ("2027-11-20", Zone.PARIS, None),
        ]
        for day, zone, send_by in cases:
            with self.subTest(zone, article="RGPD art. 12(3)"):
                data = self.ok(kind="opposition", received_date=day, fuseau=zone.value)
                self.assertEqual(data["by_name"][ANSWER]["send_by"], send_by)

    def test_72_hours_in_martinique_across_pariss_change_of_time(self):
        # RGPD 33(1): no summer time in Martinique, so no hour moves.
        data = self.ok(
            kind="violation",
            received_date="2026-03-27",
            received_time="23:30",
            fuseau="America/Martinique",
        )
        self.assertEqual(data["by_name"][CNIL]["at"], "2026-03-30T23:30:00-04:00")

    def test_the_page_names_the_zone_next_to_its_times(self):
        response = self.get(
            kind="dossier",
            received_date="2026-05-14",
            received_time="09:00",
            age="recent",
            fuseau="America/Martinique",
        )
        self.assertContains(response, "Dates à respecter, à l'heure de la Martinique")
        self.assertContains(response, "vendredi 22 mai 2026 à 23:59 (heure de la Martinique)")
        self.assertContains(response, 'datetime="2026-05-22T23:59:00-04:00"')
        self.assertContains(response, "jeudi 21 mai 2026 à 23:59 (heure de la Martinique)")
        self.assertContains(response, '<option value="America/Martinique" selected>')
        self.assertEqual(violations(response.content.decode()), [])

    def test_an_unknown_zone_is_refused_in_french(self):
        for zone in ("Europe/Berlin", "UTC", "martinique", "../etc/passwd"):
            with self.subTest(zone):
                status, data = self.json(kind="acces", received_date="2026-03-03", fuseau=zone)
                self.assertEqual(status, 400)
                self.assertEqual(list(data["errors"]), ["fuseau"])
                self.assertIn("Fuseau horaire inconnu", data["errors"]["fuseau"][0])
                self.assertIn("America/Martinique", data["errors"]["fuseau"][0])
                response = self.get(kind="acces", received_date="2026-03-03", fuseau=zone)
                self.assertContains(response, "Fuseau horaire inconnu", status_code=400)
