"""Account workflows: each touches several models and writes to the journal."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import authenticate, update_session_auth_hash
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.core import signing
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from hygie.accounts import throttle
from hygie.accounts.models import RecoveryDevice, Session, User, new_calendar_token
from hygie.journal.actions import record
from hygie.lib import emails
from hygie.lib.http import client_ip

CONFIRM_SALT = "hygie.accounts.confirm"
CONFIRM_MAX_AGE = 60 * 60 * 24 * 3
BACKEND = "django.contrib.auth.backends.ModelBackend"
# Between the password and the second factor: how long the right password is remembered.
PENDING_MFA_SECONDS = 300
PENDING_MFA_KEY = "_pending_mfa"


def idle_minutes_for(user: User) -> int:
    """The shortest inactivity limit among the person's organisations."""
    limits = user.memberships.values_list("org__session_idle_minutes", flat=True)
    return min(limits, default=settings.SESSION_IDLE_MINUTES_DEFAULT)


def complete_login(request: HttpRequest, user: User, device=None) -> None:
    """Open the session of a person whose password (and code, if any) is right."""
    auth_login(request, user, backend=BACKEND)
    if device is not None:
        otp_login(request, device)
    now = time.time()
    session = request.session
    session["_ip"] = client_ip(request)
    session["_ua"] = request.headers.get("User-Agent", "")[:300]
    session["_created"] = now
    session["_last"] = now
    session["_idle"] = idle_minutes_for(user)
    session["_idle_at"] = now
    throttle.clear_pair(user.email, client_ip(request))
    record(
        action="login.success",
        actor=user,
        details={"double authentification": device is not None},
        request=request,
    )
    # The password and the second factor together lift a lock.
    if device is not None and throttle.lift(user.email):
        record(
            action="account.unlocked",
            actor=user,
            details={"par": "mot de passe et second facteur"},
            request=request,
        )


def log_out(request: HttpRequest) -> None:
    user = request.user
    if user.is_authenticated:
        record(action="logout", actor=user, request=request)
    auth_logout(request)


def login_failed(request: HttpRequest, email: str, user: User | None, step: str) -> None:
    """Record a wrong password or code; lock the account at the threshold.

    The owner of a locked account is e-mailed a single-use unlock link.
    """
    ip = client_ip(request)
    locks = throttle.record_failure(email, ip)
    record(
        action="login.failure",
        actor=user,
        actor_label=email,
        details={"étape": step},
        request=request,
    )
    if locks and user is not None:
        record(action="login.locked", actor=user, request=request)
        emails.send(
            "account_locked",
            user.email,
            {
                "user": user,
                "hours": settings.LOGIN_UNLOCK_LINK_HOURS,
                "has_mfa": user.has_mfa(),
                "unlock_url": settings.SITE_URL
                + reverse("accounts:unlock", args=[throttle.unlock_token(user.email)]),
            },
            capped=True,
        )


# Signing in ------------------------------------------------------------------


@dataclass(frozen=True)
class Attempt:
    """What became of a sign-in step.

    `outcome`: "throttled" (too many failures: `verdict` says how long to
    wait), "locked" (the account is locked and the password alone opens
    nothing), "wrong" (password or code), "unconfirmed" (address never
    confirmed), "second_factor" (the right password: the code is asked
    next), "wait" (after a wrong TOTP code: `wait` seconds) or "signed_in".
    """

    outcome: str
    user: User | None = None
    verdict: throttle.Verdict | None = None
    wait: int = 0
    recovery_left: int | None = None  # after a recovery code: how many are left


def _known(email: str) -> User | None:
    return User.objects.filter(email=User.objects.normalize(email)).first()


def attempt_login(request: HttpRequest, *, email: str, password: str, next_url: str) -> Attempt:
    """The password step of the sign-in, throttled (see throttle.py).

    1. A network that failed too often waits first, before the password is read.
    2. While the account is locked, any password counts as a failure, unless
       the second factor follows it.
    3. The right password of an account with a second factor opens nothing
       yet: it is remembered in the session for PENDING_MFA_SECONDS, with
       where to go next.
    """
    verdict = throttle.check(email, client_ip(request), trusted=throttle.is_trusted(request, email))
    if not verdict.allowed:
        return Attempt("throttled", verdict=verdict)
    user = authenticate(request, username=email, password=password)
    second_factor = user is not None and user.email_confirmed and user.has_mfa()
    if throttle.is_locked(email) and not second_factor:
        # Right or wrong, the password alone counts as a failure here:
        # the answer must not tell a guesser which one it was.
        login_failed(request, email, user or _known(email), "compte verrouillé")
        return Attempt("locked")
    if user is None:
        login_failed(request, email, _known(email), "mot de passe")
        return Attempt("wrong")
    if not user.email_confirmed:
        return Attempt("unconfirmed", user)
    if second_factor:
        request.session[PENDING_MFA_KEY] = {"user": user.pk, "at": time.time(), "next": next_url}
        return Attempt("second_factor", user)
    complete_login(request, user)
    return Attempt("signed_in", user)


def pending_second_factor(request: HttpRequest) -> dict | None:
    """The password step waiting for its code (`user`, `at`, `next`), unless too old."""
    pending = request.session.get(PENDING_MFA_KEY)
    if not pending or time.time() - pending["at"] > PENDING_MFA_SECONDS:
        request.session.pop(PENDING_MFA_KEY, None)
        return None
    return pending


def attempt_second_factor(request: HttpRequest, user: User, code: str) -> Attempt:
    """The code step of the sign-in: a TOTP code or a recovery code.

    The right password followed by the right code also lifts a lock.
    """
    verdict = throttle.check(user.email, client_ip(request), trusted=True, take_turns=False)
    if not verdict.allowed:
        request.session.pop(PENDING_MFA_KEY, None)
        return Attempt("throttled", user, verdict=verdict)
    # django-otp slows down repeated TOTP tries; recovery codes are not concerned.
    wait = totp_wait_seconds(user) if code.isascii() and code.isdigit() else 0
    if wait:
        return Attempt("wait", user, wait=wait)
    device = match_token(user, code)
    if device is None:
        login_failed(request, user.email, user, "code")
        return Attempt("wrong", user)
    del request.session[PENDING_MFA_KEY]
    complete_login(request, user, device)
    remaining = None
    if isinstance(device, RecoveryDevice):
        remaining = device.remaining()
        record(
            action="mfa.recovery_used",
            actor=user,
            details={"codes restants": remaining},
            request=request,
        )
    return Attempt("signed_in", user, recovery_left=remaining)


def check_password_again(request: HttpRequest) -> throttle.Verdict:
    """Forms that ask for the password again count toward the login throttle.

    Someone at an unlocked desk must not be able to guess the password there.
    The session proves the account: only this network's delay applies. A
    refusal closes the session.
    """
    verdict = throttle.check(request.user.email, client_ip(request), trusted=True)
    if not verdict.allowed:
        log_out(request)
    return verdict


def lock_session(request: HttpRequest) -> None:
    """The lock screen: the session stays open, the password reopens it."""
    request.session["_locked"] = True
    record(action="session.locked", actor=request.user, request=request)


def unlock_session(request: HttpRequest) -> None:
    """The right password typed on the lock screen."""
    request.session["_locked"] = False
    request.session["_last"] = time.time()
    throttle.clear_pair(request.user.email, client_ip(request))
    record(action="session.unlocked", actor=request.user, request=request)


def unlock_account(email: str, *, request: HttpRequest) -> None:
    """The e-mailed unlock link, used: lift the account's lock."""
    throttle.lift(email)
    record(
        action="account.unlocked",
        actor=User.objects.filter(email=email).first(),
        actor_label=email,
        details={"par": "lien reçu par e-mail"},
        request=request,
    )


def end_session(request: HttpRequest, session: Session) -> None:
    """Close one of the person's other sessions, from the list of sessions."""
    session.delete()
    record(
        action="session.ended",
        actor=request.user,
        details={"navigateur": session.browser()},
        request=request,
    )


def end_other_sessions(request: HttpRequest) -> int:
    """Close every session of the person but this one; return how many."""
    others = request.user.sessions.exclude(session_key=request.session.session_key)
    count = others.count()
    others.delete()
    if count:
        record(
            action="session.ended", actor=request.user, details={"sessions": count}, request=request
        )
    return count


@transaction.atomic
def change_password(*, user: User, password: str, request: HttpRequest) -> None:
    """Set the new password, keep this session and end all the others.

    Django would refuse the other sessions at their next request anyway; ending
    them now also takes them off the list of open sessions.
    """
    user.set_password(password)
    user.save(update_fields=["password"])
    update_session_auth_hash(request, user)
    user.sessions.exclude(session_key=request.session.session_key).delete()
    record(action="password.changed", actor=user, request=request)


@transaction.atomic
def password_reset_done(*, user: User, request: HttpRequest) -> None:
    """After a reset by e-mail: lift the lock, end every session, record it.

    The link proves access to the mailbox, so it also unlocks the account.
    """
    was_locked = throttle.is_locked(user.email)
    throttle.clear_account(user.email)
    # The session of this request is saved after the view: deleting it would
    # interrupt the request. If it is the person's, the new password ends it.
    user.sessions.exclude(session_key=request.session.session_key).delete()
    record(action="password.reset", actor=user, request=request)
    if was_locked:
        record(
            action="account.unlocked",
            actor=user,
            details={"par": "réinitialisation du mot de passe"},
            request=request,
        )


def renew_calendar_token(user: User) -> None:
    """A new address for the person's calendar feed: the old one stops working."""
    user.calendar_token = new_calendar_token()
    user.save(update_fields=["calendar_token"])


def confirmation_token(user: User) -> str:
    return signing.dumps({"u": user.pk, "e": user.email}, salt=CONFIRM_SALT, compress=True)


def user_from_confirmation(token: str) -> User | None:
    try:
        data = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    except signing.BadSignature:
        return None
    return User.objects.filter(pk=data.get("u"), email=data.get("e")).first()


def send_confirmation(user: User) -> bool:
    url = settings.SITE_URL + reverse("accounts:confirm", args=[confirmation_token(user)])
    return emails.send("confirm_email", user.email, {"user": user, "confirm_url": url}, capped=True)


def sign_up(
    *, email: str, full_name: str, password: str, request: HttpRequest, confirmed: bool = False
) -> User | None:
    """Create the account and send the confirmation link.

    If the address already has an account, nothing is created and its owner is
    told by e-mail: the page shown is the same, so that sign-up does not reveal
    who has an account.
    """
    email = User.objects.normalize(email)
    existing = User.objects.filter(email=email).first()
    if existing is not None:
        emails.send(
            "already_registered",
            existing.email,
            {"user": existing, "login_url": settings.SITE_URL + reverse("accounts:login")},
            capped=True,
        )
        return None
    with transaction.atomic():
        user = User.objects.create_user(
            email,
            password,
            full_name=full_name,
            email_confirmed_at=timezone.now() if confirmed else None,
        )
        record(action="account.signup", actor=user, request=request)
    if not confirmed:
        send_confirmation(user)
    return user


def confirm_email(user: User, request: HttpRequest) -> None:
    if user.email_confirmed_at is None:
        user.email_confirmed_at = timezone.now()
        user.save(update_fields=["email_confirmed_at"])
        record(action="account.email_confirmed", actor=user, request=request)


def totp_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def totp_wait_seconds(user: User) -> int:
    """Seconds django-otp still makes the person wait after a wrong code (0: none)."""
    device = totp_device(user)
    if device is None:
        return 0
    allowed, data = device.verify_is_allowed()
    if allowed or not data or not data.get("locked_until"):
        return 0
    return max(1, math.ceil((data["locked_until"] - timezone.now()).total_seconds()))


def pending_totp_device(user: User) -> TOTPDevice:
    """The device being enrolled: the same secret until it is confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(
            user=user, name="Application d'authentification", confirmed=False
        )
    return device


@transaction.atomic
def enable_mfa(user: User, device: TOTPDevice, request: HttpRequest) -> list[str]:
    """Confirm the TOTP device, issue recovery codes, verify this session."""
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    recovery, _ = RecoveryDevice.objects.get_or_create(
        user=user, defaults={"name": "Codes de secours", "confirmed": True}
    )
    codes = recovery.regenerate()
    otp_login(request, device)
    record(action="mfa.enabled", actor=user, request=request)
    return codes


@transaction.atomic
def regenerate_recovery_codes(user: User, request: HttpRequest) -> list[str]:
    recovery, _ = RecoveryDevice.objects.get_or_create(
        user=user, defaults={"name": "Codes de secours", "confirmed": True}
    )
    codes = recovery.regenerate()
    record(action="mfa.recovery_regenerated", actor=user, request=request)
    return codes


@transaction.atomic
def disable_mfa(user: User, request: HttpRequest) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    RecoveryDevice.objects.filter(user=user).delete()
    record(action="mfa.disabled", actor=user, request=request)
