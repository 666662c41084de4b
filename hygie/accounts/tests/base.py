"""What the accounts tests share: signing in through the real forms, codes, journal."""

from __future__ import annotations

from django.http import HttpResponse
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from hygie.accounts.models import LoginFailure, RecoveryDevice, User
from hygie.journal.models import Entry
from hygie.tests.base import PASSWORD, BaseTestCase

FIREFOX_ON_WINDOWS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0"
)
SAFARI_ON_IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)


def wrong_totp(device: TOTPDevice) -> str:
    """A 6-digit code the device refuses now, whatever its tolerance."""
    valid = {
        f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift + d):06d}"
        for d in range(-3, 4)
    }
    return next(c for c in ("000000", "111111", "222222", "333333") if c not in valid)


class AccountsTestCase(BaseTestCase):
    def sign_in(
        self,
        user: User | str,
        password: str = PASSWORD,
        *,
        client: Client | None = None,
        **extra,
    ) -> HttpResponse:
        """Post the login form, as a person would."""
        email = user if isinstance(user, str) else user.email
        client = client or self.client
        return client.post(
            reverse("accounts:login"), {"email": email, "password": password}, **extra
        )

    def enable_mfa(self, user: User) -> tuple[TOTPDevice, list[str]]:
        """A confirmed authenticator app and ten recovery codes."""
        device = TOTPDevice.objects.create(user=user, name="Téléphone", confirmed=True)
        recovery = RecoveryDevice.objects.create(user=user, name="Codes de secours", confirmed=True)
        return device, recovery.regenerate()

    def entries(self, action: str, **filters):
        return Entry.objects.filter(action=action, **filters)

    def failures(self, user: User | str) -> int:
        email = user if isinstance(user, str) else user.email
        return LoginFailure.objects.filter(email=email).count()

    def assertSignedIn(self, user: User, client: Client | None = None) -> None:
        session = (client or self.client).session
        self.assertEqual(session.get("_auth_user_id"), str(user.pk))

    def assertSignedOut(self, client: Client | None = None) -> None:
        self.assertNotIn("_auth_user_id", (client or self.client).session)
