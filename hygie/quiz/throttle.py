"""Slow down guessing a game's PIN, without holding up a classroom.

Only wrong PINs count, per network (an IPv4 address, or an IPv6 /64): a
class of 300 phones behind one school address typing the right PIN never
adds to it. Beyond QUIZ_PIN_FREE_FAILURES wrong PINs in QUIZ_PIN_WINDOW_MINUTES,
each further PIN from that network waits 1 s, 2 s, 4 s… after the previous
wrong one, up to QUIZ_PIN_MAX_DELAY_SECONDS. While it waits, the right PIN is
refused too: answering it would tell a guesser which PINs exist.

The counts live in the cache: the process's own with one worker, Redis with
several (which the cyberquiz needs then anyway, for its channel layer).
"""

from __future__ import annotations

import math
import time

from django.conf import settings
from django.core.cache import cache

from hygie.lib.throttling import delay, network, take_turn, wait_text


def _now() -> float:
    return time.time()


def _keys(ip: str | None) -> tuple[str, str]:
    net = network(ip) or "inconnu"
    return f"quiz-pin-failures:{net}", f"quiz-pin-until:{net}"


def _delay(failures: int) -> int:
    return delay(failures, settings.QUIZ_PIN_FREE_FAILURES, settings.QUIZ_PIN_MAX_DELAY_SECONDS)


def wait_seconds(ip: str | None) -> int:
    """0 if this network may try a PIN now, else the seconds it must still wait."""
    failures_key, until_key = _keys(ip)
    failures = cache.get(failures_key, 0)
    seconds = _delay(failures)
    if not seconds:
        return 0
    until = cache.get(until_key)
    if until is not None and until > _now():
        return math.ceil(until - _now())
    # Of the PINs sent at the same moment once the delay has passed, one is tried.
    if not take_turn(f"{failures_key}:{failures}", seconds):
        return seconds
    return 0


def record_wrong(ip: str | None) -> None:
    failures_key, until_key = _keys(ip)
    window = settings.QUIZ_PIN_WINDOW_MINUTES * 60
    cache.add(failures_key, 0, timeout=window)
    try:
        failures = cache.incr(failures_key)
    except ValueError:  # expired between the two calls
        cache.set(failures_key, 1, timeout=window)
        failures = 1
    if seconds := _delay(failures):
        cache.set(until_key, _now() + seconds, timeout=seconds)


def forget(ip: str | None) -> None:
    """Forget a network's wrong PINs."""
    cache.delete_many(_keys(ip))


def message(seconds: int) -> str:
    return (
        "Trop de codes erronés ont été saisis depuis votre connexion internet. "
        f"Patientez {wait_text(seconds)}, puis saisissez le code affiché à l'écran."
    )
