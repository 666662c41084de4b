"""Sign-in throttling: slow guessing down without letting anyone lock a person out.

Every failed password or second-factor code is recorded (LoginFailure) with
its account and its network (an IPv4 address, or an IPv6 /64).

1. Account and network together: the first LOGIN_FREE_FAILURES failures of
   the day are free; then each attempt waits 1 s, 2 s, 4 s… after the previous
   failure, up to LOGIN_MAX_DELAY_SECONDS. Someone guessing from elsewhere only
   slows themselves down.
2. Network, whatever the account (one password tried on many accounts):
   beyond LOGIN_ADDRESS_FREE_FAILURES failures in LOGIN_ADDRESS_WINDOW_MINUTES,
   the same growing delay applies to the whole network, except in a browser
   where the account has already signed in (a signed cookie): colleagues behind
   a practice's shared address keep signing in from their usual computers.
3. Account lock: LOGIN_LOCK_FAILURES failures in a day, each network counting
   for at most LOGIN_LOCK_PER_NETWORK of them, mean guessing from several places
   at once. The password alone then opens nothing; the password followed by
   the second factor lifts the lock, as does the single-use link e-mailed when
   it was set, or a password reset.
4. A success clears the failures of its account and network.

Delays are checked before the password, refusals and the lock read the same
whether the account exists or not, and while an account is locked every
password counts as a failure: nothing tells a right password from a wrong one.
"""

from __future__ import annotations

import hashlib
import math
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.crypto import salted_hmac

from hygie.accounts.models import LoginFailure, UnlockLink, UserManager
from hygie.lib.throttling import delay, network, take_turn

# Failures are kept a day (housekeeping); they count toward delays and locks for that long.
MEMORY_MINUTES = 24 * 60
# Unlock links are kept a week after their expiry, to say "expired" rather than "unknown".
LINK_KEPT_DAYS = 7

DEVICE_COOKIE = "hygie_appareil"
DEVICE_SALT = "hygie.accounts.device"
DEVICE_DAYS = 180
DEVICE_ACCOUNTS = 20


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    reason: str = ""  # "pair" (this account from this network) or "address" when refused
    wait: int = 0  # seconds before the next attempt


ALLOWED = Verdict(True)


def _wait(failures: QuerySet, free: int, reason: str, turn: str) -> Verdict | tuple[str, int]:
    """A refusal while `failures` still impose a delay; else the turn to take, if any."""
    seconds = delay(failures.count(), free, settings.LOGIN_MAX_DELAY_SECONDS)
    if not seconds:
        return "", 0
    pk, last = failures.order_by("-created").values_list("pk", "created").first()
    left = (last + timedelta(seconds=seconds) - timezone.now()).total_seconds()
    if left > 0:
        return Verdict(False, reason, math.ceil(left))
    return f"login:{turn}:{pk}:{last.timestamp()}", seconds


def check(email: str, ip: str | None, *, trusted: bool = False, take_turns: bool = True) -> Verdict:
    """May this network try a password (or code) for this account now?

    `trusted`: the browser already signed in to this account, or the person
    has just given the right password; the network's own delay (2.) is skipped.
    `take_turns`: False for the second step, whose password already took its turn.
    """
    email = UserManager.normalize(email)
    net = network(ip)
    pair = LoginFailure.objects.since(MEMORY_MINUTES).for_pair(email, net)
    pair_key = hashlib.sha256(f"{email}|{net}".encode()).hexdigest()[:32]
    waits = [(_wait(pair, settings.LOGIN_FREE_FAILURES, "pair", pair_key), "pair")]
    if net and not trusted:
        recent = LoginFailure.objects.since(settings.LOGIN_ADDRESS_WINDOW_MINUTES)
        waits.append(
            (
                _wait(
                    recent.for_network(net), settings.LOGIN_ADDRESS_FREE_FAILURES, "address", net
                ),
                "address",
            )
        )
    for wait, _ in waits:
        if isinstance(wait, Verdict):
            return wait
    # The delay has passed. Of the attempts sent at the same moment, which all
    # read the same failures, only one goes through.
    for (turn, seconds), reason in waits:
        if turn and take_turns and not take_turn(turn, seconds):
            return Verdict(False, reason, seconds)
    return ALLOWED


def lock_count(email: str) -> int:
    """Today's failures not yet lifted, each network counting for at most LOGIN_LOCK_PER_NETWORK."""
    per_network = (
        LoginFailure.objects.since(MEMORY_MINUTES)
        .for_account(email)
        .filter(lifted=False)
        .values("network")
        .annotate(n=Count("id"))
        .values_list("n", flat=True)
    )
    return sum(min(n, settings.LOGIN_LOCK_PER_NETWORK) for n in per_network)


def is_locked(email: str) -> bool:
    return lock_count(UserManager.normalize(email)) >= settings.LOGIN_LOCK_FAILURES


def record_failure(email: str, ip: str | None) -> bool:
    """Record a failure; return True if it is the one that locks the account."""
    email = UserManager.normalize(email)
    before = lock_count(email)
    LoginFailure.objects.create(email=email, ip=ip, network=network(ip))
    return before < settings.LOGIN_LOCK_FAILURES <= lock_count(email)


def clear_pair(email: str, ip: str | None) -> None:
    """After a success: this network may try this account freely again."""
    LoginFailure.objects.for_pair(UserManager.normalize(email), network(ip)).delete()


def lift(email: str) -> bool:
    """Lift the account's lock; True if it was locked.

    The failures still slow down the networks they came from.
    """
    email = UserManager.normalize(email)
    was_locked = is_locked(email)
    LoginFailure.objects.for_account(email).filter(lifted=False).update(lifted=True)
    UnlockLink.objects.filter(email=email, used_at=None).update(used_at=timezone.now())
    return was_locked


def clear_account(email: str) -> None:
    """After a password reset: earlier guesses no longer matter."""
    email = UserManager.normalize(email)
    LoginFailure.objects.for_account(email).delete()
    UnlockLink.objects.filter(email=email, used_at=None).update(used_at=timezone.now())


# Unlock links ---------------------------------------------------------------


def unlock_token(email: str) -> str:
    """A new single-use unlock link's token; only its digest is stored."""
    now = timezone.now()
    hours = settings.LOGIN_UNLOCK_LINK_HOURS
    UnlockLink.objects.filter(
        created__lt=now - timedelta(hours=hours, days=LINK_KEPT_DAYS)
    ).delete()
    token = secrets.token_urlsafe(32)
    UnlockLink.objects.create(
        email=UserManager.normalize(email), digest=UnlockLink.digest_of(token), created=now
    )
    return token


def unlock_link(token: str) -> tuple[str, UnlockLink | None]:
    """The link of `token` and its state: "valid", "used", "expired" or "unknown"."""
    link = UnlockLink.objects.filter(digest=UnlockLink.digest_of(token)).first()
    if link is None:
        return "unknown", None
    if link.used_at is not None:
        return "used", link
    if link.created < timezone.now() - timedelta(hours=settings.LOGIN_UNLOCK_LINK_HOURS):
        return "expired", link
    return "valid", link


def use_unlock_link(link: UnlockLink) -> bool:
    """Mark the link used; False if another request used it first."""
    used = UnlockLink.objects.filter(pk=link.pk, used_at=None).update(used_at=timezone.now())
    return used == 1


# Browsers where an account has signed in ------------------------------------


def _account_tag(email: str) -> str:
    return salted_hmac(DEVICE_SALT, UserManager.normalize(email)).hexdigest()[:20]


def _device_tags(request: HttpRequest) -> list[str]:
    raw = request.COOKIES.get(DEVICE_COOKIE)
    if not raw:
        return []
    try:
        tags = signing.loads(raw, salt=DEVICE_SALT, max_age=timedelta(days=DEVICE_DAYS))
    except signing.BadSignature:
        return []
    return [t for t in tags if isinstance(t, str)] if isinstance(tags, list) else []


def is_trusted(request: HttpRequest, email: str) -> bool:
    """Has this account already signed in from this browser?"""
    return _account_tag(email) in _device_tags(request)


def remember_device(request: HttpRequest, response: HttpResponse, email: str) -> None:
    """After a sign-in: this browser is one of the account's usual ones."""
    tag = _account_tag(email)
    tags = [tag, *(t for t in _device_tags(request) if t != tag)][:DEVICE_ACCOUNTS]
    response.set_cookie(
        DEVICE_COOKIE,
        signing.dumps(tags, salt=DEVICE_SALT),
        max_age=DEVICE_DAYS * 24 * 60 * 60,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )
