"""Account workflows: each touches several models and writes to the journal."""

from __future__ import annotations

import math
import time

from django.conf import settings
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth import update_session_auth_hash
from django.core import signing
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from hygie.accounts import throttle
from hygie.accounts.models import RecoveryDevice, User
from hygie.journal.actions import record
from hygie.lib import emails
from hygie.lib.http import client_ip

CONFIRM_SALT = "hygie.accounts.confirm"
CONFIRM_MAX_AGE = 60 * 60 * 24 * 3
BACKEND = "django.contrib.auth.backends.ModelBackend"


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
