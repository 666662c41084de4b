"""The respondent's form: one answer per browser, no trace of the person."""

from datetime import timedelta

from django.test import Client, override_settings
from django.utils import timezone

from hygie.surveys import actions
from hygie.surveys.models import Answer, BrowserMark, Response, Survey, digest
from hygie.surveys.public import COOKIE, HONEYPOT
from hygie.surveys.tests.base import VALID, SurveyTestCase


class AnswerTestCase(SurveyTestCase):
    def test_the_form_shows_every_question_and_the_notice_link(self):
        response = self.client.get(self.url())
        self.assertContains(response, "Quelle est votre profession ?")
        self.assertContains(response, 'name="q-dpo-qui"')
        self.assertContains(response, "Seulement si vous avez répondu « Oui » à la question")
        self.assertContains(response, "/information/")
        self.assertContains(response, "survey.js")

    def test_a_respondent_answers_and_is_thanked(self):
        response = self.answer()
        self.assertRedirects(response, f"{self.url()}merci/")
        stored = Response.objects.get()
        self.assertEqual(stored.channel, Response.Channel.PUBLIC)
        self.assertEqual((stored.submitted_at.second, stored.submitted_at.microsecond), (0, 0))
        answers = {(a.question.key, a.choice, a.number, a.text) for a in stored.answers.all()}
        self.assertIn(("profession", "infirmier", None, ""), answers)
        self.assertIn(("mots-de-passe", "gestionnaire", None, ""), answers)
        self.assertIn(("mots-de-passe", "un-par-service", None, ""), answers)
        self.assertIn(("verrouillage", "4", 4, ""), answers)
        self.assertIn(("temps-formation", "", 6, ""), answers)
        self.assertIn(("remarque", "", None, "Plus de webinaires le soir."), answers)

    def test_the_cookie_is_scoped_to_the_survey_and_outlives_its_closing(self):
        self.survey.closes_at = timezone.now() + timedelta(days=10)
        self.survey.save()
        response = self.client.get(self.url())
        cookie = response.cookies[COOKIE]
        self.assertEqual(cookie["path"], self.url())
        self.assertTrue(cookie["httponly"])
        self.assertEqual(cookie["samesite"], "Lax")
        self.assertGreater(cookie["max-age"], 39 * 24 * 3600)
        self.assertLess(cookie["max-age"], 41 * 24 * 3600)

    def test_errors_are_shown_per_field_and_nothing_is_stored(self):
        data = {**VALID, "q-profession": "", "q-temps-formation": "beaucoup"}
        response = self.answer(data=data)
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Cette question demande une réponse.", status_code=400)
        self.assertContains(response, "Écrivez un nombre entier", status_code=400)
        self.assertContains(response, 'aria-describedby="q-profession-erreur"', status_code=400)
        # What was given is shown again.
        self.assertContains(response, 'value="gestionnaire" checked', status_code=400)
        self.assertFalse(Response.objects.exists())
        self.assertFalse(BrowserMark.objects.exists())

    def test_a_hidden_question_is_dropped_on_the_server(self):
        data = {**VALID, "q-envoi-donnees": "mail-gratuit", "q-dpo": "non", "q-dpo-qui": "interne"}
        self.answer(data=data)
        keys = set(Answer.objects.values_list("question__key", flat=True))
        self.assertNotIn("mssante-patients", keys)
        self.assertNotIn("dpo-qui", keys)
        self.assertIn("envoi-donnees", keys)

    def test_a_shown_conditional_question_is_kept(self):
        self.answer(data={**VALID, "q-dpo": "oui", "q-dpo-qui": "mutualise"})
        self.assertEqual(Answer.objects.get(question__key="dpo-qui").choice, "mutualise")

    def test_csrf_is_enforced_and_a_browser_with_cookies_answers(self):
        client = Client(enforce_csrf_checks=True)
        self.assertEqual(client.post(self.url(), VALID).status_code, 403)
        page = client.get(self.url())
        token = page.context["csrf_token"]
        response = client.post(self.url(), {**VALID, "csrfmiddlewaretoken": str(token)})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Response.objects.count(), 1)


class DoubleSubmissionTestCase(SurveyTestCase):
    def test_the_same_browser_is_refused_in_french(self):
        self.answer()
        again = self.client.get(self.url())
        self.assertContains(again, "Vous avez déjà répondu", status_code=409)
        refused = self.client.post(self.url(), VALID)
        self.assertEqual(refused.status_code, 409)
        self.assertEqual(Response.objects.count(), 1)

    def test_another_browser_is_accepted(self):
        self.answer()
        self.answer(client=Client())
        self.assertEqual(Response.objects.count(), 2)

    def test_a_forged_cookie_is_accepted_once(self):
        forger = Client()
        forger.cookies[COOKIE] = "valeur-inventee"
        forger.cookies[COOKIE]["path"] = self.url()
        self.assertEqual(forger.post(self.url(), VALID).status_code, 302)
        # The same forged value from yet another browser: refused.
        other = Client()
        other.cookies[COOKIE] = "valeur-inventee"
        other.cookies[COOKIE]["path"] = self.url()
        self.assertEqual(other.post(self.url(), VALID).status_code, 409)
        self.assertEqual(Response.objects.count(), 1)
        self.assertTrue(BrowserMark.objects.filter(digest=digest("valeur-inventee")).exists())

    def test_a_browser_without_the_cookie_gets_one_when_it_answers(self):
        response = Client().post(self.url(), VALID)
        token = response.cookies[COOKIE].value
        self.assertTrue(BrowserMark.objects.filter(digest=digest(token)).exists())

    def test_the_database_never_holds_the_token_itself(self):
        response = self.answer()
        token = response.cookies[COOKIE].value
        mark = BrowserMark.objects.get()
        self.assertNotEqual(mark.digest, token)
        self.assertNotIn(token, mark.digest)

    def test_two_answers_sent_together_from_one_browser_keep_one(self):
        actions.submit(self.survey, {"profession": "medecin"}, browser_token="t")
        with self.assertRaises(actions.AlreadyAnswered):
            actions.submit(self.survey, {"profession": "medecin"}, browser_token="t")
        self.assertEqual(Response.objects.count(), 1)
        self.assertEqual(Answer.objects.count(), 1)


class AbuseTestCase(SurveyTestCase):
    def test_a_robot_filling_the_honeypot_is_thanked_and_nothing_is_stored(self):
        response = self.answer(data={**VALID, HONEYPOT: "https://spam.example"})
        self.assertRedirects(response, f"{self.url()}merci/")
        self.assertFalse(Response.objects.exists())
        self.assertFalse(BrowserMark.objects.exists())

    @override_settings(SURVEY_SUBMISSIONS_PER_NETWORK=3)
    def test_a_network_sending_too_many_is_told_to_wait_in_french(self):
        for _ in range(3):
            self.assertEqual(self.answer(client=Client()).status_code, 302)
        response = self.answer(client=Client())
        self.assertContains(response, "Trop de réponses envoyées", status_code=429)
        self.assertEqual(Response.objects.count(), 3)
        # Another network is not affected.
        other = Client(REMOTE_ADDR="192.0.2.77")
        self.assertEqual(self.answer(client=other).status_code, 302)

    def setUp(self):
        from django.core.cache import cache

        cache.clear()


class AvailabilityTestCase(SurveyTestCase):
    def test_an_unknown_token_is_404(self):
        self.assertEqual(self.client.get("/enquete/inconnu/").status_code, 404)

    def test_a_draft_survey_is_not_open_yet(self):
        draft = actions.create_blank(self.region, self.animateur, "Brouillon")
        response = self.client.get(self.url(draft))
        self.assertContains(response, "pas encore ouverte")
        self.assertNotContains(response, '<form method="post" novalidate')

    def test_before_its_opening_date_it_says_when(self):
        self.survey.opens_at = timezone.now() + timedelta(days=2)
        self.survey.save()
        response = self.answer()
        self.assertContains(response, "Elle ouvrira le")
        self.assertFalse(Response.objects.exists())

    def test_after_its_closing_it_refuses_answers(self):
        self.survey.closes_at = timezone.now() - timedelta(minutes=1)
        self.survey.save()
        response = self.answer()
        self.assertContains(response, "Cette enquête est close")
        self.assertFalse(Response.objects.exists())

    def test_a_closed_survey_refuses_answers(self):
        actions.set_status(self.survey, Survey.Status.CLOSED, self.animateur)
        self.assertContains(self.answer(), "Cette enquête est close")
        self.assertFalse(Response.objects.exists())

    def test_the_thanks_page_links_published_results(self):
        self.assertNotContains(self.client.get(f"{self.url()}merci/"), "resultats")
        self.survey.results_published = True
        self.survey.save()
        response = self.client.get(f"{self.url()}merci/")
        self.assertContains(response, f"/enquete/{self.survey.results_token}/resultats/")

    def test_the_notice_names_the_body_the_cookie_and_its_sources(self):
        self.region.address = "1 rue de la Santé\n75000 Paris"
        self.region.save()
        response = self.client.get(f"{self.url()}information/")
        self.assertContains(response, "GRADeS Exemple")
        self.assertContains(response, "1 rue de la Santé")
        self.assertContains(response, "hygie_enquete")
        self.assertContains(response, "moins de cinq")
        self.assertContains(response, "Règlement (UE) 2016/679")
        self.assertContains(response, "texte non vérifié")


class OpenSurveysTestCase(SurveyTestCase):
    def test_it_lists_the_surveys_accepting_answers_now(self):
        now = timezone.now()
        later = actions.create_from_template(self.region, actions.READY_MADE, self.animateur)
        later.status = Survey.Status.OPEN
        later.opens_at = now + timedelta(days=1)
        later.save()
        actions.create_blank(self.region, self.animateur, "Brouillon")
        elsewhere = actions.create_blank(self.other_org, self.outsider, "Ailleurs")
        elsewhere.status = Survey.Status.OPEN
        elsewhere.save()
        self.assertEqual(actions.open_surveys([self.region]), [self.survey])
        self.assertEqual(actions.open_surveys([self.region], now + timedelta(days=2))[0], later)
        self.assertEqual(actions.open_surveys([]), [])
