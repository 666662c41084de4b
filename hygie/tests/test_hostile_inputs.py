"""Values a browser never sends, each of which once failed deep in a view.

`str.isdigit()` accepts « ² », Python's int() reads digits of any script, a
database integer has 64 bits and a date 9999-12-31 overflows as soon as a
duration is added to it: each must end in a 404 or a clear French error.
"""

from __future__ import annotations

import re

from django.urls import reverse

from hygie.diagnostic import actions as diagnostic_actions
from hygie.diagnostic.tests.base import COMPLETE_PROFILE
from hygie.register.models import Processor
from hygie.tests.test_urls import URLWalk

FORTY_NINES = "9" * 40


class HostileInputsTestCase(URLWalk):
    def setUp(self):
        super().setUp()
        self.client = self.clients["titulaire"]

    def test_a_deadline_named_by_a_superscript_digit_is_not_found(self):
        url = reverse("deadlines:done", args=[self.org.code])
        self.assertEqual(self.client.post(url, {"pk": "²"}).status_code, 404)

    def test_a_deadline_named_by_a_huge_number_is_not_found(self):
        url = reverse("deadlines:done", args=[self.org.code])
        self.assertEqual(self.client.post(url, {"pk": FORTY_NINES}).status_code, 404)

    def test_a_diagnostic_theme_ignores_a_superscript_digit_as_next_theme(self):
        diagnostic_actions.save_profile(self.draft, COMPLETE_PROFILE, actor=self.titulaire)
        url = reverse("diagnostic:theme", args=[self.org.code, self.draft.pk, 1])
        for target in ("²", FORTY_NINES):
            with self.subTest(target=target):
                response = self.client.post(url, {"aller": target})
                self.assertRedirects(response, url, fetch_redirect_response=False)

    def test_launching_a_quiz_named_by_a_superscript_digit_is_not_found(self):
        url = reverse("quiz:launch", args=[self.org.code])
        for source in ("²", FORTY_NINES):
            with self.subTest(source=source):
                self.assertEqual(self.client.post(url, {"quiz": source}).status_code, 404)

    def test_a_quiz_order_typed_as_a_superscript_digit_counts_as_not_typed(self):
        url = reverse("quiz:edit", args=[self.org.code, self.quiz.pk])
        (key,) = self.quiz.questions
        data = {
            "title": "Accueil",
            "seconds": 20,
            "question_delay": 5,
            "questions": [key],
            f"ordre-{key}": "²",
        }
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 302)
        self.quiz.refresh_from_db()
        self.assertEqual(self.quiz.questions, [key])

    def test_the_requests_of_year_zero_are_not_found(self):
        url = f"/o/{self.org.code}/droits/demandes-0000.csv"
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_the_register_refuses_a_start_day_out_of_range_in_french(self):
        url = reverse("register:home", args=[self.org.code])
        response = self.client.get(url, {"depuis": "9999-12-31"}, follow=True)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Date illisible")

    def test_a_processor_for_a_huge_processing_number_is_refused_in_french(self):
        url = reverse("register:processor_edit", args=[self.org.code, self.processor.pk])
        data = {
            "name": "Éditeur",
            "service": "Logiciel de cabinet",
            "hds": "non",
            "location": "eee",
            "processings": [FORTY_NINES],
        }
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "n’existe pas", status_code=400)
        self.assertFalse(Processor.objects.get(pk=self.processor.pk).processings.exists())

    def test_a_register_rule_count_beyond_reason_is_refused_at_once(self):
        url = reverse("register:processing_edit", args=[self.org.code, self.processing.pk])
        response = self.client.post(url, {"conservation-TOTAL_FORMS": FORTY_NINES})
        self.assertEqual(response.status_code, 400)
        shown = re.findall(r'name="conservation-[0-9]+-what"', response.content.decode())
        self.assertLessEqual(len(shown), 24)
        self.assertContains(response, "au plus 12", status_code=400)
