"""Asking for the report: laid out once in the background, its progress polled,
its failure said in French."""

from __future__ import annotations

import threading
import time
import uuid

from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from hygie.lib import documents
from hygie.surveys import report
from hygie.surveys.tests.results_fixtures import make_survey, submit_many
from hygie.tests.base import BaseTestCase
from hygie.tests.readback import pdf_text


def layouts() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "hygie-survey-report"]


@override_settings(PREPARE_DOCUMENTS=True)
class ReportProgressTest(BaseTestCase):
    def setUp(self):
        super().setUp()
        # A title of its own: the cache may hold the report of an identical survey.
        self.survey = make_survey(self.region, title=f"Pratiques RGPD {uuid.uuid4().hex[:8]}")
        submit_many(self.survey, 7, profession="medecin", exercice="seul", mssante="oui")
        submit_many(self.survey, 6, profession="infirmier", exercice="groupe", mssante="non")
        self.pdf_url = reverse("surveys:report_pdf", args=[self.region.code, self.survey.pk])
        self.state_url = reverse("surveys:report_state", args=[self.region.code, self.survey.pk])

    def finish(self) -> None:
        for thread in layouts():
            thread.join(timeout=60)

    def test_the_report_is_prepared_then_offered_then_downloaded(self):
        self.login(self.animateur)
        page = self.client.get(self.pdf_url)
        self.assertContains(page, "Rapport en préparation")
        self.assertContains(page, f'hx-get="{self.state_url}"')
        self.assertContains(page, 'hx-trigger="every 1s"')
        self.finish()
        ready = self.client.get(self.state_url, headers={"HX-Request": "true"})
        self.assertContains(ready, "Le rapport est prêt")
        self.assertContains(ready, f'href="{self.pdf_url}"')
        pdf = self.client.get(self.pdf_url)
        self.assertEqual(pdf["Content-Type"], "application/pdf")
        self.assertIn(self.survey.title, pdf_text(pdf.content))

    def test_a_new_response_makes_a_new_report(self):
        self.login(self.animateur)
        self.client.get(self.pdf_url)
        self.finish()
        self.assertEqual(self.client.get(self.pdf_url)["Content-Type"], "application/pdf")
        submit_many(self.survey, 1, profession="medecin", mssante="oui")
        self.assertContains(self.client.get(self.pdf_url), "Rapport en préparation")
        self.finish()
        self.assertIn("14 répondants", pdf_text(self.client.get(self.pdf_url).content))

    def test_two_requests_at_once_start_one_layout(self):
        prepared = documents.prepare_pdf(
            "surveys/report_pdf.html", {"survey": self.survey}, org=self.region, title="Essai"
        )
        barrier = threading.Barrier(2)
        started: list[threading.Thread | None] = []

        def ask():
            barrier.wait()
            started.append(report.ask(self.survey.pk, "animateur", prepared)[2])

        askers = [threading.Thread(target=ask) for _ in range(2)]
        for t in askers:
            t.start()
        for t in askers:
            t.join()
        threads = [t for t in started if t is not None]
        self.assertEqual(len(threads), 1)
        threads[0].join(timeout=60)
        self.assertIsNotNone(documents.cached_pdf(prepared.key))
        # Asked again: from the cache, nothing laid out.
        pdf, state, thread = report.ask(self.survey.pk, "animateur", prepared)
        self.assertTrue(pdf.startswith(b"%PDF"))
        self.assertTrue(state.done)
        self.assertIsNone(thread)

    def test_a_failed_layout_is_said_in_french_and_can_be_asked_again(self):
        # A document WeasyPrint cannot lay out (its type size divides by zero).
        broken = documents.PreparedPdf(
            f"pdf:essai-{uuid.uuid4().hex}", '<p style="font-size: 1e30px">Rapport</p>'
        )
        with self.assertLogs("hygie.surveys.report", "ERROR"):
            _, _, thread = report.ask(self.survey.pk, "animateur", broken)
            thread.join(timeout=60)
        self.login(self.animateur)
        page = self.client.get(self.state_url, headers={"HX-Request": "true"})
        self.assertContains(page, "La mise en page du rapport n&#x27;a pas abouti")
        self.assertContains(page, 'role="alert"')
        self.assertContains(page, "Demander le rapport")
        self.assertNotContains(page, "hx-get")
        # Asking again starts a new layout (it fails again, alike).
        with self.assertLogs("hygie.surveys.report", "ERROR"):
            _, _, thread = report.ask(self.survey.pk, "animateur", broken)
            self.assertIsNotNone(thread)
            thread.join(timeout=60)

    def test_a_layout_whose_process_died_is_shown_as_interrupted(self):
        self.login(self.animateur)
        cache.set(
            f"surveys:rapport:{self.survey.pk}:animateur",
            {"status": report.RUNNING, "step": "Mise en page", "key": "pdf:x", "written": 0},
        )
        self.assertEqual(report.state(self.survey.pk, "animateur").message, report.STALE_FR)
        page = self.client.get(self.state_url)
        self.assertContains(page, "La mise en page du rapport s&#x27;est interrompue")

    def test_the_published_report_has_its_own_progress_page(self):
        self.survey.results_published = True
        self.survey.save(update_fields=["results_published"])
        token = self.survey.results_token
        page = self.client.get(reverse("surveys:published_pdf", args=[token]))
        state_url = reverse("surveys:published_report_state", args=[token])
        self.assertContains(page, "Rapport en préparation")
        self.assertContains(page, f'hx-get="{state_url}"')
        self.finish()
        ready = self.client.get(state_url, headers={"HX-Request": "true"})
        self.assertContains(ready, reverse("surveys:published_pdf", args=[token]))
        pdf = self.client.get(reverse("surveys:published_pdf", args=[token]))
        self.assertEqual(pdf["Content-Type"], "application/pdf")


class ReportWithinTheRequestTest(BaseTestCase):
    def test_without_background_layout_the_pdf_comes_at_once(self):
        survey = make_survey(self.region, title=f"Enquête {time.time_ns()}")
        submit_many(survey, 6, mssante="oui")
        self.login(self.animateur)
        pdf = self.client.get(reverse("surveys:report_pdf", args=[self.region.code, survey.pk]))
        self.assertEqual(pdf["Content-Type"], "application/pdf")
