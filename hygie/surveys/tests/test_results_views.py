import csv
import io
import re
from datetime import UTC, datetime, timedelta

from django.urls import reverse
from openpyxl import load_workbook

from hygie.journal.models import Entry
from hygie.orgs.models import Membership
from hygie.orgs.roles import Role
from hygie.surveys import results
from hygie.surveys.charts import percent_text
from hygie.surveys.models import Response
from hygie.surveys.tests.results_fixtures import make_survey, submit, submit_many
from hygie.tests.base import BaseTestCase
from hygie.tests.readback import pdf_text

SECRET = "Mon cabinet partage un mot de passe sur un post-it"


class ResultsBase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.survey = make_survey(cls.region)
        submit_many(cls.survey, 7, profession="medecin", exercice="seul", mssante="oui")
        submit_many(cls.survey, 6, profession="infirmier", exercice="groupe", mssante="non")
        submit_many(cls.survey, 3, profession="sage-femme", exercice="msp", mssante="oui")
        submit(cls.survey, profession="medecin", remarques=SECRET)
        submit(cls.survey, profession="medecin", remarques='=HYPERLINK("http://x")')

    def url(self, name: str, **query) -> str:
        path = reverse(name, args=[self.region.code, self.survey.pk])
        return path + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")

    def published_url(self) -> str:
        return reverse("surveys:published", args=[self.survey.results_token])


class ResultsPageTest(ResultsBase):
    def test_the_animateur_sees_charts_breakdowns_and_free_text(self):
        self.login(self.animateur)
        response = self.client.get(self.url("surveys:results"))
        self.assertContains(response, "<svg", count=6)
        self.assertContains(response, "Par profession")
        self.assertContains(response, SECRET)
        self.assertContains(response, "moins de 5 répondants est masquée")
        self.assertContains(response, 'hx-trigger="every 10s"')

    def test_the_sages_femmes_row_shows_no_count(self):
        self.login(self.animateur)
        html = self.client.get(self.url("surveys:results")).content.decode()
        rows = re.findall(r"<tr><th scope=\"row\">Sage-femme</th>(.*?)</tr>", html)
        self.assertTrue(rows)
        for row in rows:
            self.assertNotIn(">3<", row)
            self.assertIn("&lt; 5", row)

    def test_roles_other_than_the_animateur_are_refused(self):
        for role in (Role.SECRETARIAT, Role.PRATICIEN):
            Membership.objects.update_or_create(
                user=self.praticien, org=self.region, defaults={"role": role}
            )
            self.login(self.praticien)
            with self.subTest(role):
                self.assertEqual(self.client.get(self.url("surveys:results")).status_code, 403)
                self.assertEqual(self.client.get(self.url("surveys:export_csv")).status_code, 403)

    def test_outsiders_get_404(self):
        self.login(self.outsider)
        for name in ("surveys:results", "surveys:export_xlsx", "surveys:report_pdf"):
            self.assertEqual(self.client.get(self.url(name)).status_code, 404)
        self.login(self.titulaire)
        self.assertEqual(self.client.get(self.url("surveys:results")).status_code, 404)

    def test_the_live_count_asks_for_new_charts_when_it_changed(self):
        self.login(self.animateur)
        same = self.client.get(self.url("surveys:results_count", connu=18))
        self.assertContains(same, "<strong>18</strong>")
        self.assertNotIn("HX-Trigger", same.headers)
        submit(self.survey, mssante="oui")
        changed = self.client.get(self.url("surveys:results_count", connu=18))
        self.assertContains(changed, "<strong>19</strong>")
        self.assertEqual(changed["HX-Trigger"], "resultats-modifies")
        body = self.client.get(self.url("surveys:results_body"), headers={"HX-Request": "true"})
        self.assertContains(body, 'id="resultats-corps"')


class PublicationTest(ResultsBase):
    def test_unpublished_results_are_not_found(self):
        self.assertEqual(self.client.get(self.published_url()).status_code, 404)
        pdf = reverse("surveys:published_pdf", args=[self.survey.results_token])
        self.assertEqual(self.client.get(pdf).status_code, 404)

    def test_publishing_shows_the_page_without_free_text_then_unpublishing_hides_it(self):
        self.login(self.animateur)
        self.client.post(self.url("surveys:publish"), {"publier": "1"})
        self.client.logout()
        page = self.client.get(self.published_url())
        self.assertContains(page, "18 répondants")
        self.assertContains(page, "<svg")
        self.assertNotContains(page, SECRET)
        self.assertNotContains(page, "HYPERLINK")
        pdf = self.client.get(reverse("surveys:published_pdf", args=[self.survey.results_token]))
        text = pdf_text(pdf.content)
        self.assertIn(self.survey.title, text)
        self.assertNotIn("post-it", text)
        self.login(self.animateur)
        self.client.post(self.url("surveys:publish"), {"publier": "0"})
        self.assertEqual(self.client.get(self.published_url()).status_code, 404)
        actions = list(Entry.objects.filter(org_id=self.region.pk).values_list("action", flat=True))
        self.assertIn("survey.results_published", actions)
        self.assertIn("survey.results_unpublished", actions)

    def test_under_five_responses_the_published_page_shows_nothing(self):
        survey = make_survey(self.region, title="Petite enquête", results_published=True)
        submit_many(survey, 4, profession="medecin", mssante="oui")
        page = self.client.get(reverse("surveys:published", args=[survey.results_token]))
        self.assertContains(page, "au moins 5 réponses")
        self.assertNotContains(page, "<svg")

    def test_the_animateurs_report_has_the_free_text_the_published_one_has_not(self):
        self.login(self.animateur)
        own = pdf_text(self.client.get(self.url("surveys:report_pdf")).content)
        public = pdf_text(
            self.client.get(self.url("surveys:report_pdf", version="publiee")).content
        )
        self.assertIn("post-it", own)
        self.assertNotIn("post-it", public)
        for text in (own, public):
            self.assertIn(self.survey.title, text)
            self.assertIn("secret statistique", text)


class ExportTest(ResultsBase):
    def rows(self):
        self.login(self.animateur)
        content = self.client.get(self.url("surveys:export_csv")).content
        self.assertTrue(content.startswith("\ufeff".encode()))
        return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))

    def test_csv_columns_days_and_neutralised_formulas(self):
        header, *rows = self.rows()
        self.assertEqual(header[:4], ["reponse", "jour", "canal", "ecartee"])
        self.assertIn("remarques", header)
        self.assertEqual(len(rows), 18)
        for row in rows:
            self.assertRegex(row[1], r"^\d\d/\d\d/\d{4}$")
        texts = [r[header.index("remarques")] for r in rows]
        self.assertIn(SECRET, texts)
        self.assertIn('\'=HYPERLINK("http://x")', texts)

    def test_rows_come_in_a_random_order(self):
        orders = set()
        for _ in range(6):
            header, *rows = self.rows()
            orders.add(tuple(r[header.index("profession")] for r in rows))
        self.assertGreater(len(orders), 1)

    def test_xlsx_flags_excluded_responses(self):
        submit(self.survey, excluded=True, profession="medecin")
        self.login(self.animateur)
        content = self.client.get(self.url("surveys:export_xlsx")).content
        sheet = load_workbook(io.BytesIO(content))["Réponses"]
        values = list(sheet.iter_rows(values_only=True))
        self.assertEqual(values[0][3], "ecartee")
        self.assertEqual(sum(1 for r in values[1:] if r[3] == "oui"), 1)
        # The day only: a spreadsheet reads it back as midnight.
        days = [r[1] for r in values[1:]]
        self.assertTrue(all((d.hour, d.minute, d.second) == (0, 0, 0) for d in days))


class FloodTest(BaseTestCase):
    def test_a_flood_is_flagged_excluded_and_reintegrated(self):
        survey = make_survey(self.region)
        start = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
        for i in range(12):
            submit(survey, when=start + timedelta(hours=i), mssante="oui")
        flood_at = datetime(2026, 12, 1, 14, 20, tzinfo=UTC)
        for i in range(60):
            submit(survey, when=flood_at + timedelta(seconds=5 * i), mssante="non")
        self.login(self.animateur)
        url = reverse("surveys:timeline", args=[self.region.code, survey.pk])
        page = self.client.get(url)
        self.assertContains(page, "Afflux inhabituel", count=1)
        self.assertContains(page, "Exclure cette période")
        post = reverse("surveys:exclude_window", args=[self.region.code, survey.pk])
        self.client.post(post, {"debut": flood_at.isoformat(), "action": "exclure"})
        self.assertEqual(Response.objects.filter(survey=survey, excluded=True).count(), 60)
        results = self.client.get(reverse("surveys:results", args=[self.region.code, survey.pk]))
        self.assertContains(results, "<strong>12</strong>")
        self.assertContains(self.client.get(url), "Réintégrer")
        self.client.post(post, {"debut": flood_at.isoformat(), "action": "reintegrer"})
        self.assertEqual(Response.objects.filter(survey=survey, excluded=True).count(), 0)
        actions = set(Entry.objects.filter(org_id=self.region.pk).values_list("action", flat=True))
        self.assertLessEqual({"survey.window_excluded", "survey.window_reintegrated"}, actions)

    def test_a_period_without_a_time_zone_is_refused(self):
        survey = make_survey(self.region)
        self.login(self.animateur)
        post = reverse("surveys:exclude_window", args=[self.region.code, survey.pk])
        response = self.client.post(post, {"debut": "2026-12-01T14:20"}, follow=True)
        self.assertContains(response, "Période inconnue")


class CompareTest(BaseTestCase):
    def test_questions_are_matched_by_key(self):
        before = make_survey(self.region, title="Pratiques RGPD 2025")
        submit_many(before, 10, mssante="non")
        submit_many(before, 10, mssante="oui")
        after = make_survey(self.region, title="Pratiques RGPD 2026", previous=before)
        # Reordered and reworded in the new campaign: still matched by key.
        after.questions.filter(key="mssante").update(position=0, text="MSSanté au quotidien ?")
        submit_many(after, 15, mssante="oui")
        submit_many(after, 5, mssante="non")
        self.login(self.animateur)
        page = self.client.get(reverse("surveys:compare", args=[self.region.code, after.pk]))
        html = page.content.decode()
        self.assertIn("MSSanté au quotidien ?", html)
        self.assertIn("+25 points", html)
        self.assertIn("−25 points", html)

    def test_no_previous_campaign_no_comparison(self):
        survey = make_survey(self.region)
        self.login(self.animateur)
        page = self.client.get(reverse("surveys:compare", args=[self.region.code, survey.pk]))
        self.assertEqual(page.status_code, 404)


class ReportFiguresTest(ResultsBase):
    def test_the_reports_tables_show_every_figure_and_hide_the_small_ones(self):
        """Each breakdown row of the PDF reads as the results count it: the
        label, every cell (« < 5 » when hidden), the row's total."""
        self.login(self.animateur)
        text = pdf_text(self.client.get(self.url("surveys:report_pdf")).content)
        found = results.compute(self.survey)
        lines = 0
        for result in found.questions:
            for b in result.breakdowns:
                self.assertFalse(b.withheld)
                for _, label, cells, total in b.rows:
                    shown = [
                        "< 5"
                        if c.hidden
                        else f"{c.count}"
                        + (f" ({percent_text(c.percent)})" if c.percent is not None else "")
                        for c in [*cells, total]
                    ]
                    # A label may wrap at its hyphen (« Sage- femme »).
                    label_re = re.escape(label).replace(r"\-", r"-\s?")
                    self.assertRegex(text, label_re + " " + re.escape(" ".join(shown)))
                    lines += 1
        self.assertGreater(lines, 20)
        # The three sages-femmes are never counted in the clear.
        for row in re.findall(r"Sage-\s?femme((?: \S+){3,5})", text):
            self.assertNotIn(" 3 ", row + " ")
