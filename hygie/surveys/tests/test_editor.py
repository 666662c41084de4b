"""The animateur's pages: access, creation, the questions editor."""

from django.test import Client

from hygie.surveys import actions
from hygie.surveys.models import Question, Survey
from hygie.surveys.tests.base import SurveyTestCase


class AccessTestCase(SurveyTestCase):
    def test_the_animateur_sees_the_surveys_and_others_get_404(self):
        url = f"/o/{self.region.code}/enquetes/{self.survey.pk}/"
        self.login(self.animateur)
        response = self.client.get(url)
        self.assertContains(response, self.survey.public_url())
        self.assertContains(response, "data:image/svg+xml")
        self.assertContains(self.client.get(f"/o/{self.region.code}/enquetes/"), self.survey.title)
        self.login(self.titulaire)
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_a_survey_of_another_body_is_404(self):
        other = actions.create_blank(self.other_org, self.outsider, "Ailleurs")
        self.login(self.animateur)
        self.assertEqual(
            self.client.get(f"/o/{self.region.code}/enquetes/{other.pk}/").status_code, 404
        )


class CreateTestCase(SurveyTestCase):
    def setUp(self):
        self.login(self.animateur)
        self.create_url = f"/o/{self.region.code}/enquetes/nouvelle/"

    def test_the_ready_made_survey_as_next_campaign(self):
        response = self.client.post(
            self.create_url, {"start": actions.READY_MADE, "previous": self.survey.pk}
        )
        created = Survey.objects.exclude(pk=self.survey.pk).get()
        self.assertRedirects(response, created.get_absolute_url())
        self.assertEqual(created.previous, self.survey)
        self.assertEqual(created.status, Survey.Status.DRAFT)
        self.assertEqual(created.questions.count(), self.survey.questions.count())

    def test_a_blank_survey_needs_a_title(self):
        response = self.client.post(self.create_url, {"start": "vierge"})
        self.assertContains(response, "Donnez un titre")
        self.client.post(self.create_url, {"start": "vierge", "title": "Ma propre enquête"})
        blank = Survey.objects.get(title="Ma propre enquête")
        self.assertFalse(blank.questions.exists())

    def test_a_survey_without_questions_cannot_open(self):
        blank = actions.create_blank(self.region, self.animateur, "Vide")
        response = self.client.post(
            f"/o/{self.region.code}/enquetes/{blank.pk}/statut/", {"status": "open"}, follow=True
        )
        self.assertContains(response, "Ajoutez au moins une question")
        blank.refresh_from_db()
        self.assertEqual(blank.status, Survey.Status.DRAFT)

    def test_settings_refuse_a_closing_before_the_opening(self):
        response = self.client.post(
            self.survey.get_absolute_url(),
            {
                "title": "Titre",
                "opens_at": "2026-12-10T09:00",
                "closes_at": "2026-12-01T09:00",
            },
        )
        self.assertContains(response, "La clôture doit venir après l&#x27;ouverture.")


class QuestionEditorTestCase(SurveyTestCase):
    def setUp(self):
        self.login(self.animateur)
        self.draft = actions.create_blank(self.region, self.animateur, "Brouillon")
        self.base = f"/o/{self.region.code}/enquetes/{self.draft.pk}/questions/"

    def post_question(self, **data):
        fields = {"kind": "single", "text": "Avez-vous un DPO ?", "choices_text": "Oui\nNon"}
        return self.client.post(f"{self.base}nouvelle/", {**fields, **data})

    def test_choices_are_written_one_per_line_and_keys_made_from_labels(self):
        self.post_question(choices_text="Oui\nnon-sais | Je ne sais pas\n")
        question = self.draft.questions.get()
        self.assertEqual(question.key, "avez-vous-un-dpo")
        self.assertEqual(
            question.choices,
            [{"key": "oui", "label": "Oui"}, {"key": "non-sais", "label": "Je ne sais pas"}],
        )

    def test_the_editor_refuses_in_french(self):
        cases = [
            ({"choices_text": "Oui"}, "Proposez au moins deux réponses"),
            ({"choices_text": "Oui\noui"}, "Deux réponses ont la même clé"),
            ({"kind": "scale", "scale_min": "5", "scale_max": "1"}, "Une échelle va"),
            ({"kind": "number", "number_min": "10", "number_max": "1"}, "Le maximum doit"),
            ({"kind": "multiple", "breakdown": "profession"}, "Seule une question à choix unique"),
            (
                {"condition_question": "", "condition_answers": "oui", "key": "x"},
                None,
            ),
        ]
        for data, message in cases:
            with self.subTest(data=data):
                response = self.post_question(**data)
                if message:
                    self.assertContains(response, message)
        self.assertEqual(self.draft.questions.count(), 1)  # the last case only

    def test_a_condition_must_name_an_earlier_choice_question_and_its_answers(self):
        self.post_question(key="dpo")
        response = self.post_question(
            key="dpo-qui", condition_question="dpo", condition_answers="peut-etre"
        )
        self.assertContains(response, "Réponse inconnue dans la condition : peut-etre.")
        self.post_question(key="dpo-qui", condition_question="dpo", condition_answers="oui")
        self.assertEqual(
            self.draft.questions.get(key="dpo-qui").show_if,
            {"question": "dpo", "answers": ["oui"]},
        )

    def test_keys_are_unique_in_a_survey(self):
        self.post_question(key="dpo")
        self.assertContains(self.post_question(key="dpo"), "déjà cette clé")

    def test_reorder_keeps_conditions_after_their_question(self):
        self.post_question(key="dpo")
        self.post_question(key="dpo-qui", condition_question="dpo", condition_answers="oui")
        self.post_question(key="autre")
        dpo_qui = self.draft.questions.get(key="dpo-qui")
        response = self.client.post(
            f"{self.base}{dpo_qui.pk}/deplacer/", {"direction": "up"}, follow=True
        )
        self.assertContains(response, "dépend d&#x27;une question")
        self.client.post(f"{self.base}{dpo_qui.pk}/deplacer/", {"direction": "down"})
        self.assertEqual(
            list(self.draft.questions.values_list("key", flat=True)), ["dpo", "autre", "dpo-qui"]
        )

    def test_a_question_others_depend_on_is_not_deleted(self):
        self.post_question(key="dpo")
        self.post_question(key="dpo-qui", condition_question="dpo", condition_answers="oui")
        dpo = self.draft.questions.get(key="dpo")
        self.client.post(f"{self.base}{dpo.pk}/supprimer/")
        self.assertTrue(self.draft.questions.filter(key="dpo").exists())
        self.client.post(f"{self.base}{self.draft.questions.get(key='dpo-qui').pk}/supprimer/")
        self.client.post(f"{self.base}{dpo.pk}/supprimer/")
        self.assertFalse(self.draft.questions.exists())

    def test_sections_are_added_and_deleted_keeping_their_questions(self):
        self.client.post(
            f"/o/{self.region.code}/enquetes/{self.draft.pk}/sections/nouvelle/",
            {"title": "Vos pratiques"},
        )
        section = self.draft.sections.get()
        self.post_question(key="dpo", section=section.pk)
        self.client.post(
            f"/o/{self.region.code}/enquetes/{self.draft.pk}/sections/{section.pk}/supprimer/"
        )
        self.assertEqual(self.draft.questions.get().section, None)


class LockedAfterAnswersTestCase(SurveyTestCase):
    """Once answers exist, only wordings can be fixed."""

    def setUp(self):
        self.answer(client=Client())
        self.login(self.animateur)
        self.question = self.survey.questions.get(key="dpo")
        self.url = f"/o/{self.region.code}/enquetes/{self.survey.pk}/questions/{self.question.pk}/"

    def test_a_wording_can_be_fixed(self):
        self.client.post(
            self.url,
            {
                "text": "Avez-vous désigné un DPO ?",
                "choices_text": "oui | Oui, désigné\nnon | Non\nne-sais-pas | Je ne sais pas",
                # Disabled fields: whatever is sent is ignored.
                "kind": "text",
                "key": "autre-cle",
            },
        )
        self.question.refresh_from_db()
        self.assertEqual(self.question.text, "Avez-vous désigné un DPO ?")
        self.assertEqual(self.question.choices[0], {"key": "oui", "label": "Oui, désigné"})
        self.assertEqual((self.question.kind, self.question.key), ("single", "dpo"))

    def test_choice_keys_cannot_change(self):
        response = self.client.post(
            self.url, {"text": "Avez-vous un DPO ?", "choices_text": "Oui\nNon"}
        )
        self.assertContains(response, "gardez les mêmes clés")

    def test_questions_are_neither_added_deleted_nor_moved(self):
        base = f"/o/{self.region.code}/enquetes/{self.survey.pk}/questions/"
        self.client.post(f"{base}nouvelle/", {"kind": "text", "text": "Encore une question ?"})
        self.client.post(f"{self.url}supprimer/")
        self.client.post(f"{self.url}deplacer/", {"direction": "up"})
        self.assertEqual(self.survey.questions.count(), 29)
        self.assertEqual(Question.objects.get(pk=self.question.pk).position, self.question.position)
