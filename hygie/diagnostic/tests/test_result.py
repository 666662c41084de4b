"""The result page: each priority action shows its own rank; its words agree."""

import re

from django.urls import reverse

from hygie.diagnostic import actions, measures
from hygie.diagnostic.measures import NSP
from hygie.diagnostic.tests.base import COMPLETE_PROFILE, answer_all, worst
from hygie.tests.base import BaseTestCase


class PriorityRankTestCase(BaseTestCase):
    def setUp(self):
        self.assessment = actions.start(self.org, actor=self.titulaire)
        actions.save_profile(self.assessment, COMPLETE_PROFILE, actor=self.titulaire)
        # Every measure missing: many gaps share the same score.
        answer_all(self.assessment, worst, actor=self.titulaire)
        actions.complete(self.assessment, actor=self.titulaire)
        self.login(self.titulaire)

    def test_the_six_priorities_show_their_ranks_one_to_six(self):
        r = self.client.get(reverse("diagnostic:result", args=[self.org.code, self.assessment.pk]))
        html = r.content.decode()
        priorities = html[html.index('id="priorities"') : html.index('id="all"')]
        self.assertEqual(
            re.findall(r"Priorité n° (\d+)", priorities), ["1", "2", "3", "4", "5", "6"]
        )
        rest = html[html.index('id="all"') :]
        self.assertEqual(re.findall(r"priorité n° (\d+)", rest)[:2], ["7", "8"])


class ResultWordingTestCase(BaseTestCase):
    def test_the_words_agree_with_their_numbers(self):
        assessment = actions.start(self.org, actor=self.titulaire)
        actions.save_profile(assessment, COMPLETE_PROFILE, actor=self.titulaire)
        answer_all(assessment, worst, actor=self.titulaire)
        first = assessment.answers.order_by("pk").first()
        measure = next(m for m in measures.catalogue().measures if m.key == first.measure)
        actions.save_answer(assessment, measure, NSP, actor=self.titulaire)
        actions.complete(assessment, actor=self.titulaire)
        self.login(self.titulaire)
        r = self.client.get(reverse("diagnostic:result", args=[self.org.code, assessment.pk]))
        self.assertContains(
            r, "<strong>1 « Je ne sais pas » ou sans réponse</strong> compte pour 0"
        )
        self.assertContains(r, "mesures vous concernent")
        self.assertContains(r, "les actions marquées <span")
