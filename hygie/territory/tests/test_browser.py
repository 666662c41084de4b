"""Joining a territory, clicked through in Chromium.

Four practices have joined the GRADeS's territory: Anne Morel, its animateur,
sees their number and no figure. The titulaire of a fifth practice opens the
join link, reads what is shared, chooses her practice and accepts: the
animateur's dashboard now shows the territory's indicators.
"""

from __future__ import annotations

from playwright.sync_api import expect

from hygie.diagnostic import actions as diagnostic_actions
from hygie.diagnostic.tests.base import COMPLETE_PROFILE, answer_all, best
from hygie.orgs.models import Kind, Membership, Organisation, Profession
from hygie.orgs.roles import Role
from hygie.territory import actions
from hygie.tests.base import make_user
from hygie.tests.browser import BrowserTestCase


class JoinTerritoryTests(BrowserTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.region = Organisation.objects.create(name="GRADeS Exemple", kind=Kind.APPUI)
        self.animateur = make_user("Anne Morel", "anne@grades.example")
        Membership.objects.create(user=self.animateur, org=self.region, role=Role.ANIMATEUR)
        self.link = actions.create_link(self.region, actor=self.animateur)
        self.practices = []
        for n in range(5):
            org = Organisation.objects.create(
                name=f"Cabinet infirmier {n}",
                kind=Kind.CABINET,
                profession=Profession.INFIRMIER,
                address=f"{n} rue de la Paix\n69002 Lyon",
            )
            owner = make_user(f"Titulaire {n}", f"titulaire{n}@cabinet.example")
            Membership.objects.create(user=owner, org=org, role=Role.TITULAIRE)
            assessment = diagnostic_actions.start(org, actor=owner)
            diagnostic_actions.save_profile(assessment, COMPLETE_PROFILE, actor=owner)
            answer_all(assessment, best, actor=owner)
            diagnostic_actions.complete(assessment, actor=owner)
            self.practices.append((org, owner))
        for org, owner in self.practices[:3]:
            actions.join(self.link, org, actor=owner)

    def join_in_browser(self, org, owner) -> None:
        page = self.signed_in_context(owner).new_page()
        page.goto(self.live_server_url + self.link.get_absolute_url())
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "Rejoindre le territoire de GRADeS Exemple"
        )
        expect(page.get_by_text("Ce qui n'est jamais partagé")).to_be_visible()
        page.get_by_label(org.name).check()
        page.get_by_label("J'ai lu ce qui est partagé").check()
        page.get_by_role("button", name="Rejoindre le territoire").click()
        expect(page.get_by_text(f"{org.name} a rejoint le territoire")).to_be_visible()
        expect(page.get_by_role("link", name="Quitter")).to_be_visible()
        page.context.close()

    def test_the_figures_appear_once_five_practices_have_joined(self) -> None:
        self.join_in_browser(*self.practices[3])
        page = self.new_page("Anne")
        page.context.add_cookies(self.signed_in_context(self.animateur).cookies())
        page.goto(f"{self.live_server_url}/o/{self.region.code}/territoire/tableau/")
        expect(page.locator("#participants")).to_contain_text("4 structures partagent pour")
        expect(page.get_by_text("Indice global")).to_have_count(0)

        self.join_in_browser(*self.practices[4])
        page.reload()
        expect(page.locator("#participants")).to_contain_text("5 structures partagent leurs")
        row = page.get_by_role("row", name="Indice global")
        expect(row).to_contain_text("100")
        expect(row).to_contain_text("5 structures")
        self.assertNoProblems()
