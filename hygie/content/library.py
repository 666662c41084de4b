"""Reading the loaded content library from the rest of Hygie.

Content changes only when `hygie contenu charger` runs, so reads are cached
in each process for a minute; the loader clears the cache of its own process.
"""

from __future__ import annotations

import time
from typing import Any

from hygie.content.models import Item

CACHE_SECONDS = 60
_cache: dict[tuple, tuple[float, Any]] = {}


def _cached(key: tuple, compute):
    now = time.monotonic()
    hit = _cache.get(key)
    if hit is not None and now - hit[0] < CACHE_SECONDS:
        return hit[1]
    value = compute()
    _cache[key] = (now, value)
    return value


def clear_cache() -> None:
    _cache.clear()


def items(collection: str) -> list[dict[str, Any]]:
    def compute():
        rows = Item.objects.filter(collection__key=collection, retired=False).order_by("position")
        return [row.data for row in rows]

    return _cached(("items", collection), compute)


def get(collection: str, key: str) -> dict[str, Any] | None:
    def compute():
        row = Item.objects.filter(collection__key=collection, key=key).first()
        return row.data if row else None

    return _cached(("get", collection, key), compute)


# A source the library lacks (never shown: the loader refuses such a citation).
UNKNOWN_SOURCE_CHECK = "Texte à vérifier dans sa version officielle."


def cite(citations: list[dict[str, str]]) -> list[dict[str, Any]]:
    """Resolve an item's `source` list into displayable references.

    A source missing from the library is shown by its reference and, like a
    source whose text could not be checked, flagged as not verified; `check`
    says what its reader should check in it, and where.
    """
    resolved = []
    for c in citations:
        src = get("sources", c["ref"]) or {}
        verified = bool(src) and src.get("verified", True)
        resolved.append(
            {
                "ref": c["ref"],
                "title": src.get("title", c["ref"]),
                "publisher": src.get("publisher", ""),
                "url": src.get("url", ""),
                "detail": c.get("detail", ""),
                "verified": verified,
                "check": "" if verified else src.get("check", UNKNOWN_SOURCE_CHECK),
            }
        )
    return resolved
