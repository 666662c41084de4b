"""A practice's first steps, clicked through in a real browser (Debian's Chromium).

Claire Martin signs up, confirms her address, creates her practice, enrols an
authenticator app, invites her secretary Sophie Bernard, who joins from her
own browser; then Claire signs in again with her password and a code.

Every page along the way must raise no JavaScript error and no
Content-Security-Policy violation.
"""

from __future__ import annotations

import base64
import re
import time

from django.core import mail
from django_otp.oath import TOTP
from playwright.sync_api import (
    LocatorAssertions,
    Page,
    expect,
)

from hygie.tests.base import PASSWORD
from hygie.tests.browser import BrowserTestCase

SECRETARY_PASSWORD = "Lavande-Pupitre-Ciseau-2027?"


def first_link(body: str) -> str:
    match = re.search(r"https?://\S+", body)
    assert match, f"No link in this e-mail:\n{body}"
    return match.group(0)


class Authenticator:
    """What a phone's authenticator app computes from the secret shown on the page."""

    def __init__(self, secret: str) -> None:
        text = secret.replace(" ", "")
        self.totp = TOTP(base64.b32decode(text + "=" * (-len(text) % 8)))
        self.last_step = -1

    def code(self) -> str:
        """The code for now, or for the next time step if now's was already used.

        The server refuses a code of a time step it has already accepted
        (replay protection) but tolerates one step of clock drift, so the
        next step's code is accepted right away: no need to wait 30 seconds.
        """
        self.totp.time = time.time()
        step = max(self.totp.t(), self.last_step + 1)
        self.totp.time = step * self.totp.step
        self.last_step = step
        return f"{self.totp.token():0{self.totp.digits}d}"


class FirstStepsTests(BrowserTestCase):
    def fill(self, page: Page, label: str, value: str) -> None:
        page.get_by_label(label, exact=True).fill(value)

    def heading(self, page: Page, text: str) -> LocatorAssertions:
        return expect(page.get_by_role("heading", level=1, name=text))

    def test_a_practice_signs_up_enrols_mfa_and_invites_its_secretary(self) -> None:
        claire = self.new_page("Claire")

        # 1. Sign up, then confirm the address through the e-mailed link.
        claire.goto(self.live_server_url + "/inscription/")
        self.fill(claire, "Nom complet", "Claire Martin")
        self.fill(claire, "Adresse e-mail professionnelle", "claire@cabinet-martin.example")
        self.fill(claire, "Mot de passe", PASSWORD)
        self.fill(claire, "Mot de passe (une seconde fois)", PASSWORD)
        claire.get_by_role("button", name="Créer mon compte").click()
        self.heading(claire, "Vérifiez votre boîte e-mail").to_be_visible()
        self.assertEqual(len(mail.outbox), 1)
        self.assertEqual(mail.outbox[0].to, ["claire@cabinet-martin.example"])
        claire.goto(first_link(mail.outbox[0].body))

        # 2. Sign in (no MFA yet): the address is already filled in.
        self.heading(claire, "Connexion").to_be_visible()
        expect(claire.get_by_label("Adresse e-mail", exact=True)).to_have_value(
            "claire@cabinet-martin.example"
        )
        self.fill(claire, "Mot de passe", PASSWORD)
        claire.get_by_role("button", name="Se connecter").click()
        self.heading(claire, "Mes organisations").to_be_visible()

        # 3. Create the practice.
        claire.get_by_role("main").get_by_role("link", name="Créer une organisation").click()
        self.fill(claire, "Nom de la structure", "Cabinet du Dr Martin")
        claire.get_by_label("Type de structure").select_option(label="Cabinet individuel")
        claire.get_by_label("Profession principale").select_option(label="Médecin généraliste")
        claire.get_by_role("button", name="Créer").click()
        self.heading(claire, "Cabinet du Dr Martin").to_be_visible()
        home = claire.url
        self.assertRegex(home, r"/o/[^/]+/$")

        # 4. Enrol an authenticator app from the home page's banner.
        claire.get_by_role("link", name="L'activer maintenant").click()
        self.heading(claire, "Activer la double authentification").to_be_visible()
        expect(claire.locator("img.qr")).to_have_attribute("src", re.compile(r"^data:image/"))
        phone = Authenticator(claire.locator("#totp-secret").inner_text())
        self.fill(claire, "Code à 6 chiffres affiché par l'application", phone.code())
        claire.get_by_role("button", name="Activer").click()
        self.heading(claire, "Vos codes de secours").to_be_visible()
        recovery_codes = claire.locator("#recovery-codes li").all_inner_texts()
        self.assertEqual(len(recovery_codes), 10)
        self.assertEqual(len(set(recovery_codes)), 10)
        claire.get_by_role("link", name="J'ai noté mes codes").click()
        self.heading(claire, "Cabinet du Dr Martin").to_be_visible()
        expect(claire.get_by_role("link", name="L'activer maintenant")).to_have_count(0)

        # 5. Invite the secretary from the members page.
        claire.get_by_role("navigation", name="Cabinet du Dr Martin").get_by_role(
            "link", name="Membres"
        ).click()
        self.heading(claire, "Membres et rôles").to_be_visible()
        self.fill(claire, "Adresse e-mail de la personne", "sophie@cabinet-martin.example")
        claire.get_by_role("radio", name=re.compile(r"^Secrétariat")).check()
        claire.get_by_role("button", name="Envoyer l'invitation").click()
        expect(claire.get_by_role("status")).to_contain_text(
            "Invitation envoyée à sophie@cabinet-martin.example"
        )
        invitation = mail.outbox[-1]
        self.assertEqual(invitation.to, ["sophie@cabinet-martin.example"])

        # 6. Sophie opens the link in her own browser and creates her account.
        sophie = self.new_page("Sophie")
        sophie.goto(first_link(invitation.body))
        self.heading(sophie, "Rejoindre Cabinet du Dr Martin").to_be_visible()
        sophie.get_by_role("link", name="Créer mon compte").click()
        self.heading(sophie, "Créer un compte").to_be_visible()
        expect(sophie.get_by_label("Adresse e-mail professionnelle", exact=True)).to_have_value(
            "sophie@cabinet-martin.example"
        )
        self.fill(sophie, "Nom complet", "Sophie Bernard")
        self.fill(sophie, "Mot de passe", SECRETARY_PASSWORD)
        self.fill(sophie, "Mot de passe (une seconde fois)", SECRETARY_PASSWORD)
        sophie.get_by_role("button", name="Créer mon compte").click()
        self.heading(sophie, "Cabinet du Dr Martin").to_be_visible()
        expect(sophie.get_by_role("status")).to_contain_text("Bienvenue dans Cabinet du Dr Martin")
        # The secretary does not manage the organisation.
        expect(sophie.get_by_role("link", name="Paramètres")).to_have_count(0)

        claire.reload()
        expect(claire.get_by_role("row", name=re.compile("Sophie Bernard"))).to_contain_text(
            "Secrétariat"
        )

        # 7. Claire signs out, then in again with her password and a fresh code.
        claire.locator("summary", has_text="Mon compte").click()
        claire.get_by_role("button", name="Se déconnecter").click()
        self.heading(claire, "Connexion").to_be_visible()
        self.fill(claire, "Adresse e-mail", "claire@cabinet-martin.example")
        self.fill(claire, "Mot de passe", PASSWORD)
        claire.get_by_role("button", name="Se connecter").click()
        self.heading(claire, "Code de connexion").to_be_visible()
        self.fill(claire, "Code à 6 chiffres ou code de secours", phone.code())
        claire.get_by_role("button", name="Valider").click()
        self.heading(claire, "Cabinet du Dr Martin").to_be_visible()
        self.assertEqual(claire.url, home)

        self.assertNoProblems()
