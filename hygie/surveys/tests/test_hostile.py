"""Hostile input thrown at the respondents' pages and the animateur's: every
answer is a 4xx or a page, never a 500, and nothing refused is kept."""

from django.apps import apps
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from hygie.accounts.models import Session
from hygie.journal.models import Entry
from hygie.surveys import actions
from hygie.surveys.models import Answer, BrowserMark, Invitation, Question, Response, Survey
from hygie.surveys.tests.base import VALID, SurveyTestCase
from hygie.tests.base import make_region
from hygie.tests.readback import pdf_text

SCRIPT = '<script>alert("x")</script>'


class HostileTestCase(SurveyTestCase):
    def setUp(self):
        super().setUp()
        self.client = Client(raise_request_exception=False)

    def rows(self) -> tuple[int, int, int, int]:
        return (
            Response.objects.count(),
            Answer.objects.count(),
            BrowserMark.objects.count(),
            Invitation.objects.filter(used=True).count(),
        )

    def refused(self, data: dict, url: str = "", status: int = 400):
        before = self.rows()
        client = Client(raise_request_exception=False)
        response = self.answer(client=client, data=data, url=url)
        self.assertEqual(response.status_code, status, data)
        self.assertEqual(self.rows(), before)
        return response


class AnswerFormTest(HostileTestCase):
    def test_wrong_values_are_refused_in_french_and_nothing_is_kept(self):
        cases = [
            ("q-profession", "inconnue", "Choisissez une des réponses proposées."),
            ("q-profession", "infirmier\x00", "Choisissez une des réponses proposées."),
            ("q-mots-de-passe", ["gestionnaire", "pirate"], "Choisissez une des réponses"),
            # Beyond Django's 1,000 fields: the site's French « requête incorrecte » page.
            ("q-mots-de-passe", [f"c{i}" for i in range(10_000)], ""),
            ("q-verrouillage", "11", "Choisissez une valeur de"),
            ("q-verrouillage", "-1", "Choisissez une valeur de"),
            ("q-temps-formation", "1e309", "Écrivez un nombre entier"),
            ("q-temps-formation", "NaN", "Écrivez un nombre entier"),
            ("q-temps-formation", "Infinity", "Écrivez un nombre entier"),
            ("q-temps-formation", "4.5", "Écrivez un nombre entier"),
            ("q-temps-formation", "9" * 5000, "au plus 9 chiffres"),
            ("q-temps-formation", "-3", "Écrivez un nombre entre 0 et 100."),
            ("q-remarque", "x" * 100_000, "Écrivez au plus 1000 caractères."),
        ]
        for field, value, message in cases:
            with self.subTest(field=field, value=str(value)[:30]):
                response = self.refused({**VALID, field: value})
                self.assertContains(response, message or "<html", status_code=400)

    def test_a_nul_character_in_free_text_is_refused_not_a_crash(self):
        # PostgreSQL cannot store U+0000 in a text column.
        response = self.refused({**VALID, "q-remarque": "avant\x00après"})
        self.assertContains(response, "caractère invisible", status_code=400)

    def test_a_number_beyond_what_the_database_holds_is_refused(self):
        Question.objects.create(
            survey=self.survey, key="sans-bornes", kind="number", text="Combien ?", position=99
        )
        for value in ("3000000000", "-3000000000", "1" * 20):
            with self.subTest(value=value):
                response = self.refused({**VALID, "q-sans-bornes": value})
                self.assertContains(response, "Écrivez un nombre", status_code=400)
        self.answer(data={**VALID, "q-sans-bornes": "-000999999999"})
        self.assertEqual(Answer.objects.get(question__key="sans-bornes").number, -999_999_999)

    def test_digits_of_other_scripts_are_not_numbers(self):
        self.refused({**VALID, "q-temps-formation": "٣"})

    def test_a_duplicated_single_choice_keeps_one_answer(self):
        self.answer(data={**VALID, "q-profession": ["medecin", "infirmier"]})
        self.assertEqual(
            list(Answer.objects.filter(question__key="profession").values_list("choice")),
            [("infirmier",)],
        )

    def test_answers_to_another_surveys_questions_are_ignored(self):
        other = actions.create_from_template(self.region, actions.READY_MADE, self.animateur)
        other_question = other.questions.get(key="remarque")
        data = {**VALID, f"q-{other_question.pk}": "intrus", "q-inconnue": "intrus"}
        self.answer(data=data)
        self.assertFalse(Answer.objects.filter(question__survey=other).exists())
        self.assertFalse(Answer.objects.filter(text="intrus").exists())

    def test_bidi_and_control_characters_are_kept_as_text_and_shown_escaped(self):
        text = f"\u202eevil\u202c {SCRIPT}"
        self.answer(data={**VALID, "q-remarque": text})
        self.assertEqual(Answer.objects.get(question__key="remarque").text, text)
        self.login(self.animateur)
        page = self.client.get(reverse("surveys:results", args=[self.region.code, self.survey.pk]))
        self.assertEqual(page.status_code, 200)
        self.assertNotContains(page, SCRIPT)
        self.assertContains(page, "&lt;script&gt;")

    def test_unknown_and_malformed_tokens_answer_404(self):
        for url in (
            "/enquete/inconnu/",
            "/enquete/%00/",
            "/enquete/a%00b/merci/",
            "/enquete/%00/information/",
            "/enquete/%00/resultats/",
            "/enquete/%00/resultats/rapport.pdf",
            f"{self.url()}i/%00/",
            f"{self.url()}i/inconnue/",
        ):
            with self.subTest(url=url):
                # A NUL character is refused before any view (400).
                self.assertIn(self.client.get(url).status_code, (400, 404))
                self.assertIn(self.client.post(url, VALID).status_code, (400, 404))

    def test_an_invitation_of_another_survey_answers_404(self):
        other = actions.create_from_template(self.region, actions.READY_MADE, self.animateur)
        actions.set_status(other, Survey.Status.OPEN, self.animateur)
        actions.add_invitations(other, ["lea@exemple.fr"], self.animateur)
        path = actions.invitation_path(Invitation.objects.get())
        token = path.rstrip("/").rsplit("/", 1)[1]
        self.refused(VALID, url=f"{self.url()}i/{token}/", status=404)

    def test_a_used_invitation_cannot_be_replayed(self):
        actions.add_invitations(self.survey, ["lea@exemple.fr"], self.animateur)
        url = actions.invitation_path(Invitation.objects.get())
        self.assertEqual(self.answer(data=VALID, url=url).status_code, 302)
        response = self.refused(VALID, url=url, status=409)
        self.assertContains(response, "déjà servi", status_code=409)

    def test_a_closed_survey_keeps_nothing(self):
        actions.set_status(self.survey, Survey.Status.CLOSED, self.animateur)
        before = self.rows()
        response = Client().post(self.url(), VALID)
        self.assertContains(response, "close", status_code=200)
        self.assertEqual(self.rows(), before)

    def test_a_post_without_the_csrf_token_is_refused(self):
        client = Client(enforce_csrf_checks=True, raise_request_exception=False)
        before = self.rows()
        self.assertEqual(client.post(self.url(), VALID).status_code, 403)
        self.assertEqual(self.rows(), before)


class AnonymityEndToEndTest(HostileTestCase):
    def test_nothing_left_anywhere_joins_an_invited_answer_to_its_person(self):
        cache.clear()
        actions.add_invitations(self.survey, ["lea.secret@exemple.fr"], self.animateur)
        url = actions.invitation_path(Invitation.objects.get())
        token = url.rstrip("/").rsplit("/", 1)[1]
        client = Client(REMOTE_ADDR="198.51.100.77")
        self.answer(client=client, url=url)
        response = Response.objects.get()
        # The rows of the survey's own tables, the journal and the sessions.
        dumps = []
        for model in apps.get_app_config("surveys").get_models():
            dumps += [repr(row) for row in model.objects.values()]
        dumps += [repr(row) for row in Entry.objects.values()]
        dumps += [repr(row) for row in Session.objects.values()]
        for text in dumps:
            self.assertNotIn("198.51.100.77", text)
            self.assertNotIn(token, text)
        # The address stays on its invitation only, which holds no key, date
        # or counter that a response could be set beside.
        holders = [t for t in dumps if "lea.secret@exemple.fr" in t]
        self.assertEqual(len(holders), 1)
        self.assertIn("'used': True", holders[0])
        self.assertNotIn(str(response.submitted_at.replace(tzinfo=None)), holders[0])
        # The cache holds the rate-limit counter: a network's count, no address.
        store = cache._cache
        if hasattr(store, "get_client"):  # Redis
            keys = [k.decode() for k in store.get_client(None, write=False).scan_iter("*")]
        else:  # the local memory cache
            keys = list(store)
        self.assertTrue(any("survey-post:" in str(key) for key in keys))
        for key in keys:
            self.assertNotIn("198.51.100.77", str(key))
            self.assertNotIn(token, str(key))


class AnimateurHostileTest(HostileTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.other_region, cls.other_animateur = make_region()
        cls.foreign = actions.create_from_template(
            cls.other_region, actions.READY_MADE, cls.other_animateur
        )

    def test_another_regions_survey_answers_404_on_every_page(self):
        self.login(self.animateur)
        names = [
            "detail",
            "results",
            "results_count",
            "timeline",
            "export_csv",
            "export_xlsx",
            "report_pdf",
            "invitations",
            "poster",
            "status",
            "publish",
            "exclude_window",
        ]
        for name in names:
            with self.subTest(name=name):
                url = reverse(f"surveys:{name}", args=[self.region.code, self.foreign.pk])
                # A POST-only page refuses a GET before it looks the survey up.
                self.assertIn(self.client.get(url).status_code, (404, 405))
                self.assertEqual(self.client.post(url, {"status": "closed"}).status_code, 404)
        self.foreign.refresh_from_db()
        self.assertEqual(self.foreign.status, Survey.Status.DRAFT)

    def test_an_unknown_or_huge_primary_key_answers_404(self):
        self.login(self.animateur)
        for pk in (0, 999_999, 10**30):
            with self.subTest(pk=pk):
                url = f"/o/{self.region.code}/enquetes/{pk}/resultats/"
                self.assertEqual(self.client.get(url).status_code, 404)

    def test_post_only_pages_refuse_a_get(self):
        self.login(self.animateur)
        for name in ("publish", "exclude_window", "status"):
            with self.subTest(name=name):
                url = reverse(f"surveys:{name}", args=[self.region.code, self.survey.pk])
                self.assertEqual(self.client.get(url).status_code, 405)

    def test_a_malformed_period_is_refused_in_french(self):
        self.login(self.animateur)
        url = reverse("surveys:exclude_window", args=[self.region.code, self.survey.pk])
        for value in ("", "9999-99-99", "\x00", "x" * 100_000, "2026-01-01T00:00"):
            with self.subTest(value=value[:20]):
                response = self.client.post(url, {"debut": value}, follow=True)
                self.assertContains(response, "Période inconnue")

    def test_a_hostile_live_count_is_ignored(self):
        self.login(self.animateur)
        url = reverse("surveys:results_count", args=[self.region.code, self.survey.pk])
        for known in ("1e309", "9" * 5000, "-1", "%00"):
            with self.subTest(known=known[:10]):
                self.assertEqual(self.client.get(url + "?connu=" + known).status_code, 200)

    def test_html_in_a_question_and_its_labels_comes_out_escaped(self):
        question = self.survey.questions.get(key="profession")
        question.text = f"Profession {SCRIPT}"
        question.choices = [{"key": "x", "label": SCRIPT}, *question.choices[1:]]
        question.save()
        for _ in range(6):
            self.answer(client=Client(), data={**VALID, "q-profession": "x"})
        Survey.objects.filter(pk=self.survey.pk).update(results_published=True)
        self.login(self.animateur)
        for url in (
            reverse("surveys:results", args=[self.region.code, self.survey.pk]),
            reverse("surveys:published", args=[self.survey.results_token]),
            self.url(),
        ):
            with self.subTest(url=url):
                page = Client().get(url) if "/o/" not in url else self.client.get(url)
                self.assertNotContains(page, SCRIPT, status_code=page.status_code)
                self.assertContains(page, "&lt;script&gt;", status_code=page.status_code)
        pdf = self.client.get(
            reverse("surveys:report_pdf", args=[self.region.code, self.survey.pk])
        )
        self.assertIn("<script>", pdf_text(pdf.content))
