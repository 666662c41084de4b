"""The ready-made survey: loaded from the library, every question sourced."""

from hygie.content import library
from hygie.journal.models import Entry
from hygie.surveys import actions
from hygie.surveys.models import Question
from hygie.surveys.tests.base import SurveyTestCase


class ReadyMadeSurveyTestCase(SurveyTestCase):
    def test_it_is_in_the_library(self):
        data = library.get(actions.TEMPLATES, actions.READY_MADE)
        self.assertEqual(data["title"], "Pratiques et connaissances RGPD et cybersécurité")

    def test_it_has_about_twenty_five_questions_in_sections(self):
        self.assertGreaterEqual(self.survey.questions.count(), 22)
        self.assertLessEqual(self.survey.questions.count(), 32)
        self.assertEqual(
            list(self.survey.sections.values_list("title", flat=True)),
            ["Vous et votre exercice", "Vos pratiques", "Vos connaissances", "Vos besoins"],
        )
        self.assertFalse(self.survey.questions.filter(section=None).exists())

    def test_every_question_cites_a_source_of_the_library(self):
        for question in self.survey.questions.all():
            with self.subTest(question=question.key):
                self.assertTrue(question.sources)
                for cited in library.cite(question.sources):
                    self.assertTrue(cited["publisher"], cited["ref"])

    def test_profession_and_setting_split_the_results(self):
        self.assertEqual(self.survey.questions.get(breakdown="profession").key, "profession")
        self.assertEqual(self.survey.questions.get(breakdown="setting").key, "setting")

    def test_conditions_name_earlier_questions_and_their_answers(self):
        seen = {}
        conditional = 0
        for question in self.survey.questions.all():
            if question.show_if:
                conditional += 1
                other = seen[question.show_if["question"]]
                self.assertIn(other.kind, (Question.Kind.SINGLE, Question.Kind.MULTIPLE))
                for answer in question.show_if["answers"]:
                    self.assertIn(answer, other.choice_labels(), question.key)
            seen[question.key] = question
        self.assertGreaterEqual(conditional, 3)
        self.assertEqual(self.survey.questions.get(key="dpo-qui").show_if["question"], "dpo")

    def test_the_copy_is_editable_and_journaled(self):
        self.assertEqual(self.survey.template_key, actions.READY_MADE)
        self.assertTrue(
            Entry.objects.filter(org_id=self.region.pk, action="survey.created").exists()
        )
