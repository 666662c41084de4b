"""Taking a diagnostic, its result, plan, report and printables, by persona."""

import io
import threading

from django.contrib.contenttypes.models import ContentType
from django.test import Client, TransactionTestCase, override_settings
from django.urls import reverse
from django.utils.html import escape
from openpyxl import load_workbook
from pypdf import PdfReader

from hygie.deadlines.models import Deadline, Status
from hygie.diagnostic import actions, measures
from hygie.diagnostic.models import Answer, Assessment, PlanItem, PlanItemStatus
from hygie.diagnostic.scoring import applicable
from hygie.diagnostic.tests.base import COMPLETE_PROFILE, answer_all, best, worst
from hygie.journal.models import Entry
from hygie.orgs.models import Kind, Membership, Organisation
from hygie.orgs.roles import Role
from hygie.tests.base import BaseTestCase


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


class DiagnosticTestCase(BaseTestCase):
    def url(self, name, *args):
        return reverse(f"diagnostic:{name}", args=[self.org.code, *args])

    def signed_in(self, user):
        client = Client()
        client.force_login(user)
        return client

    def completed(self, choose=worst):
        assessment = actions.start(self.org, actor=self.titulaire)
        actions.save_profile(assessment, COMPLETE_PROFILE, actor=self.titulaire)
        answer_all(assessment, choose, actor=self.titulaire)
        actions.complete(assessment, actor=self.titulaire)
        return assessment


class TakingDiagnostic(DiagnosticTestCase):
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

    def test_bad_profile_keeps_answers_and_says_why(self):
        client = self.signed_in(self.titulaire)
        client.post(self.url("start"))
        assessment = Assessment.objects.get(org=self.org)
        response = client.post(
            self.url("profile", assessment.pk),
            {**COMPLETE_PROFILE, "wifi": "peut-etre", "mobiles": ""},
        )
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Choisissez une réponse.", status_code=400)
        self.assertContains(response, "Sélectionnez un choix valide", status_code=400)
        # What was right is kept.
        self.assertEqual(response.context["form"]["stockage"].value(), "local")
        assessment.refresh_from_db()
        self.assertNotIn("wifi", assessment.profile)

    def test_questions_wait_for_the_profile(self):
        client = self.signed_in(self.titulaire)
        client.post(self.url("start"))
        assessment = Assessment.objects.get(org=self.org)
        self.assertRedirects(
            client.get(self.url("theme", assessment.pk, 1)), self.url("profile", assessment.pk)
        )

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


class Plan(DiagnosticTestCase):
    def test_closing_an_action_raises_the_indice(self):
        assessment = self.completed()
        client = self.signed_in(self.titulaire)
        first = PlanItem.objects.get(org=self.org, rank=1)
        before = actions.result_of(assessment, with_plan=True).indice
        response = client.post(
            self.url("plan_item", first.pk),
            {
                "owner": "",
                "due_on": "",
                "status": PlanItemStatus.DONE,
                "note": "Fait",
                "evidence": "Facture",
            },
        )
        self.assertRedirects(response, self.url("plan"))
        after = actions.result_of(assessment, with_plan=True).indice
        self.assertGreater(after, before)
        self.assertContains(
            client.get(self.url("home")), f'<span class="score__value">{after}</span>'
        )
        self.assertTrue(
            Entry.objects.filter(action="action.closed", object_id=str(first.pk)).exists()
        )

    def test_result_page_follows_the_plan(self):
        assessment = self.completed()
        client = self.signed_in(self.titulaire)
        last = PlanItem.objects.filter(org=self.org).order_by("-rank").first()
        self.assertContains(client.get(self.url("result", assessment.pk)), "· à faire")
        actions.update_plan_item(last, {"status": PlanItemStatus.DROPPED})
        # The list of actions is cached, and follows the change.
        self.assertContains(client.get(self.url("result", assessment.pk)), "· abandonnée")

    def test_owner_and_date_make_an_echeance(self):
        self.completed()
        item = PlanItem.objects.get(org=self.org, rank=2)
        client = self.signed_in(self.titulaire)
        client.post(
            self.url("plan_item", item.pk),
            {
                "owner": self.secretaire.pk,
                "due_on": "2030-03-01",
                "status": "todo",
                "note": "",
                "evidence": "",
            },
        )
        deadline = Deadline.objects.get(
            subject_type=ContentType.objects.get_for_model(PlanItem), subject_id=str(item.pk)
        )
        self.assertEqual(deadline.status, Status.OPEN)
        # Assigned to the secretary, the échéance is visible to her.
        self.assertEqual(deadline.permission, "diagnostic.plan")
        client.post(
            self.url("plan_item", item.pk),
            {
                "owner": self.secretaire.pk,
                "due_on": "2030-03-01",
                "status": "done",
                "note": "",
                "evidence": "",
            },
        )
        deadline.refresh_from_db()
        self.assertEqual(deadline.status, Status.DONE)

    def test_bad_action_input(self):
        self.completed()
        item = PlanItem.objects.get(org=self.org, rank=1)
        client = self.signed_in(self.titulaire)
        response = client.post(
            self.url("plan_item", item.pk),
            {
                "owner": self.outsider.pk,
                "due_on": "3026-01-01",
                "status": "fini",
                "note": "",
                "evidence": "",
            },
        )
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Sélectionnez un choix valide", status_code=400)
        self.assertContains(response, "entre 2000 et 2200", status_code=400)
        item.refresh_from_db()
        self.assertIsNone(item.owner)
        self.assertEqual(item.status, PlanItemStatus.TODO)

    def test_secretary_sees_only_her_actions_not_answers(self):
        assessment = self.completed()
        mine, other = PlanItem.objects.filter(org=self.org).order_by("rank")[:2]
        actions.update_plan_item(mine, {"owner": self.secretaire})
        client = self.signed_in(self.secretaire)
        self.assertRedirects(client.get(self.url("home")), self.url("plan"))
        page = client.get(self.url("plan"))
        self.assertContains(page, mine.title)
        self.assertNotContains(page, other.title)
        self.assertEqual(client.get(self.url("plan_item", other.pk)).status_code, 404)
        self.assertEqual(client.get(self.url("result", assessment.pk)).status_code, 403)
        # She may change the state of hers, not its owner or date.
        page = client.get(self.url("plan_item", mine.pk))
        self.assertNotContains(page, 'name="owner"')
        client.post(
            self.url("plan_item", mine.pk),
            {"owner": self.titulaire.pk, "status": "doing", "note": "Commandé", "evidence": ""},
        )
        mine.refresh_from_db()
        self.assertEqual((mine.owner, mine.status), (self.secretaire, "doing"))
        csv = client.get(self.url("export_plan", "csv")).content.decode()
        self.assertIn(mine.title, csv)
        self.assertNotIn(other.title, csv)

    def test_new_diagnostic_closes_and_reopens(self):
        self.completed(choose=worst)
        self.assertEqual(
            PlanItem.objects.filter(org=self.org, status="todo").count(), PlanItem.objects.count()
        )
        self.completed(choose=best)
        self.assertFalse(PlanItem.objects.filter(status__in=["todo", "doing"]).exists())
        self.completed(choose=worst)
        self.assertFalse(PlanItem.objects.filter(status="done").exists())

    def test_outsider_gets_404(self):
        assessment = self.completed()
        item = PlanItem.objects.filter(org=self.org).first()
        client = self.signed_in(self.outsider)
        for url in (
            self.url("result", assessment.pk),
            self.url("plan_item", item.pk),
            self.url("plan"),
        ):
            self.assertEqual(client.get(url).status_code, 404, url)

    def test_other_organisations_objects_are_404(self):
        assessment = self.completed()
        other = actions.start(self.other_org, actor=self.outsider)
        client = self.signed_in(self.titulaire)
        self.assertEqual(client.get(self.url("profile", other.pk)).status_code, 404)
        self.assertEqual(
            client.get(
                reverse("diagnostic:result", args=[self.other_org.code, assessment.pk])
            ).status_code,
            404,
        )


class Documents(DiagnosticTestCase):
    def test_report_holds_the_priority_actions(self):
        assessment = self.completed()
        response = self.signed_in(self.titulaire).get(self.url("report", assessment.pk))
        self.assertEqual(response["Content-Type"], "application/pdf")
        text = " ".join(pdf_text(response.content).split())
        for gap in actions.result_of(assessment).priorities:
            self.assertIn(" ".join(gap.measure.action.split())[:40], text)
        self.assertIn("Cabinet du Dr Martin", text)
        self.assertIn("Profil du cabinet", text)
        # Sources are numbered once, in a bibliography at the end.
        self.assertIn("Sources", text)
        self.assertIn("[1]", text)

    def test_answer_exports(self):
        assessment = self.completed(choose=best)
        client = self.signed_in(self.referent)
        csv = client.get(self.url("export_answers", assessment.pk, "csv")).content.decode(
            "utf-8-sig"
        )
        self.assertIn("Thème;Mesure;Question", csv.replace(",", ";"))
        xlsx = client.get(self.url("export_answers", assessment.pk, "xlsx"))
        sheet = load_workbook(io.BytesIO(xlsx.content)).active
        rows = list(sheet.iter_rows(values_only=True))
        self.assertEqual(len(rows) - 1, len(applicable(measures.catalogue(), assessment.profile)))
        self.assertTrue(all(r[4] == 3 for r in rows[1:]))

    def test_fiche_reflexe_with_contacts(self):
        client = self.signed_in(self.titulaire)
        response = client.post(
            self.url("contacts"),
            {"prestataire": "InfoSoins 44", "prestataire_tel": "02 40 00 00 00"},
        )
        self.assertRedirects(response, self.url("contacts"))
        pdf = self.signed_in(self.secretaire).get(self.url("reflex_sheet"))
        self.assertEqual(pdf.status_code, 200)
        text = pdf_text(pdf.content)
        self.assertIn("InfoSoins 44", text)
        self.assertEqual(len(PdfReader(io.BytesIO(pdf.content)).pages), 1)

    def test_fiche_reflexe_leaves_blank_lines_for_missing_contacts(self):
        # Only the provider is known: the others are left to be written in by hand.
        self.signed_in(self.titulaire).post(
            self.url("contacts"),
            {"prestataire": "InfoSoins 44", "prestataire_tel": "02 40 00 00 00"},
        )
        pdf = self.signed_in(self.secretaire).get(self.url("reflex_sheet"))
        text = " ".join(pdf_text(pdf.content).split())
        self.assertIn("Prestataire : InfoSoins 44 02 40 00 00 00", text)
        self.assertIn("Assureur : tél.", text)
        self.assertIn("Complétez à la main les numéros laissés en blanc.", text)
        # A printed sheet does not send its reader to a screen of Hygie.
        self.assertNotIn("Hygie, rubrique", text)
        self.assertNotIn("Contacts d'urgence", text)
        self.assertEqual(len(PdfReader(io.BytesIO(pdf.content)).pages), 1)

    def test_fiche_reflexe_with_every_contact_asks_nothing(self):
        self.signed_in(self.titulaire).post(
            self.url("contacts"),
            {
                "prestataire": "InfoSoins 44",
                "cyber_regional": "Cyber assistance régionale",
                "assureur_tel": "01 00 00 00 00",
                "referent": "Dr Martin",
            },
        )
        text = pdf_text(self.signed_in(self.titulaire).get(self.url("reflex_sheet")).content)
        self.assertIn("Assureur : 01 00 00 00 00", " ".join(text.split()))
        self.assertNotIn("Complétez", text)
        self.assertNotIn("tél.", text)

    def test_history_chart(self):
        self.completed(choose=worst)
        self.completed(choose=best)
        page = self.signed_in(self.titulaire).get(self.url("home"))
        self.assertContains(page, "<svg", count=11)  # the history, one sparkline per theme
        self.assertContains(page, "de 0 à 100 sur 2 diagnostics")


class Discovery(DiagnosticTestCase):
    def test_open_to_anyone_and_stores_nothing(self):
        client = Client()
        url = reverse("diagnostic:discovery")
        page = client.get(url)
        self.assertEqual(page.status_code, 200)
        items = page.context["items"]
        self.assertTrue(10 <= len(items) <= 14)
        counts = (Assessment.objects.count(), Answer.objects.count(), Entry.objects.count())
        response = client.post(url, {f"m-{m.key}": worst(m) for m, _ in items})
        self.assertContains(response, "Votre résultat")
        self.assertContains(response, "Créer un compte")
        self.assertEqual(response.context["result"].indice, 0)
        self.assertEqual(
            (Assessment.objects.count(), Answer.objects.count(), Entry.objects.count()), counts
        )
        self.assertNotIn("hygie_session", response.cookies)

    def test_missing_answers_are_named_and_kept(self):
        client = Client()
        url = reverse("diagnostic:discovery")
        items = client.get(url).context["items"]
        first = items[0][0]
        response = client.post(url, {f"m-{first.key}": best(first)})
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "sans réponse", status_code=400)
        self.assertContains(response, f'value="{best(first)}" checked', status_code=400)
        response = client.post(url, {f"m-{first.key}": "zzz"})
        self.assertContains(response, "rechargez la page", status_code=400)


@override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}})
class ReportPreparedInBackground(TransactionTestCase):
    """Once a diagnostic is completed, its report is laid out in the background.

    The in-process cache, whatever the configuration, to look into it.
    """

    def test_report_ready_after_completion(self):
        from django.core.cache import cache

        from hygie.tests.base import make_user

        cache.clear()
        user = make_user("Claire Martin", "claire@cabinet-martin.example")
        org = Organisation.objects.create(name="Cabinet du Dr Martin", kind=Kind.CABINET)
        Membership.objects.create(user=user, org=org, role=Role.TITULAIRE)
        assessment = actions.start(org, actor=user)
        actions.save_profile(assessment, COMPLETE_PROFILE)
        answer_all(assessment, worst)
        client = Client()
        client.force_login(user)
        with self.settings(PREPARE_DOCUMENTS=True), self.assertNoLogs("hygie.lib.documents"):
            response = client.post(reverse("diagnostic:finish", args=[org.code, assessment.pk]))
            self.assertEqual(response.status_code, 302)
            for thread in threading.enumerate():
                if thread.name == "hygie-prepare-document":
                    thread.join(timeout=60)
        # The PDF is in the cache: the report is served without a new layout.
        self.assertTrue(any(":pdf:" in key for key in cache._cache))
        pdf = client.get(reverse("diagnostic:report", args=[org.code, assessment.pk]))
        self.assertTrue(pdf.content.startswith(b"%PDF"))
