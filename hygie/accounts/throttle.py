"""Login throttling, per account and per network address.

1. Every failed password or second-factor code is recorded (LoginFailure).
2. An account with LOGIN_ACCOUNT_MAX_FAILURES failures in the last
   LOGIN_ACCOUNT_LOCK_MINUTES is locked: no password is checked for it until
   the failures age out, its owner follows the unlock link e-mailed at the
   moment of locking, or resets the password.
3. An address with LOGIN_ADDRESS_MAX_FAILURES failures in the last
   LOGIN_ADDRESS_WINDOW_MINUTES is refused for any account until they age out.
4. A successful login clears the account's failures.

The same answers are given whether the account exists or not.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core import signing

from hygie.accounts.models import LoginFailure, UserManager

UNLOCK_SALT = "hygie.accounts.unlock"


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    reason: str = ""  # "account" or "address" when refused


def check(email: str, ip: str | None) -> Verdict:
    email = UserManager.normalize(email)
    if ip:
        failures = LoginFailure.objects.for_address(ip, settings.LOGIN_ADDRESS_WINDOW_MINUTES)
        if failures.count() >= settings.LOGIN_ADDRESS_MAX_FAILURES:
            return Verdict(False, "address")
    failures = LoginFailure.objects.for_account(email, settings.LOGIN_ACCOUNT_LOCK_MINUTES)
    if failures.count() >= settings.LOGIN_ACCOUNT_MAX_FAILURES:
        return Verdict(False, "account")
    return Verdict(True)


def record_failure(email: str, ip: str | None) -> bool:
    """Record a failure; return True if it is the one that locks the account."""
    email = UserManager.normalize(email)
    LoginFailure.objects.create(email=email, ip=ip)
    recent = LoginFailure.objects.for_account(email, settings.LOGIN_ACCOUNT_LOCK_MINUTES)
    return recent.count() == settings.LOGIN_ACCOUNT_MAX_FAILURES


def clear_account(email: str) -> None:
    LoginFailure.objects.filter(email=UserManager.normalize(email)).delete()


def clear_address(ip: str) -> None:
    LoginFailure.objects.filter(ip=ip).delete()


def unlock_token(email: str) -> str:
    return signing.dumps(UserManager.normalize(email), salt=UNLOCK_SALT, compress=True)


def email_from_unlock_token(token: str) -> str | None:
    max_age = settings.LOGIN_ACCOUNT_LOCK_MINUTES * 60 * 4
    try:
        return signing.loads(token, salt=UNLOCK_SALT, max_age=max_age)
    except signing.BadSignature:
        return None
