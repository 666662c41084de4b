"""An accessibility audit of Hygie's pages with axe-core, in Chromium.

Every main page is audited against WCAG 2.1 A and AA (contrast as rendered,
labels, landmarks, names of buttons and links, language, scrolling regions
the keyboard reaches…), forms also in their error state, the header menus
open; the diagnostic's pages too, from its history to the découverte. Each
page is audited twice: on a computer's screen and on a phone's (375 by 667 pixels),
as the titulaire, the secretary and a visitor see it. axe-core is vendored
in tests/vendor (version in package.json).
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from django.utils import timezone
from playwright.sync_api import BrowserContext, Page, expect

from hygie.content import library
from hygie.deadlines.actions import set_deadline
from hygie.diagnostic import actions as diagnostic
from hygie.diagnostic.models import Assessment, PlanItem
from hygie.diagnostic.tests.base import COMPLETE_PROFILE, answer_all, best, worst
from hygie.incidents import actions as incidents
from hygie.journal.actions import record
from hygie.orgs import actions as orgs
from hygie.orgs.models import Kind, Membership, Organisation, Profession
from hygie.orgs.roles import Role
from hygie.quiz import engine as quiz
from hygie.register import actions as register
from hygie.rights import actions as rights
from hygie.tests.base import make_user
from hygie.tests.browser import BrowserTestCase

AXE = (Path(__file__).parent / "vendor" / "axe-core-4.14.1.min.js").read_text()
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags}});
  return result.violations.map(v => ({
    id: v.id,
    text: `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(", ")}`,
  }));
}"""
PHONE = {"width": 375, "height": 667}


class AccessibilityTests(BrowserTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.org = Organisation.objects.create(
            name="Cabinet du Dr Martin",
            kind=Kind.CABINET,
            profession=Profession.MEDECIN_GENERALISTE,
        )
        self.titulaire = make_user("Claire Martin", "claire@cabinet-martin.example")
        Membership.objects.create(user=self.titulaire, org=self.org, role=Role.TITULAIRE)
        now = timezone.now()
        for days, title in [
            (-2, "Mettre à jour les accès"),
            (3, "Tester la sauvegarde"),
            (20, "Questionnaire"),
        ]:
            set_deadline(org=self.org, title=title, due_at=now + timedelta(days=days))
        record(action="org.settings_changed", org=self.org, actor=self.titulaire, obj=self.org)
        self.violations: list[str] = []

    def context(self, user=None) -> BrowserContext:
        # The audit script is injected inline, which the page's own policy forbids.
        if user is not None:
            return self.signed_in_context(user, bypass_csp=True)
        return self.browser.new_context(locale="fr-FR", bypass_csp=True)

    def audit(self, page: Page, what: str) -> list[str]:
        """Record the page's violations, on its screen and on a phone's;
        return their rule ids."""
        if not page.evaluate("typeof axe !== 'undefined'"):
            page.add_script_tag(content=AXE)
        found = self._violations(page, what)
        screen = page.viewport_size
        if screen != PHONE:
            page.set_viewport_size(PHONE)
            found += self._violations(page, f"{what}, on a phone")
            page.set_viewport_size(screen)
        return [v["id"] for v in found]

    def _violations(self, page: Page, what: str) -> list[dict]:
        found = page.evaluate(RUN_AXE, WCAG_21_AA)
        self.violations += [f"{what} ({page.url}): {v['text']}" for v in found]
        return found

    def visit(self, page: Page, path: str, what: str | None = None) -> None:
        page.goto(self.live_server_url + path)
        self.audit(page, what or path)

    def submit_empty(self, page: Page, path: str, button: str) -> None:
        page.goto(self.live_server_url + path)
        page.evaluate("document.querySelectorAll('form').forEach(f => f.noValidate = true)")
        page.get_by_role("button", name=button).click()
        page.wait_for_load_state()
        self.audit(page, f"{path}, form with errors")

    def test_the_pages_meet_wcag_2_1_aa(self) -> None:
        visitor = self.context().new_page()

        # The audit finds what it should: a page without language, a field
        # without label, grey text on white.
        visitor.set_content(
            '<html><body><main><input type="text">'
            '<p style="color:#aaa">Texte pâle</p></main></body></html>'
        )
        found = self.audit(visitor, "broken page")
        self.assertLessEqual({"html-has-lang", "label", "color-contrast"}, set(found))
        self.violations.clear()

        for path in [
            "/",
            "/urgence/",
            "/connexion/",
            "/inscription/",
            "/mot-de-passe/oublie/",
            "/nulle-part/",
        ]:
            self.visit(visitor, path)
        self.submit_empty(visitor, "/inscription/", "Créer mon compte")
        self.submit_empty(visitor, "/connexion/", "Se connecter")

        claire = self.context(self.titulaire).new_page()
        code = self.org.code
        for path in [
            f"/o/{code}/",
            f"/o/{code}/echeances/",
            f"/o/{code}/echeances/?etat=closes",
            f"/o/{code}/echeances/nouvelle/",
            f"/o/{code}/journal/",
            f"/o/{code}/membres/",
            f"/o/{code}/parametres/",
            f"/o/{code}/quitter/",
            "/organisations/",
            "/organisations/nouvelle/",
            "/compte/",
            "/compte/securite/",
            "/compte/securite/activer/",
            "/compte/sessions/",
            "/compte/mot-de-passe/",
        ]:
            self.visit(claire, path)
        self.submit_empty(claire, f"/o/{code}/echeances/nouvelle/", "Ajouter")
        self.submit_empty(claire, "/organisations/nouvelle/", "Créer")

        # The header menus, open (and proof these pages were seen signed in).
        claire.goto(f"{self.live_server_url}/o/{code}/")
        expect(claire.get_by_role("heading", level=1)).to_have_text("Cabinet du Dr Martin")
        for summary in claire.locator("details.menu > summary").all():
            summary.click()
        self.audit(claire, "home page, menus open")

        # The lock screen.
        claire.goto(f"{self.live_server_url}/o/{code}/")
        claire.get_by_role("button", name="Verrouiller").click()
        claire.wait_for_url("**/verrouille/**")
        self.audit(claire, "lock screen")

        self.assertEqual(self.violations, [], "\n".join(self.violations))

    def completed_diagnostic(self, choose, days_ago: int) -> Assessment:
        assessment = diagnostic.start(self.org, actor=self.titulaire)
        diagnostic.save_profile(assessment, COMPLETE_PROFILE, actor=self.titulaire)
        answer_all(assessment, choose, actor=self.titulaire)
        diagnostic.complete(assessment, actor=self.titulaire)
        Assessment.objects.filter(pk=assessment.pk).update(
            completed_at=timezone.now() - timedelta(days=days_ago)
        )
        return assessment

    def test_the_diagnostic_pages_meet_wcag_2_1_aa(self) -> None:
        # Two diagnostics done, so that the history chart and sparklines show.
        self.completed_diagnostic(worst, days_ago=400)
        latest = self.completed_diagnostic(
            lambda m: best(m) if m.weight > 1 else worst(m), days_ago=10
        )
        orgs.save_contacts(
            self.org, {"prestataire": "InfoSoins 44", "prestataire_tel": "02 40 00 00 00"}
        )
        register.record_questionnaire(
            self.org,
            {
                "questionnaire": "points-generaux",
                "provider": "InfoSoins 44",
                "sent_on": timezone.localdate(),
                "note": "",
            },
        )
        claire = self.context(self.titulaire).new_page()
        base = f"/o/{self.org.code}/diagnostic/"
        claire.goto(self.live_server_url + base)
        expect(claire.locator("svg.chart")).to_have_count(1)
        expect(claire.locator("svg.sparkline").first).to_be_visible()
        self.audit(claire, "diagnostic home, with its history")
        plan_item = PlanItem.objects.filter(org=self.org).order_by("status", "rank").first()
        for path in [
            f"{base}{latest.pk}/resultat/",
            f"{base}plan/",
            f"{base}plan/?etat=closes",
            f"{base}plan/{plan_item.pk}/",
            f"{base}contacts/",
            f"{base}questionnaires/",
        ]:
            self.visit(claire, path)

        # A diagnostic in progress: its profile with errors, a theme, the review.
        draft = diagnostic.start(self.org, actor=self.titulaire)
        Assessment.objects.filter(pk=draft.pk).update(profile={})
        self.submit_empty(claire, f"{base}{draft.pk}/profil/", "Continuer vers les questions")
        expect(claire.get_by_text("Choisissez une réponse.").first).to_be_visible()
        draft.refresh_from_db()
        diagnostic.save_profile(draft, COMPLETE_PROFILE, actor=self.titulaire)
        claire.goto(f"{self.live_server_url}{base}{draft.pk}/theme/2/")
        claire.locator("fieldset.measure label.option").first.click()
        expect(claire.locator(".measure__state").first).to_contain_text("Enregistré")
        self.audit(claire, "a theme, one answer saved")
        self.visit(claire, f"{base}{draft.pk}/verifier/")

        # The découverte, with errors, then its result.
        visitor = self.context().new_page()
        self.submit_empty(visitor, "/diagnostic/decouverte/", "Voir mon résultat")
        expect(visitor.get_by_role("alert")).to_contain_text("sans réponse")
        visitor.evaluate(
            "document.querySelectorAll('fieldset.measure').forEach("
            "f => { f.querySelector('input[type=radio]').checked = true; })"
        )
        visitor.get_by_role("button", name="Voir mon résultat").click()
        expect(visitor.get_by_role("heading", level=1)).to_have_text("Votre résultat")
        self.audit(visitor, "découverte result")

        self.assertEqual(self.violations, [], "\n".join(self.violations))

    def test_the_incident_pages_meet_wcag_2_1_aa(self) -> None:
        incident = incidents.declare(
            self.org, kind="rancongiciel", discovered_at=timezone.now(), actor=self.titulaire
        )
        incidents.tick_reflex(incident, "laisser-allume", actor=self.titulaire)
        claire = self.context(self.titulaire).new_page()
        base = f"/o/{self.org.code}/incidents/"
        for path in [
            base,
            f"{base}{incident.pk}/",
            f"{base}{incident.pk}/qualifier/",
            f"{base}{incident.pk}/notification-cnil/",
            f"{base}{incident.pk}/obligations/plainte/",
            f"{base}registre/",
        ]:
            self.visit(claire, path)
        self.submit_empty(claire, f"{base}signaler/", "Déclarer l'incident")
        expect(claire.get_by_text("Choisissez ce que vous observez.")).to_be_visible()
        self.assertEqual(self.violations, [], "\n".join(self.violations))

    def test_the_patients_requests_pages_meet_wcag_2_1_aa(self) -> None:
        open_one = rights.log(
            self.org,
            {
                "received_at": timezone.now() - timedelta(days=20),
                "channel": "courrier",
                "right": "dossier",
                "record_age": "mixte",
                "requester_kind": "ayant_droit",
                "requester_name": "Jeanne Durand",
                "patient_name": "Louis Durand",
            },
            actor=self.titulaire,
        )
        answered = rights.log(
            self.org,
            {
                "received_at": timezone.now() - timedelta(days=5),
                "channel": "guichet",
                "right": "rectification",
                "requester_kind": "patient",
                "requester_name": "Marc Petit",
            },
            actor=self.titulaire,
        )
        rights.answer(
            answered, at=timezone.now(), means="Courrier simple", content="Adresse corrigée"
        )
        claire = self.context(self.titulaire).new_page()
        base = f"/o/{self.org.code}/droits/"
        for path in [
            base,
            f"{base}{open_one.pk}/",
            f"{base}{answered.pk}/",
            f"{base}{open_one.pk}/reponse/",
            f"{base}{open_one.pk}/refus/",
            f"{base}conservation/",
            "/outils/delais/?kind=dossier&received_date=2026-03-03&received_time=10:15&age=mixte",
        ]:
            self.visit(claire, path)
        self.submit_empty(claire, f"{base}nouvelle/", "Enregistrer la demande")
        expect(claire.get_by_text("Ce champ est obligatoire.").first).to_be_visible()
        self.assertEqual(self.violations, [], "\n".join(self.violations))

    def test_the_register_pages_meet_wcag_2_1_aa(self) -> None:
        created = register.start(self.org, ["dossier-patient", "rendez-vous"], actor=self.titulaire)
        processor = register.save_processor(
            self.org,
            None,
            {"name": "Éditeur", "service": "Logiciel de cabinet", "clauses": {}},
            actor=self.titulaire,
        )
        claire = self.context(self.titulaire).new_page()
        base = f"/o/{self.org.code}/registre-rgpd/"
        for path in [
            base,
            f"{base}modeles/",
            f"{base}responsable/",
            f"{base}dpo/",
            f"{base}?date={timezone.localdate():%Y-%m-%d}",
            f"{base}historique/",
            f"{base}site-internet/",
            f"{base}traitements/{created[0].pk}/",
            f"{base}sous-traitants/{processor.pk}/",
        ]:
            self.visit(claire, path)
        self.submit_empty(claire, f"{base}sous-traitants/nouveau/", "Enregistrer")
        expect(claire.get_by_text("Ce champ est obligatoire.").first).to_be_visible()
        self.assertEqual(self.violations, [], "\n".join(self.violations))

    def test_the_secretary_s_pages_meet_wcag_2_1_aa(self) -> None:
        secretary = make_user("Sophie Bernard", "sophie@cabinet-martin.example")
        Membership.objects.create(user=secretary, org=self.org, role=Role.SECRETARIAT)
        register.start(self.org, ["dossier-patient", "rendez-vous"], actor=self.titulaire)
        self.completed_diagnostic(worst, days_ago=10)
        PlanItem.objects.filter(org=self.org).update(owner=secretary)
        rights.log(
            self.org,
            {
                "received_at": timezone.now() - timedelta(days=2),
                "channel": "guichet",
                "right": "dossier",
                "record_age": "recent",
                "requester_kind": "patient",
                "requester_name": "Marc Petit",
            },
            actor=secretary,
        )
        sophie = self.context(secretary).new_page()
        code = self.org.code
        for path in [
            f"/o/{code}/",
            f"/o/{code}/echeances/",
            f"/o/{code}/membres/",
            f"/o/{code}/diagnostic/plan/",
            f"/o/{code}/registre-rgpd/",
            f"/o/{code}/droits/",
            f"/o/{code}/incidents/",
            "/compte/sessions/",
        ]:
            self.visit(sophie, path)
        expect(sophie.get_by_role("heading", level=1)).to_have_text("Sessions ouvertes")
        self.assertEqual(self.violations, [], "\n".join(self.violations))

    def test_the_quiz_pages_meet_wcag_2_1_aa(self) -> None:
        keys = [f"bank:{q['id']}" for q in library.items("quiz-questions")[:3]]
        game = quiz.create_game(self.org, title="Formation", keys=keys, host=self.titulaire)
        player = quiz.join(game, "Castor Prudent")
        claire = self.context(self.titulaire).new_page()
        base = f"/o/{self.org.code}/quiz/"
        for path in [
            base,
            f"{base}composer/",
            f"{base}questions/nouvelle/",
            f"{base}questions/{keys[0]}/apercu/",
            f"{base}parties/{game.pk}/",
        ]:
            self.visit(claire, path)
        phone = self.context().new_page()
        for path in ["/jouer/", f"/jouer/{game.pin}/"]:
            self.visit(phone, path)
        phone.context.add_cookies(
            [
                {
                    "name": f"hygie_quiz_{game.pin}",
                    "value": quiz.token_for(player),
                    "url": self.live_server_url,
                }
            ]
        )
        self.visit(phone, f"/jouer/{game.pin}/partie/")
        self.submit_empty(claire, f"{base}composer/", "Enregistrer le quiz")
        expect(claire.get_by_text("Choisissez au moins une question.")).to_be_visible()
        self.assertEqual(self.violations, [], "\n".join(self.violations))

    def test_the_suspicious_messages_pages_meet_wcag_2_1_aa(self) -> None:
        from hygie.phishing import actions as phishing
        from hygie.phishing.summary import summary
        from hygie.phishing.tests.base import TAX_REFUND_EML, VITALE_SMS, written_analysis

        report = phishing.keep_report(
            self.org,
            summary(written_analysis(), "2026-03-03T09:20:00+01:00"),
            with_body=True,
            actor=self.titulaire,
        )
        visitor = self.context().new_page()
        for path in ["/outils/message/", "/outils/message/que-faire/mot-de-passe/"]:
            self.visit(visitor, path)
        self.submit_empty(visitor, "/outils/message/", "Analyser le message")
        visitor.locator("#id_text").fill(VITALE_SMS)
        visitor.get_by_role("button", name="Analyser le message").click()
        expect(visitor.locator(".verdict__label")).to_be_visible()
        self.audit(visitor, "/outils/message/, its result")

        claire = self.context(self.titulaire).new_page()
        base = f"/o/{self.org.code}/messages/"
        for path in [base, f"{base}rapports/", report.get_absolute_url()]:
            self.visit(claire, path)
        claire.goto(self.live_server_url + base)
        claire.locator("#id_text").fill(TAX_REFUND_EML)
        claire.get_by_role("button", name="Analyser le message").click()
        expect(claire.get_by_role("button", name="Conserver un rapport")).to_be_visible()
        self.audit(claire, f"{base}, its result")
        claire.get_by_role("button", name="J'ai cliqué sur le lien").click()
        expect(claire.get_by_role("heading", level=1)).to_have_text("Signaler un incident")
        self.audit(claire, f"{base}incident/")
        self.assertEqual(self.violations, [], "\n".join(self.violations))

    def test_the_identity_audit_pages_meet_wcag_2_1_aa(self) -> None:
        import shutil
        import tempfile

        from django.test import override_settings

        from hygie.identity import audit_jobs
        from hygie.identity.tests.test_audit_results import small_export

        folder = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, folder, ignore_errors=True)
        self.enterContext(override_settings(IDENTITY_UPLOAD_DIR=folder))
        claire = self.context(self.titulaire).new_page()
        base = f"/o/{self.org.code}/identite/audit/"
        self.visit(claire, base)
        claire.locator("#id_fichier").set_input_files(
            files=[{"name": "patients.csv", "mimeType": "text/csv", "buffer": small_export()}]
        )
        claire.get_by_role("button", name="Déposer le fichier").click()
        expect(claire.get_by_role("heading", level=1)).to_be_visible()
        self.audit(claire, f"{base}colonnes/")
        claire.get_by_role("button", name="Confirmer les colonnes et lancer l'audit").click()
        expect(claire.get_by_role("heading", level=1)).to_have_text("Résultats de l'audit")
        self.audit(claire, f"{base}resultats/")
        claire.get_by_role("link", name="Voir la paire").first.click()
        expect(claire.get_by_role("heading", level=1)).to_contain_text("Doublon potentiel")
        self.audit(claire, f"{base}paire/")
        # The progress bar, as it shows while an audit runs.
        owner = {"org_pk": self.org.pk, "user_pk": self.titulaire.pk}
        audit_jobs._Reporter(audit_jobs._base(**owner).with_suffix(audit_jobs.STATE)).write(
            audit_jobs.RUNNING, 0.5, "Comparaison des paires candidates"
        )
        self.visit(claire, f"{base}progression/")
        self.assertEqual(self.violations, [], "\n".join(self.violations))
