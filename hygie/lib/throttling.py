"""What the sign-in and game-PIN throttles share: networks, delays, turns.

Refused attempts are slowed down, never locked out for good (ANSSI's
password recommendations, R10): after a few free failures each further attempt
waits a delay that doubles, up to a ceiling.
"""

from __future__ import annotations

import ipaddress
import math

from django.core.cache import cache

from hygie.lib.french import count

# One household, one office or one phone gets a /64 of IPv6 addresses: counting
# each address apart would give one person 2^64 fresh budgets.
IPV6_PREFIX = 64


def network(ip: str | None) -> str:
    """The unit attempts are counted by: an IPv4 address, or an IPv6 /64."""
    if not ip:
        return ""
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return ip[:64]
    if address.version == 6:
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/{IPV6_PREFIX}", strict=False))
    return str(address)


def delay(failures: int, free: int, ceiling: int) -> int:
    """Seconds to wait after `failures` failures: none for the first `free`,
    then 1, 2, 4, 8… up to `ceiling`."""
    beyond = failures - free
    if beyond < 0:
        return 0
    if beyond >= ceiling.bit_length():
        return ceiling
    return min(2**beyond, ceiling)


def take_turn(key: str, seconds: int) -> bool:
    """True for the first caller in `seconds` to ask for `key`, across processes.

    The delay is computed from the stored failures; attempts sent all at once
    would all read the same failures before any is recorded. Only one of them
    gets the turn (an atomic add, in Redis or in the process's own cache).
    """
    return cache.add(f"throttle-turn:{key}", 1, timeout=max(1, seconds))


def count_in_window(key: str, seconds: int) -> int:
    """Count one more event under `key` and return the count so far, across
    processes; the window opens with the first event and lasts `seconds`."""
    cache.add(key, 0, timeout=seconds)
    try:
        return cache.incr(key)
    except ValueError:  # the window closed between the two calls
        cache.add(key, 1, timeout=seconds)
        return 1


def wait_text(seconds: float) -> str:
    """« 1 seconde », « 40 secondes », « 3 minutes »: rounded up, never 0."""
    seconds = max(1, math.ceil(seconds))
    if seconds < 60:
        return count(seconds, "seconde")
    return count(math.ceil(seconds / 60), "minute")
