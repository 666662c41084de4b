"""The practice's backups on a phone (375 by 667 pixels) in Chromium.

Sophie Bernard, the secretary, opens Sauvegardes on her phone: the weekly
backup and the quarterly restore test are overdue, in red. One click on
« Sauvegarde faite aujourd'hui » moves the backup's échéance a week on; she
then logs a restore test (what was restored, it opened, how long it took),
and its échéance moves three months on. Claire Martin, the titulaire, opens
her diagnostic in progress on her phone: restauration-testee is answered
« Oui, dans les 12 derniers mois », « d'après le journal des sauvegardes ».

No page raises a JavaScript error or a Content-Security-Policy violation,
and axe-core finds nothing against WCAG 2.1 AA on the phone's screens.

With HYGIE_SCREENSHOTS=<folder>, the phone screens are saved there as
phone-<step>.png (the README's pictures: docs/screenshots/backups).
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

from django.utils import timezone
from playwright.sync_api import Page, expect

from hygie.backups import actions as backups
from hygie.deadlines.models import Deadline
from hygie.diagnostic import actions as diagnostic
from hygie.diagnostic import measures
from hygie.diagnostic.tests.base import COMPLETE_PROFILE
from hygie.law.days import add_months
from hygie.lib import dates
from hygie.orgs.models import Kind, Membership, Organisation, Profession
from hygie.orgs.roles import Role
from hygie.tests.base import make_user
from hygie.tests.browser import BrowserTestCase
from hygie.tests.test_accessibility import AXE, RUN_AXE, WCAG_21_AA

PHONE = {"width": 375, "height": 667}
SHOTS = os.environ.get("HYGIE_SCREENSHOTS")
COPY = "Logiciel métier, documents → Disque 1"


class BackupsPhoneTests(BrowserTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.org = Organisation.objects.create(
            name="Cabinet du Dr Martin",
            kind=Kind.CABINET,
            profession=Profession.MEDECIN_GENERALISTE,
        )
        self.claire = make_user("Claire Martin", "claire@cabinet-martin.example")
        self.sophie = make_user("Sophie Bernard", "sophie@cabinet-martin.example")
        Membership.objects.create(user=self.claire, org=self.org, role=Role.TITULAIRE)
        Membership.objects.create(user=self.sophie, org=self.org, role=Role.SECRETARIAT)
        self.today = timezone.localdate()
        self.disk = backups.add_planned(
            self.org,
            {
                "data": ["logiciel", "documents"],
                "medium": "disque",
                "label": "Disque 1",
                "place": "cabinet",
                "every": 7,
                "encrypted": "oui",
                "offline": "oui",
                "locked": "oui",
                "responsible": self.sophie,
                "restore_every": 3,
            },
            actor=self.claire,
        )
        backups.log_backup(self.disk, done_on=self.today - timedelta(days=10), actor=self.sophie)
        backups.log_restore_test(
            self.disk,
            {
                "done_on": add_months(self.today, -4),
                "restored": "Trois courriers scannés",
                "outcome": "ok",
                "minutes": 15,
            },
            actor=self.claire,
        )
        # A diagnostic in progress, its last restore test more than a year ago.
        self.draft = diagnostic.start(self.org, actor=self.claire)
        diagnostic.save_profile(self.draft, COMPLETE_PROFILE, actor=self.claire)
        restore = measures.catalogue().by_key["restauration-testee"]
        diagnostic.save_answer(self.draft, restore, "ancien", actor=self.claire)
        self.theme = measures.catalogue().theme_by_key[restore.theme].number
        self.violations: list[str] = []

    def phone(self, user) -> Page:
        page = self.signed_in_context(user, viewport=PHONE).new_page()
        label = user.full_name

        def on_console(message) -> None:
            # A form sent back with its errors answers 400, which Chromium logs.
            if "status of 400 (Bad Request)" in message.text:
                return
            if message.type == "error" or "Content Security Policy" in message.text:
                self.problems.append(f"{label}, {page.url}: {message.text}")

        page.on("console", on_console)
        page.on("pageerror", lambda error: self.problems.append(f"{label}: {error}"))
        return page

    def audit(self, page: Page, what: str) -> None:
        # Evaluated by the browser's debugger, which the page's policy does not govern.
        if not page.evaluate("typeof axe !== 'undefined'"):
            page.evaluate(AXE)
        self.violations += [f"{what}: {v['text']}" for v in page.evaluate(RUN_AXE, WCAG_21_AA)]

    def shot(self, page: Page, name: str, at=None) -> None:
        """The phone's screen, as seen (scrolled to `at`, a locator, if given)."""
        if SHOTS:
            Path(SHOTS).mkdir(parents=True, exist_ok=True)
            if at is not None:
                at.evaluate("e => e.scrollIntoView({block: 'start'})")
            page.screenshot(path=str(Path(SHOTS) / f"phone-{name}.png"))

    def due(self, key: str):
        return Deadline.objects.get(subject_id=str(self.disk.pk), key=key)

    def test_a_backup_and_a_restore_test_logged_from_a_phone(self) -> None:
        sophie = self.phone(self.sophie)
        sophie.goto(f"{self.live_server_url}/o/{self.org.code}/")
        home = sophie.get_by_role("region", name="À faire en priorité")
        expect(
            home.locator("li.deadline--overdue", has_text=f"Tester la restauration : {COPY}")
        ).to_be_visible()
        self.shot(sophie, "home-overdue", home)

        sophie.goto(f"{self.live_server_url}/o/{self.org.code}/sauvegardes/")
        card = sophie.locator(f"#sauvegarde-{self.disk.pk}")
        backup_due = card.locator('[data-echeance="sauvegarde"]')
        restore_due = card.locator('[data-echeance="restauration"]')
        expect(backup_due).to_contain_text("En retard")
        expect(restore_due).to_contain_text("En retard")
        # The button fits the phone's screen: no sideways scrolling.
        self.assertLessEqual(
            sophie.evaluate("document.documentElement.scrollWidth"), PHONE["width"]
        )
        self.audit(sophie, "Sauvegardes, en retard")
        self.shot(sophie, "plan-overdue", card)

        # One click.
        before = self.due("sauvegarde").due_at
        card.get_by_role("button", name=f"Sauvegarde faite aujourd'hui : {COPY}").click()
        expect(sophie.get_by_text(f"Sauvegarde notée pour aujourd'hui : {COPY}.")).to_be_visible()
        moved = self.due("sauvegarde").due_at
        self.assertEqual(moved.date() - before.date(), timedelta(days=10))
        expect(backup_due).not_to_contain_text("En retard")
        expect(backup_due).to_contain_text(dates.long_datetime(moved))
        expect(card).to_contain_text(f"Dernière sauvegarde notée le {self.today:%d/%m/%Y}")
        self.shot(sophie, "backup-logged")

        # The restore test, from its copy's card.
        card.get_by_role("link", name=f"Noter un test de restauration : {COPY}").click()
        expect(sophie.get_by_role("heading", level=1)).to_have_text("Noter un test de restauration")
        expect(sophie.get_by_label("Depuis quelle sauvegarde ?")).to_have_value(str(self.disk.pk))
        sophie.get_by_label("Ce qui a été restauré").fill(
            "Le dossier d'un patient test et deux courriers"
        )
        sophie.get_by_label("Oui, tout s'ouvre normalement").check()
        minutes = sophie.get_by_label("Combien de temps cela a-t-il pris ? (en minutes)")
        minutes.fill("20")
        if SHOTS:
            Path(SHOTS).mkdir(parents=True, exist_ok=True)
            sophie.locator("form.card").screenshot(path=str(Path(SHOTS) / "phone-restore-form.png"))
        minutes.fill("0")
        sophie.get_by_role("button", name="Noter le test").click()
        expect(sophie.get_by_text("Indiquez au moins 1 minute.")).to_be_visible()
        self.audit(sophie, "Test de restauration, erreur")
        minutes.fill("20")
        sophie.get_by_role("button", name="Noter le test").click()
        expect(
            sophie.get_by_text("Test de restauration noté : c'est votre preuve.")
        ).to_be_visible()
        restore = self.due("restauration")
        self.assertEqual(restore.due_at.date(), add_months(self.today, 3))
        expect(restore_due).not_to_contain_text("En retard")
        expect(restore_due).to_contain_text(dates.long_datetime(restore.due_at))
        expect(sophie.locator("#restaurations")).to_contain_text(
            "Le dossier d'un patient test et deux courriers"
        )
        self.audit(sophie, "Sauvegardes, à jour")
        self.shot(sophie, "restore-logged", card)

        # The diagnostic in progress reads the log.
        claire = self.phone(self.claire)
        claire.goto(
            f"{self.live_server_url}/o/{self.org.code}/diagnostic/{self.draft.pk}/theme/{self.theme}/"
        )
        measure = claire.locator("#mesure-restauration-testee")
        expect(measure.get_by_label("Oui, dans les 12 derniers mois")).to_be_checked()
        expect(measure).to_contain_text("Répondu d'après le journal des sauvegardes")
        expect(measure).to_contain_text(f"test de restauration du {self.today:%d/%m/%Y}")
        measure.scroll_into_view_if_needed()
        self.audit(claire, "Diagnostic, mesure répondue")
        if SHOTS:
            measure.screenshot(path=str(Path(SHOTS) / "phone-diagnostic-answered.png"))

        self.assertEqual(self.violations, [])
        self.assertNoProblems()

    def test_the_other_backups_pages_meet_wcag_on_a_phone(self) -> None:
        claire = self.phone(self.claire)
        base = f"{self.live_server_url}/o/{self.org.code}/sauvegardes/"
        for path, button in [
            ("plan/ajouter/", "Enregistrer"),
            ("journal/destruction/", "Noter la destruction"),
            ("journal/sauvegarde/", None),
            ("journal/", None),
            (f"plan/{self.disk.pk}/", None),
        ]:
            claire.goto(base + path)
            self.audit(claire, path)
            if button:
                claire.get_by_role("button", name=button).click()
                expect(claire.locator(".errorlist").first).to_be_visible()
                self.audit(claire, f"{path}, erreurs")
        # A hosted copy: where it is kept and under lock are not asked.
        claire.goto(base + "plan/ajouter/")
        place = claire.get_by_role("group", name="Où la copie est-elle gardée")
        locked = claire.get_by_role("group", name="Le support est-il rangé sous clé")
        claire.get_by_label("Un disque externe ou une clé USB").check()
        expect(place).to_be_visible()
        expect(locked).to_be_visible()
        claire.get_by_label("Un prestataire de sauvegarde en ligne").check()
        expect(place).to_be_hidden()
        expect(locked).to_be_hidden()
        expect(claire.get_by_label("Quel prestataire ?")).to_be_visible()
        self.assertEqual(self.violations, [])
        self.assertNoProblems()
