"""« En faire une question du cyberquiz »: an analysed lure becomes a private
question of the organisation, its signals the explanation."""

from __future__ import annotations

from hygie.journal.models import Entry
from hygie.phishing.analysis import Analysis
from hygie.phishing.tests.base import signed, written_analysis
from hygie.quiz.models import OrgQuestion
from hygie.tests.base import BaseTestCase


class QuizQuestionTestCase(BaseTestCase):
    def make(self, user=None, analysis=None):
        user = user or self.secretaire
        self.login(user)
        return self.client.post(
            f"/o/{self.org.code}/messages/cyberquiz/",
            {"analyse": signed(self.org, user, analysis)},
        )

    def test_a_lure_becomes_a_private_question_with_its_signals_as_explanation(self):
        r = self.make()
        self.assertRedirects(r, f"/o/{self.org.code}/quiz/composer/?theme=hameconnage")
        question = OrgQuestion.objects.get()
        self.assertEqual(question.org, self.org)
        self.assertEqual(question.type, "choix_unique")
        self.assertEqual(question.theme, "hameconnage")
        self.assertTrue(
            question.text.startswith(
                "E-mail de Direction Générale des Impôts <JaiDeMauvaisesIntentions@"
            ),
            question.text,
        )
        self.assertIn("« Remboursement impôts »", question.text)
        self.assertTrue(question.text.endswith("Ce message est-il une arnaque ?"))
        self.assertLessEqual(len(question.text), 180)
        self.assertEqual(
            question.options,
            [
                {"text": "Oui, c'est une arnaque", "correct": True},
                {"text": "Non, il est légitime", "correct": False},
            ],
        )
        self.assertTrue(question.explanation.startswith("Oui. Le nom affiché se dit les impôts"))
        self.assertLessEqual(len(question.explanation), 400)
        self.assertIn("Hygie, analyse d'un message suspect", question.source)

    def test_the_quiz_journals_the_question(self):
        self.make(user=self.praticien)
        entry = Entry.objects.get(action="quiz.question_created")
        self.assertEqual((entry.org_id, entry.actor_id), (self.org.pk, self.praticien.pk))

    def test_the_question_shows_an_sms_s_text(self):
        self.make(analysis=written_analysis("sms"))
        question = OrgQuestion.objects.get()
        self.assertTrue(
            question.text.startswith("SMS de AMELI : « ASSURANCE MALADIE"), question.text
        )
        self.assertLessEqual(len(question.text), 180)

    def test_a_message_without_signs_makes_no_question(self):
        quiet = written_analysis()
        r = self.make(analysis=Analysis(quiet.message, []))
        self.assertEqual(r.status_code, 400)
        self.assertFalse(OrgQuestion.objects.exists())

    def test_an_outsider_cannot_add_a_question_to_the_organisation(self):
        r = self.make(user=self.outsider)
        self.assertEqual(r.status_code, 404)
        self.assertFalse(OrgQuestion.objects.exists())
