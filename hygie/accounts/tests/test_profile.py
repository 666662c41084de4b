from django.urls import reverse

from hygie.accounts.tests.base import AccountsTestCase


class ProfileTestCase(AccountsTestCase):
    def setUp(self):
        self.login(self.praticien)

    def test_it_changes_the_name_and_reminders(self):
        r = self.client.post(
            reverse("accounts:profile"), {"full_name": "Dr Paul Petit", "reminders_by_email": ""}
        )
        self.assertRedirects(r, reverse("accounts:profile"))
        self.praticien.refresh_from_db()
        self.assertEqual(self.praticien.full_name, "Dr Paul Petit")
        self.assertFalse(self.praticien.reminders_by_email)

    def test_it_cannot_change_the_address(self):
        self.client.post(
            reverse("accounts:profile"),
            {"full_name": "Paul Petit", "email": "pirate@attaquant.example"},
        )
        self.praticien.refresh_from_db()
        self.assertEqual(self.praticien.email, "paul@cabinet-martin.example")

    def test_it_shows_the_calendar_link(self):
        r = self.client.get(reverse("accounts:profile"))
        self.assertContains(r, self.praticien.calendar_token)

    def test_a_new_calendar_link_replaces_the_old_one(self):
        old = self.praticien.calendar_token
        r = self.client.post(reverse("accounts:renew_calendar"), follow=True)
        self.assertContains(r, "Nouveau lien créé : l&#x27;ancien ne fonctionne plus.")
        self.praticien.refresh_from_db()
        self.assertNotEqual(self.praticien.calendar_token, old)
