from datetime import UTC, datetime, timedelta

from icalendar import Calendar

from hygie.deadlines import actions
from hygie.deadlines.actions import set_deadline
from hygie.tests.base import BaseTestCase

DUE_AT = datetime(2030, 7, 14, 8, 0, tzinfo=UTC)


class CalendarTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.cabinet = set_deadline(
            org=cls.org, title="Tester la sauvegarde", due_at=DUE_AT, notes="Sur le NAS"
        )
        cls.msp = set_deadline(
            org=cls.other_org, title="Réunion RGPD", due_at=DUE_AT + timedelta(days=1)
        )
        done = set_deadline(org=cls.org, title="Changer le routeur", due_at=DUE_AT)
        actions.complete(done)
        set_deadline(org=cls.region, title="Webinaire régional", due_at=DUE_AT)

    def feed(self, user) -> Calendar:
        r = self.client.get(f"/calendrier/{user.calendar_token}.ics")
        self.assertEqual(r.status_code, 200)
        self.assertEqual(r["Content-Type"], "text/calendar; charset=utf-8")
        return Calendar.from_ical(r.content)

    def test_it_needs_no_sign_in_the_token_is_the_key(self):
        self.assertEqual(len(self.feed(self.praticien).walk("VEVENT")), 1)

    def test_it_lists_the_open_deadlines_of_every_organisation_of_the_person(self):
        events = self.feed(self.referent).walk("VEVENT")
        self.assertEqual(
            [str(e["summary"]) for e in events],
            ["Tester la sauvegarde — Cabinet du Dr Martin", "Réunion RGPD — MSP des Tilleuls"],
        )
        self.assertEqual(str(events[0]["uid"]), f"echeance-{self.cabinet.pk}@hygie")

    def test_times_are_in_the_organisations_time_zone(self):
        [event] = self.feed(self.praticien).walk("VEVENT")
        self.assertEqual(event["dtstart"].dt, DUE_AT)
        self.assertEqual(event["dtstart"].dt.utcoffset(), timedelta(hours=2))
        self.assertEqual(event["dtend"].dt - event["dtstart"].dt, timedelta(minutes=30))
        self.assertIn(b"DTSTART;TZID=Europe/Paris:20300714T100000", event.to_ical())
        self.assertIn(
            "Échéance : dimanche 14 juillet 2030 à 10:00 (heure de Paris).",
            str(event["description"]),
        )

    def test_an_overseas_organisations_deadlines_are_dated_in_its_zone(self):
        self.org.time_zone = "America/Martinique"
        self.org.save(update_fields=["time_zone"])
        cal = self.feed(self.referent)
        cabinet, msp = cal.walk("VEVENT")
        # The same instant, 04:00 in Martinique (no summer time there).
        self.assertEqual(cabinet["dtstart"].dt, DUE_AT)
        self.assertIn(b"DTSTART;TZID=America/Martinique:20300714T040000", cabinet.to_ical())
        self.assertIn("(heure de la Martinique)", str(cabinet["description"]))
        self.assertIn(b"DTSTART;TZID=Europe/Paris:20300715T100000", msp.to_ical())
        # Each zone is defined in the feed, for calendars that do not know it.
        zones = {str(tz["tzid"]) for tz in cal.walk("VTIMEZONE")}
        self.assertEqual(zones, {"America/Martinique", "Europe/Paris"})
        self.assertEqual(str(cal["x-wr-timezone"]), "Europe/Paris")  # two zones
        self.assertEqual(str(self.feed(self.praticien)["x-wr-timezone"]), "America/Martinique")

    def test_each_event_has_an_alarm_the_day_before_and_a_link(self):
        [event] = self.feed(self.praticien).walk("VEVENT")
        [alarm] = event.walk("VALARM")
        self.assertEqual(str(alarm["action"]), "DISPLAY")
        self.assertEqual(alarm["trigger"].dt, timedelta(hours=-24))
        link = f"http://127.0.0.1:8000/o/{self.org.code}/echeances/#echeance-{self.cabinet.pk}"
        self.assertEqual(str(event["url"]), link)
        self.assertIn("Sur le NAS", str(event["description"]))
        self.assertIn(link, str(event["description"]))

    def test_it_names_the_calendar_in_french(self):
        cal = self.feed(self.praticien)
        self.assertEqual(str(cal["x-wr-calname"]), "Hygie — échéances")
        self.assertEqual(str(cal["x-wr-timezone"]), "Europe/Paris")

    def test_an_unknown_token_is_not_found(self):
        self.assertEqual(self.client.get("/calendrier/inconnu.ics").status_code, 404)

    def test_a_deactivated_account_has_no_feed(self):
        self.praticien.is_active = False
        self.praticien.save()
        r = self.client.get(f"/calendrier/{self.praticien.calendar_token}.ics")
        self.assertEqual(r.status_code, 404)

    def test_after_renewing_the_link_the_old_one_is_not_found(self):
        old = self.praticien.calendar_token
        self.login(self.praticien)
        r = self.client.post("/compte/calendrier/renouveler/")
        self.assertRedirects(r, "/compte/")
        self.praticien.refresh_from_db()
        self.assertNotEqual(self.praticien.calendar_token, old)
        self.assertEqual(self.client.get(f"/calendrier/{old}.ics").status_code, 404)
        self.feed(self.praticien)

    def test_renewing_the_link_needs_a_post(self):
        self.login(self.praticien)
        self.assertEqual(self.client.get("/compte/calendrier/renouveler/").status_code, 405)
