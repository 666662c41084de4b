"""Tokens sent by e-mail, kept as digests, and addresses kept as digests."""

from __future__ import annotations

import hashlib
import secrets

from django.utils.crypto import salted_hmac


def new_token() -> tuple[str, str]:
    """A fresh token and the digest to store (the token is only ever sent)."""
    token = secrets.token_urlsafe(24)
    return token, digest(token)


def digest(token: str) -> str:
    # 192 random bits: a plain hash cannot be reversed by trying tokens.
    return hashlib.sha256(token.encode()).hexdigest()


def normalized(address: str) -> str:
    return address.strip().lower()


def address_digest(address: str) -> str:
    """The keyed digest of an address: it recognises an address that comes
    back without keeping it, and cannot be reversed from the database alone."""
    return salted_hmac(
        "hygie.newsletter.address", normalized(address), algorithm="sha256"
    ).hexdigest()
