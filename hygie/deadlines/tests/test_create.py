from datetime import UTC, datetime

from django.db import connection

from hygie.deadlines.models import Deadline
from hygie.journal.models import Entry
from hygie.tests.base import BaseTestCase


class CreateTestCase(BaseTestCase):
    def setUp(self):
        self.url = f"/o/{self.org.code}/echeances/nouvelle/"
        self.login(self.praticien)

    def post(self, **fields):
        data = {
            "title": "Tester la sauvegarde",
            "due_date": "2030-01-15",
            "due_time": "09:00",
            "notes": "",
        }
        return self.client.post(self.url, {**data, **fields})

    def test_it_shows_the_form(self):
        r = self.client.get(self.url)
        self.assertContains(r, "Ajouter une échéance")
        self.assertContains(r, 'value="09:00"')

    def test_it_creates_the_deadline_and_its_reminders(self):
        r = self.post(notes="Sur le NAS du cabinet")
        self.assertRedirects(r, f"/o/{self.org.code}/echeances/", fetch_redirect_response=False)
        d = Deadline.objects.get()
        self.assertEqual(
            (d.org, d.title, d.notes), (self.org, "Tester la sauvegarde", "Sur le NAS du cabinet")
        )
        self.assertEqual(
            (d.created_by, d.permission, d.subject_id), (self.praticien, "deadlines.view", "")
        )
        self.assertEqual(d.reminders.count(), 4)
        entry = Entry.objects.get(action="deadline.created")
        self.assertEqual(entry.actor_id, self.praticien.pk)
        r = self.client.get(r["Location"])
        self.assertContains(r, "Échéance ajoutée. Les rappels partiront par e-mail.")
        self.assertContains(r, "mardi 15 janvier 2030 à 09:00")

    def test_the_time_is_paris_time_stored_in_utc(self):
        for day, expected in [
            ("2030-01-15", datetime(2030, 1, 15, 8, 0, tzinfo=UTC)),  # winter, UTC+1
            ("2030-07-15", datetime(2030, 7, 15, 7, 0, tzinfo=UTC)),  # summer, UTC+2
        ]:
            with self.subTest(day=day):
                self.post(title=f"Le {day}", due_date=day)
                d = Deadline.objects.get(title=f"Le {day}")
                self.assertEqual(d.due_at, expected)
                with connection.cursor() as cursor:
                    cursor.execute("SELECT due_at FROM deadlines_deadline WHERE id = %s", [d.pk])
                    [raw] = cursor.fetchone()
                self.assertTrue(str(raw).startswith(expected.strftime("%Y-%m-%d %H:%M:%S")), raw)

    def assertRefused(self, field: str, message: str, **fields):
        r = self.post(**fields)
        self.assertEqual(r.status_code, 400)
        self.assertIn(message, r.context["form"].errors[field])
        self.assertContains(r, message, status_code=400)
        self.assertFalse(Deadline.objects.exists())

    def test_it_refuses_a_missing_title(self):
        self.assertRefused("title", "Ce champ est obligatoire.", title="  ")

    def test_it_refuses_a_date_in_year_1(self):
        self.assertRefused(
            "due_date", "Indiquez une date entre 2000 et 2200.", due_date="0001-01-01"
        )

    def test_it_refuses_a_date_in_year_9999(self):
        self.assertRefused(
            "due_date", "Indiquez une date entre 2000 et 2200.", due_date="9999-12-31"
        )

    def test_it_refuses_a_date_that_does_not_exist(self):
        self.assertRefused("due_date", "Saisissez une date valide.", due_date="2030-02-30")

    def test_it_refuses_a_bad_time(self):
        self.assertRefused("due_time", "Saisissez une heure valide.", due_time="25:61")

    def test_it_refuses_over_long_notes(self):
        self.assertRefused(
            "notes",
            "Assurez-vous que cette valeur comporte au plus 2000 caractères (actuellement 2001).",
            notes="x" * 2001,
        )

    def test_the_secretary_may_not_create_one(self):
        self.login(self.secretaire)
        self.assertEqual(self.client.get(self.url).status_code, 403)
        self.assertEqual(self.post().status_code, 403)
        self.assertFalse(Deadline.objects.exists())

    def test_it_answers_404_to_an_outsider(self):
        self.login(self.outsider)
        self.assertEqual(self.post().status_code, 404)
        self.assertFalse(Deadline.objects.exists())
