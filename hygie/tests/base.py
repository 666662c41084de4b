"""The personas every test builds on.

Cabinet du Dr Martin (a GP's practice):
  Claire Martin    titulaire
  Paul Petit       praticien
  Sophie Bernard   secrétariat
  Rémi Roux        référent externe (also référent of the MSP des Tilleuls)
MSP des Tilleuls (another organisation):
  Olivier Dupuis   titulaire: the outsider, as far as the cabinet is concerned
GRADeS Exemple (a regional body):
  Anne Morel       animateur
"""

from __future__ import annotations

from django.test import TestCase
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from hygie.accounts.models import User
from hygie.orgs.models import Kind, Membership, Organisation, Profession
from hygie.orgs.roles import Role

PASSWORD = "Cheval-Batterie-Agrafe-2026!"


def make_user(name: str, email: str) -> User:
    from django.utils import timezone

    return User.objects.create_user(
        email, PASSWORD, full_name=name, email_confirmed_at=timezone.now()
    )


def make_region(name: str = "URPS Voisine") -> tuple[Organisation, User]:
    """Another regional body, with its animateur: the outsider of hostile tests."""
    region = Organisation.objects.create(name=name, kind=Kind.APPUI)
    animateur = make_user("Marc Voisin", "marc@urps.example")
    Membership.objects.create(user=animateur, org=region, role=Role.ANIMATEUR)
    return region, animateur


def current_totp(device: TOTPDevice) -> str:
    """The code an authenticator app would show now for this device."""
    code = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{code:0{device.digits}d}"


class BaseTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.org = Organisation.objects.create(
            name="Cabinet du Dr Martin",
            kind=Kind.CABINET,
            profession=Profession.MEDECIN_GENERALISTE,
        )
        cls.other_org = Organisation.objects.create(name="MSP des Tilleuls", kind=Kind.MSP)
        cls.region = Organisation.objects.create(name="GRADeS Exemple", kind=Kind.APPUI)

        cls.titulaire = make_user("Claire Martin", "claire@cabinet-martin.example")
        cls.praticien = make_user("Paul Petit", "paul@cabinet-martin.example")
        cls.secretaire = make_user("Sophie Bernard", "sophie@cabinet-martin.example")
        cls.referent = make_user("Rémi Roux", "remi@prestataire.example")
        cls.outsider = make_user("Olivier Dupuis", "olivier@msp-tilleuls.example")
        cls.animateur = make_user("Anne Morel", "anne@grades.example")

        for user, org, role in [
            (cls.titulaire, cls.org, Role.TITULAIRE),
            (cls.praticien, cls.org, Role.PRATICIEN),
            (cls.secretaire, cls.org, Role.SECRETARIAT),
            (cls.referent, cls.org, Role.REFERENT),
            (cls.referent, cls.other_org, Role.REFERENT),
            (cls.outsider, cls.other_org, Role.TITULAIRE),
            (cls.animateur, cls.region, Role.ANIMATEUR),
        ]:
            Membership.objects.create(user=user, org=org, role=role)

    def login(self, user: User) -> None:
        self.client.force_login(user)

    def login_verified(self, user: User) -> TOTPDevice:
        """Sign in as if through password and TOTP code."""
        device = TOTPDevice.objects.create(user=user, name="Téléphone", confirmed=True)
        self.client.force_login(user)
        session = self.client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
        return device

    def membership(self, user: User, org: Organisation | None = None) -> Membership:
        return Membership.objects.get(user=user, org=org or self.org)
