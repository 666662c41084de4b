"""A player's rank as a phone says it: « 1er sur 42 », « 2e sur 42 », and how
far the one above is. Pure functions, no Django import.

A rank is the place of a player (« le joueur classé 1er »): the masculine
ordinal, « 1er », as the rest of the application writes « 1er janvier » and
« 1er quartile ». « 1re » would agree with a feminine noun (« 1re place »),
which the phone never writes. Never « 1e », nor « 2ème » or « 2nd ».
"""

from __future__ import annotations

from hygie.lib.french import count


def ordinal(n: int) -> str:
    """« 1er », then « 2e », « 3e », « 11e », « 21e », « 101e »."""
    if n < 1:
        raise ValueError(f"a rank starts at 1, not {n}")
    return "1er" if n == 1 else f"{n}e"


def rank_label(rank: int, players: int) -> str:
    """« 3e sur 42 »; « 1er sur 1 » for a player alone."""
    return f"{ordinal(rank)} sur {players}"


def gap_label(gap: int | None) -> str:
    """How far the player just ahead is: « En tête ! » at the top,
    « À 120 points du joueur devant vous » below (ties share a rank, so the
    one ahead is the next higher score, whatever its rank)."""
    if gap is None:
        return "En tête !"
    return f"À {count(gap, 'point')} du joueur devant vous"


def gaps(scores: dict[int, int]) -> dict[int, int | None]:
    """For each player (id → score), the points between its score and the
    next higher one (None for those at the top). Ties share a rank, so the
    one above is the next distinct score."""
    higher = sorted(set(scores.values()), reverse=True)
    above = {s: (higher[i - 1] if i else None) for i, s in enumerate(higher)}
    return {pid: (above[s] - s if above[s] is not None else None) for pid, s in scores.items()}
