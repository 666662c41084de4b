"""The cards on passwords: managers, MFA, PIN codes, locking the session…
from the content library, each with its sources."""

from __future__ import annotations


def all_cards() -> list:
    """The cards in reading order (slug, title, summary…)."""
    return []
