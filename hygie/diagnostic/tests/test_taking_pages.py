"""Taking a diagnostic, page by page: started, its questions theme by theme,
each answer saved as it is chosen, reviewed, completed or discarded."""

from django.utils.html import escape

from hygie.deadlines.models import Deadline, Status
from hygie.diagnostic import actions, measures
from hygie.diagnostic.models import Answer, Assessment, PlanItem
from hygie.diagnostic.scoring import applicable
from hygie.diagnostic.tests.base import COMPLETE_PROFILE, DiagnosticTestCase, best, worst
from hygie.journal.models import Entry


class TakingDiagnosticTestCase(DiagnosticTestCase):
    def test_whole_flow(self):
        client = self.signed_in(self.praticien)
        response = client.post(self.url("start"))
        assessment = Assessment.objects.get(org=self.org)
        self.assertRedirects(response, self.url("profile", assessment.pk))
        # The structure comes from the organisation; the profession too.
        self.assertEqual(assessment.profile["structure"], "cabinet")
        self.assertContains(client.get(self.url("profile", assessment.pk)), "medecin_generaliste")

        response = client.post(self.url("profile", assessment.pk), COMPLETE_PROFILE)
        self.assertRedirects(response, self.url("theme", assessment.pk, 1))

        asked = applicable(measures.catalogue(), {**COMPLETE_PROFILE, "structure": "cabinet"})
        themes = measures.catalogue().themes
        for number, theme in enumerate(themes, start=1):
            page = client.get(self.url("theme", assessment.pk, number))
            self.assertEqual(page.status_code, 200)
            data = {f"m-{m.key}": worst(m) for m in asked if m.theme == theme.key}
            for m in asked:
                if m.theme == theme.key:
                    self.assertContains(page, escape(m.question))
            data["aller"] = str(number + 1) if number < len(themes) else "resultat"
            response = client.post(self.url("theme", assessment.pk, number), data)
            self.assertEqual(response.status_code, 302)
        self.assertRedirects(response, self.url("review", assessment.pk))
        self.assertEqual(Answer.objects.filter(assessment=assessment).count(), len(asked))
        self.assertContains(client.get(self.url("review", assessment.pk)), "toutes les questions")

        response = client.post(self.url("finish", assessment.pk))
        self.assertRedirects(response, self.url("result", assessment.pk))
        assessment.refresh_from_db()
        self.assertEqual(assessment.indice, 0)
        page = client.get(self.url("result", assessment.pk))
        self.assertContains(page, "Vos six actions prioritaires")
        self.assertEqual(len(page.context["result"].priorities), 6)
        # Every gap is an item of the plan, ranked.
        self.assertEqual(PlanItem.objects.filter(org=self.org).count(), len(asked))
        self.assertEqual(
            sorted(PlanItem.objects.filter(org=self.org).values_list("rank", flat=True)),
            list(range(1, len(asked) + 1)),
        )
        # The yearly reassessment is an échéance.
        self.assertTrue(
            Deadline.objects.filter(
                org=self.org, key=actions.ANNUAL_KEY, status=Status.OPEN
            ).exists()
        )
        self.assertEqual(
            list(
                Entry.objects.filter(org_id=self.org.pk, action__startswith="diagnostic.")
                .order_by("pk")
                .values_list("action", flat=True)
            ),
            ["diagnostic.started", "diagnostic.profile_saved", "diagnostic.completed"],
        )

    def test_resume_returns_the_draft(self):
        client = self.signed_in(self.titulaire)
        client.post(self.url("start"))
        client.post(self.url("start"))
        self.assertEqual(Assessment.objects.filter(org=self.org).count(), 1)

    def test_unknown_answer_refused_nothing_written(self):
        assessment = actions.start(self.org, actor=self.titulaire)
        actions.save_profile(assessment, COMPLETE_PROFILE)
        client = self.signed_in(self.titulaire)
        measure = applicable(measures.catalogue(), assessment.profile)[0]
        theme = [t.key for t in measures.catalogue().themes].index(measure.theme) + 1
        response = client.post(
            self.url("theme", assessment.pk, theme),
            {f"m-{measure.key}": best(measure), "m-inexistante": "oui"},
        )
        self.assertContains(response, "rechargez la page", status_code=400)
        self.assertFalse(Answer.objects.exists())

    def test_answer_saved_as_chosen(self):
        assessment = actions.start(self.org, actor=self.titulaire)
        actions.save_profile(assessment, COMPLETE_PROFILE)
        measure = applicable(measures.catalogue(), assessment.profile)[0]
        client = self.signed_in(self.titulaire)
        response = client.post(
            self.url("answer", assessment.pk),
            {"mesure": measure.key, "choix": "nsp"},
            HTTP_HX_REQUEST="true",
        )
        self.assertContains(response, "Enregistré : Je ne sais pas")
        self.assertContains(response, 'id="progression" hx-swap-oob="true"')
        self.assertContains(response, f'id="compte-{measure.theme}" hx-swap-oob="true">1/')
        self.assertEqual(Answer.objects.get(assessment=assessment).choice, "nsp")
        response = client.post(
            self.url("answer", assessment.pk), {"mesure": measure.key, "choix": "zzz"}
        )
        self.assertEqual(response.status_code, 400)
        self.assertEqual(Answer.objects.get(assessment=assessment).choice, "nsp")

    def test_completed_diagnostic_does_not_change(self):
        assessment = self.completed()
        client = self.signed_in(self.titulaire)
        measure = applicable(measures.catalogue(), assessment.profile)[0]
        self.assertEqual(
            client.post(
                self.url("answer", assessment.pk), {"mesure": measure.key, "choix": "nsp"}
            ).status_code,
            404,
        )
        self.assertEqual(client.post(self.url("finish", assessment.pk)).status_code, 404)

    def test_discard_draft(self):
        assessment = actions.start(self.org, actor=self.titulaire)
        client = self.signed_in(self.titulaire)
        self.assertRedirects(client.post(self.url("discard", assessment.pk)), self.url("home"))
        self.assertFalse(Assessment.objects.exists())
        self.assertTrue(Entry.objects.filter(action="diagnostic.deleted").exists())
