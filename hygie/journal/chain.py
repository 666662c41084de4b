"""The journal's chaining: each entry's hash covers its content and the previous hash.

Pure functions, no Django import. The hash is an HMAC-SHA256 under the
journal key, so that someone able to write to the database but without the
key cannot rewrite an entry and recompute the chain after it.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import UTC, datetime
from typing import Any

GENESIS = "0" * 64

HASHED_FIELDS = (
    "chain",
    "seq",
    "time",
    "org_id",
    "org_label",
    "actor_id",
    "actor_label",
    "action",
    "object_type",
    "object_id",
    "object_label",
    "details",
    "ip",
)


def canonical(fields: dict[str, Any]) -> bytes:
    """A stable byte form of an entry's fields, independent of the database."""
    values = {name: fields[name] for name in HASHED_FIELDS}
    time = values["time"]
    if isinstance(time, datetime):
        values["time"] = time.astimezone(UTC).isoformat()
    return json.dumps(values, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def entry_hash(key: str, prev_hash: str, fields: dict[str, Any]) -> str:
    message = prev_hash.encode() + b"\n" + canonical(fields)
    return hmac.new(key.encode(), message, hashlib.sha256).hexdigest()
