"""A patient's request, clicked through in Chromium.

Sophie Bernard, the secretary, opens a letter received three days ago: a
patient asks for her medical record. She logs it and notes that the identity
was checked. Dr Claire Martin, from her own browser, records the answer; the
dashboard counts it as answered on time.

Every page along the way must raise no JavaScript error and no
Content-Security-Policy violation.
"""

from __future__ import annotations

import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import Page, expect

from hygie.lib import dates
from hygie.orgs.actions import create_org
from hygie.orgs.models import Kind, Membership
from hygie.orgs.roles import Role
from hygie.rights.models import PatientRequest
from hygie.tests.base import PASSWORD, make_user
from hygie.tests.browser import BrowserTestCase


class PatientRequestTests(BrowserTestCase):
    def setUp(self) -> None:
        super().setUp()
        claire = make_user("Claire Martin", "claire@cabinet-martin.example")
        self.org = create_org(name="Cabinet du Dr Martin", kind=Kind.CABINET, creator=claire)
        sophie = make_user("Sophie Bernard", "sophie@cabinet-martin.example")
        Membership.objects.create(user=sophie, org=self.org, role=Role.SECRETARIAT)

    def sign_in(self, who: str, email: str) -> Page:
        page = self.new_page(who)
        page.goto(self.live_server_url + "/connexion/")
        page.get_by_label("Adresse e-mail", exact=True).fill(email)
        page.get_by_label("Mot de passe", exact=True).fill(PASSWORD)
        page.get_by_role("button", name="Se connecter").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Cabinet du Dr Martin")
        return page

    def menu(self, page: Page, name: str) -> None:
        page.get_by_role("navigation", name="Cabinet du Dr Martin").get_by_role(
            "link", name=name
        ).click()

    def test_the_secretary_logs_it_the_titulaire_answers_on_time(self) -> None:
        received = timezone.localtime() - timedelta(days=3)

        # The secretary logs the letter from the organisation's menu.
        sophie = self.sign_in("Sophie", "sophie@cabinet-martin.example")
        self.menu(sophie, "Droits des patients")
        sophie.get_by_role("link", name="Enregistrer une demande").click()
        sophie.get_by_label("Reçue le").fill(received.strftime("%Y-%m-%d"))
        sophie.get_by_label("à (facultatif)").fill("10:30")
        sophie.get_by_label("Par courrier").check()
        sophie.get_by_label("Accès au dossier médical").check()
        sophie.get_by_label("Toutes de cinq ans ou moins").check()
        sophie.get_by_label("Le patient lui-même").check()
        sophie.get_by_label("Nom du demandeur").fill("Jeanne Durand")
        sophie.get_by_role("button", name="Enregistrer la demande").click()
        expect(sophie.get_by_text("enregistrée : ses délais sont comptés")).to_be_visible()
        patient_request = PatientRequest.objects.get(org=self.org)
        # CSP L1111-7: 8 days after the day of receipt, to its last minute.
        limit = (received + timedelta(days=8)).replace(hour=23, minute=59)
        deadlines = sophie.get_by_role("region", name="Délais")
        expect(deadlines).to_contain_text(f"avant le {dates.long_datetime(limit)}")
        expect(deadlines.locator("time[data-countdown]")).to_have_text(
            re.compile(r"^encore \d j \d{1,2} h \d{1,2} min$")
        )
        sophie.get_by_label("Pièce d'identité présentée au cabinet").check()
        sophie.get_by_role("button", name="Identité vérifiée").click()
        expect(sophie.locator(".timeline")).to_contain_text("Pièce d'identité présentée")
        # The decision is not hers.
        expect(sophie.get_by_role("link", name="Enregistrer la réponse")).to_have_count(0)

        # The titulaire answers from her own browser.
        claire = self.sign_in("Claire", "claire@cabinet-martin.example")
        self.menu(claire, "Droits des patients")
        open_requests = claire.get_by_role("region", name="Demandes en cours")
        open_requests.get_by_role("link", name=str(patient_request)).click()
        claire.get_by_role("link", name="Enregistrer la réponse").click()
        claire.get_by_label("Comment ?").select_option(label="Remise en main propre au cabinet")
        claire.get_by_label("Ce qui a été communiqué").fill(
            "Copie du dossier de 2022 à 2026, 18 pages"
        )
        claire.get_by_role("button", name="Enregistrer").click()
        expect(claire.get_by_text("Réponse enregistrée dans les délais.")).to_be_visible()
        expect(claire.get_by_role("region", name="Réponse")).to_contain_text("dans les délais")

        # The dashboard counts it: one received, one answered, on time.
        self.menu(claire, "Droits des patients")
        expect(claire.get_by_role("region", name="Demandes en cours")).to_contain_text(
            "Aucune demande en cours."
        )
        year = claire.get_by_role("region", name="Bilan par année").locator("tbody tr").first
        expect(year.locator("th")).to_have_text(str(received.year))
        expect(year.locator("td").nth(0)).to_have_text("1")
        expect(year.locator("td").nth(1)).to_have_text("1")
        expect(year.locator("td").nth(2)).to_have_text("1 (100 %)")

        self.assertNoProblems()
