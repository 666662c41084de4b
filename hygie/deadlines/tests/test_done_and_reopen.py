from hygie.deadlines.models import Status
from hygie.deadlines.tests.helpers import deadline, invitation
from hygie.journal.models import Entry
from hygie.tests.base import BaseTestCase


class DoneAndReopenTestCase(BaseTestCase):
    def setUp(self):
        self.d = deadline(self.org, "Tester la sauvegarde")
        self.done_url = f"/o/{self.org.code}/echeances/faite/"
        self.reopen_url = f"/o/{self.org.code}/echeances/rouvrir/"
        self.list_url = f"/o/{self.org.code}/echeances/"

    def post(self, url, **kwargs):
        return self.client.post(url, {"pk": self.d.pk}, **kwargs)

    def status(self) -> str:
        self.d.refresh_from_db()
        return self.d.status

    def test_a_praticien_marks_it_done(self):
        self.login(self.praticien)
        r = self.post(self.done_url)
        self.assertRedirects(r, self.list_url, fetch_redirect_response=False)
        self.assertEqual(self.status(), Status.DONE)
        self.assertEqual(self.d.closed_by, self.praticien)
        self.assertTrue(
            Entry.objects.filter(action="deadline.done", actor_id=self.praticien.pk).exists()
        )
        self.assertContains(
            self.client.get(self.list_url), "« Tester la sauvegarde » est marquée comme faite."
        )

    def test_with_htmx_it_answers_the_row_alone(self):
        self.login(self.praticien)
        r = self.post(self.done_url, headers={"HX-Request": "true"})
        self.assertEqual(r.status_code, 200)
        self.assertTemplateUsed(r, "deadlines/_row.html")
        self.assertTemplateNotUsed(r, "base.html")
        html = r.content.decode()
        self.assertTrue(
            html.strip().startswith(
                f'<li class="deadline deadline--closed" id="echeance-{self.d.pk}">'
            )
        )
        self.assertIn("Rouvrir", html)
        self.assertEqual(self.status(), Status.DONE)

    def test_it_reopens_it(self):
        self.login(self.praticien)
        self.post(self.done_url)
        r = self.post(self.reopen_url)
        self.assertRedirects(r, self.list_url, fetch_redirect_response=False)
        self.assertEqual(self.status(), Status.OPEN)
        self.assertEqual(self.d.reminders.filter(sent_at=None).count(), 4)
        self.assertTrue(Entry.objects.filter(action="deadline.reopened").exists())
        self.assertContains(
            self.client.get(self.list_url), "« Tester la sauvegarde » est de nouveau à faire."
        )

    def test_with_htmx_reopening_answers_the_open_row(self):
        self.login(self.praticien)
        self.post(self.done_url)
        r = self.post(self.reopen_url, headers={"HX-Request": "true"})
        self.assertTemplateUsed(r, "deadlines/_row.html")
        self.assertContains(r, "Marquer comme faite")
        self.assertContains(r, "À venir")

    def test_marking_it_done_twice_journals_it_once(self):
        self.login(self.praticien)
        self.post(self.done_url)
        self.post(self.done_url)
        self.assertEqual(Entry.objects.filter(action="deadline.done").count(), 1)

    def test_it_needs_a_post(self):
        self.login(self.praticien)
        self.assertEqual(self.client.get(self.done_url).status_code, 405)
        self.assertEqual(self.status(), Status.OPEN)

    def test_the_secretary_may_not_mark_it_done(self):
        self.login(self.secretaire)
        self.assertEqual(self.post(self.done_url).status_code, 403)
        self.assertEqual(self.post(self.reopen_url).status_code, 403)
        self.assertEqual(self.status(), Status.OPEN)

    def test_it_answers_404_to_an_outsider(self):
        self.login(self.outsider)
        self.assertEqual(self.post(self.done_url).status_code, 404)
        self.assertEqual(self.status(), Status.OPEN)

    def test_it_answers_404_for_a_deadline_of_another_organisation(self):
        theirs = deadline(self.other_org, "Réunion de la MSP")
        self.login(self.referent)
        r = self.client.post(self.done_url, {"pk": theirs.pk})
        self.assertEqual(r.status_code, 404)
        self.assertEqual(theirs.status, Status.OPEN)

    def test_it_answers_404_for_a_deadline_the_role_may_not_see(self):
        hidden = deadline(self.org, "Relire le journal", permission="journal.view")
        self.login(self.praticien)
        r = self.client.post(self.done_url, {"pk": hidden.pk})
        self.assertEqual(r.status_code, 404)


class SubjectDeadlineTestCase(BaseTestCase):
    """A deadline set by a workflow closes with it; only the titulaire may close it by hand."""

    def setUp(self):
        self.d = deadline(self.org, "Notifier la CNIL", subject=invitation(self.org), key="cnil")
        self.done_url = f"/o/{self.org.code}/echeances/faite/"

    def post(self, url, **kwargs):
        return self.client.post(url, {"pk": self.d.pk}, **kwargs)

    def test_a_praticien_may_not_close_it_by_hand(self):
        self.login(self.praticien)
        self.assertEqual(self.post(self.done_url).status_code, 403)
        self.d.refresh_from_db()
        self.assertEqual(self.d.status, Status.OPEN)

    def test_the_list_offers_no_button_for_it(self):
        self.login(self.titulaire)
        r = self.client.get(f"/o/{self.org.code}/echeances/")
        self.assertContains(r, "Notifier la CNIL")
        self.assertNotContains(r, "Marquer comme faite")

    def test_the_titulaire_may_close_it_by_hand(self):
        self.login(self.titulaire)
        self.post(self.done_url)
        self.d.refresh_from_db()
        self.assertEqual(self.d.status, Status.DONE)


class MalformedActionTestCase(BaseTestCase):
    def test_a_missing_or_malformed_number_answers_404(self):
        self.login(self.titulaire)
        url = f"/o/{self.org.code}/echeances/faite/"
        for data in ({}, {"pk": ""}, {"pk": "abc"}, {"pk": "-1"}, {"pk": "9" * 30}):
            with self.subTest(data=data):
                self.assertEqual(self.client.post(url, data).status_code, 404)

    def test_the_list_has_one_form_and_one_token(self):
        deadline(self.org, "Première")
        deadline(self.org, "Seconde")
        self.login(self.titulaire)
        r = self.client.get(f"/o/{self.org.code}/echeances/")
        html = r.content.decode()
        self.assertEqual(html.count('id="echeance-actions"'), 1)
        self.assertEqual(html.count('form="echeance-actions"'), 2)
