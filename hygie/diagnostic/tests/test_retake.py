"""« Refaire le diagnostic »: the new diagnostic starts from the last one's
answers, marked as carried until the user confirms or changes them; only
answers given or confirmed count."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from hygie.diagnostic import actions, measures
from hygie.diagnostic.models import Answer
from hygie.diagnostic.scoring import applicable
from hygie.diagnostic.tests.base import COMPLETE_PROFILE, answer_all, best, worst
from hygie.journal.models import Entry
from hygie.tests.base import BaseTestCase


class RetakeTestCase(BaseTestCase):
    def setUp(self):
        self.first = actions.start(self.org, actor=self.titulaire)
        actions.save_profile(self.first, COMPLETE_PROFILE, actor=self.titulaire)
        answer_all(self.first, best, actor=self.titulaire)
        actions.complete(self.first, actor=self.titulaire)
        self.first.refresh_from_db()
        self.measures = applicable(measures.catalogue(), self.first.profile)
        self.login(self.praticien)

    def url(self, name, *args):
        return reverse(f"diagnostic:{name}", args=[self.org.code, *args])

    def retake(self):
        self.client.post(self.url("start"))
        return actions.draft_of(self.org)

    def theme_of(self, measure) -> int:
        return [t.key for t in measures.catalogue().themes].index(measure.theme) + 1

    def test_the_new_diagnostic_holds_the_last_answers_still_to_confirm(self):
        second = self.retake()
        self.assertEqual(actions.carried_of(second), actions.answers_of(self.first))
        self.assertEqual(actions.answers_of(second), {})
        entry = Entry.objects.filter(action="diagnostic.started").latest("seq")
        self.assertEqual(entry.details["réponses reprises à confirmer"], len(self.measures))

    def test_the_questions_show_the_carried_answer_checked_and_marked(self):
        second = self.retake()
        measure = self.measures[0]
        r = self.client.get(self.url("theme", second.pk, self.theme_of(measure)))
        day = timezone.localtime(self.first.completed_at).strftime("%d/%m/%Y")
        self.assertContains(r, f"Reprise du diagnostic du {day}")
        self.assertContains(
            r, f'name="m-{measure.key}" value="{best(measure)}" checked', html=False
        )
        self.assertContains(r, "à confirmer")
        # Clicking the answer already checked confirms it (a change would not fire).
        self.assertContains(r, 'hx-trigger="click"')

    def test_saving_a_page_confirms_its_answers_and_no_other(self):
        second = self.retake()
        measure = self.measures[0]
        number = self.theme_of(measure)
        page = [m for m in self.measures if m.theme == measure.theme]
        # The form sends back the answers checked on the page, carried ones included.
        data = {f"m-{m.key}": best(m) for m in page}
        self.client.post(self.url("theme", second.pk, number), {**data, "aller": str(number)})
        self.assertEqual(set(actions.answers_of(second)), {m.key for m in page})
        self.assertEqual(len(actions.carried_of(second)), len(self.measures) - len(page))

    def test_changing_a_carried_answer_confirms_the_new_one(self):
        second = self.retake()
        measure = self.measures[0]
        r = self.client.post(
            self.url("answer", second.pk), {"mesure": measure.key, "choix": worst(measure)}
        )
        self.assertContains(r, "Enregistré")
        self.assertEqual(actions.answers_of(second), {measure.key: worst(measure)})

    def test_the_indice_counts_only_what_was_confirmed(self):
        second = self.retake()
        page = [m for m in self.measures if m.theme == self.measures[0].theme]
        for m in page:
            actions.save_answer(second, m, best(m), actor=self.praticien)
        result = actions.complete(second, actor=self.praticien)
        # The first diagnostic had every measure in place; what was not
        # confirmed counts as unanswered.
        self.assertEqual(self.first.indice, 100)
        self.assertEqual(result.unknown, len(self.measures) - len(page))
        self.assertLess(result.indice, 100)
        self.assertFalse(Answer.objects.filter(assessment=second).exclude(carried_from=None))
        entry = Entry.objects.filter(action="diagnostic.completed").latest("seq")
        self.assertEqual(
            entry.details["réponses reprises non confirmées, retirées"],
            len(self.measures) - len(page),
        )

    def test_the_review_lists_the_answers_still_to_confirm(self):
        second = self.retake()
        r = self.client.get(self.url("review", second.pk))
        self.assertContains(r, f"{len(self.measures)} réponses reprises du diagnostic du")
        self.assertContains(r, "pas encore confirmées")

    def test_an_answer_to_a_question_since_reworded_is_not_carried(self):
        reworded = self.measures[0]
        Answer.objects.filter(assessment=self.first, measure=reworded.key).update(
            measure_version=reworded.data["version"] - 1
        )
        second = self.retake()
        self.assertNotIn(reworded.key, actions.carried_of(second))
        self.assertEqual(len(actions.carried_of(second)), len(self.measures) - 1)

    def test_the_diagnostic_home_says_what_is_carried(self):
        r = self.client.get(self.url("home"))
        self.assertContains(r, "seules les réponses confirmées comptent")
