"""Fellegi-Sunter scoring of compared pairs, the rules that override it, and groups.

Each pair is compared trait by trait (sql.COMPARISONS: surname, first names, birth
date, sex, birthplace, NIR), each comparison giving a level. For each level:
- u = P(level | two different people), measured on pseudo-random pairs of the file
  itself (almost all of which are different people);
- m = P(level | one person), set from the domain (M_PRIOR: how often each French
  error pattern touches each trait in files of practices and hospitals). EM over the
  candidate pairs was tried and rejected: blocking on the birth date makes every
  pair in a block agree on it, EM then takes « same date, same first name » for the
  signature of a match and learns that a different surname or birthplace costs
  almost nothing — the failure that makes twins and namesakes look like doublons.
A pair's match weight is the sum of log2(m/u) over its known levels (a missing trait
weighs nothing), plus the prior log2(λ/(1-λ)) where λ is the probability that two
records drawn at random from the file are one person (see fit).

Then rules, because some mistakes are worse than others:
- one NIR on two records whose first names, birth dates or sexes disagree beyond a
  typo is a collision, never a doublon;
- different first names (not a typo, not a truncation, not a hyphenation) are two
  people — twins, siblings — however much else agrees;
- different sexes with non-identical first names, and two different NIRs, likewise.
Groups are the transitive closure of doublon pairs, built from the most probable
pair down, never joining two records that a collision, a twin pair or two different
NIRs keep apart.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from hygie.identity.audit.sql import COMPARISONS

NAMES = tuple(COMPARISONS)

# m, the probability of each level for one person recorded twice (index = level).
# Level 0 ("missing") is never scored.
M_PRIOR = {
    "nom": (0.0, 0.01, 0.05, 0.03, 0.06, 0.85),
    "prenom": (0.0, 0.01, 0.05, 0.09, 0.85),
    "date": (0.0, 0.01, 0.03, 0.03, 0.02, 0.91),
    "sexe": (0.0, 0.005, 0.995),
    "lieu": (0.0, 0.02, 0.03, 0.95),
    "nir": (0.0, 0.005, 0.005, 0.99),
}
SURE_RECALL = 0.7
FLOOR = 1e-6
THRESHOLD = 0.95  # probability from which a pair is proposed as a doublon

# Level values used by the rules.
PRENOM_DIFFERENT = 1
PRENOM_IDENTICAL = 4
DATE_DIFFERENT = 1
SEXE_DIFFERENT = 1
NIR_DIFFERENT = 1
NIR_SAME = 3
NOM_IDENTICAL = 5


class Model:
    def __init__(self, m: dict, u: dict, lam: float):
        self.m, self.u, self.lam = m, u, lam
        self.weights = {
            name: tuple(
                0.0
                if level == 0
                else math.log2(max(m[name][level], FLOOR) / max(u[name][level], FLOOR))
                for level in range(len(COMPARISONS[name]))
            )
            for name in NAMES
        }
        self.prior = math.log2(lam / (1 - lam))

    def weight(self, levels: tuple[int, ...], skip: str | None = None) -> float:
        return sum(
            self.weights[name][level]
            for name, level in zip(NAMES, levels, strict=True)
            if name != skip
        )

    def probability(self, levels: tuple[int, ...], skip: str | None = None) -> float:
        w = self.prior + self.weight(levels, skip)
        if w > 60:
            return 1.0
        if w < -60:
            return 0.0
        return 1 - 1 / (1 + 2**w)

    def describe(self) -> dict:
        return {
            "lambda": self.lam,
            "m": {k: list(v) for k, v in self.m.items()},
            "u": {k: list(v) for k, v in self.u.items()},
            "poids": {k: [round(w, 3) for w in v] for k, v in self.weights.items()},
        }


def u_from_sample(counts: Iterable[tuple]) -> dict:
    """u per comparison and level from (levels..., n) rows of the random sample."""
    totals = {name: [0] * len(COMPARISONS[name]) for name in NAMES}
    for row in counts:
        *levels, n = row
        for name, level in zip(NAMES, levels, strict=True):
            totals[name][level] += n
    u = {}
    for name in NAMES:
        known = sum(totals[name][1:]) or 1
        u[name] = tuple(
            0.0 if level == 0 else max(totals[name][level], 0.5) / known
            for level in range(len(COMPARISONS[name]))
        )
    return u


def fit(pattern_counts: list[tuple], u: dict, records: int) -> Model:
    """The model for this file: m from the domain, u measured, λ from sure pairs.

    λ is the probability that two records drawn at random are one person: the
    number of candidate pairs that agree on everything that matters (or share a
    NIR), over the number of pairs in the file, divided by the share of true pairs
    such a rule finds (SURE_RECALL).
    """
    sure = 0
    for row in pattern_counts:
        lv = dict(zip(NAMES, row[:-1], strict=True))
        if lv["nir"] == NIR_SAME or (lv["nom"] >= 4 and lv["prenom"] >= 3 and lv["date"] >= 4):
            sure += row[-1]
    all_pairs = max(records * (records - 1) / 2, 1)
    lam = min(max(sure / SURE_RECALL, 1) / all_pairs, 0.5)
    return Model(dict(M_PRIOR), u, lam)


def classify(levels: tuple[int, ...], model: Model) -> tuple[str | None, float, bool]:
    """(kind 'doublon' | 'collision' | None, probability, keep_apart)."""
    lv = dict(zip(NAMES, levels, strict=True))
    if lv["nir"] == NIR_SAME:
        if (
            lv["prenom"] == PRENOM_DIFFERENT
            or lv["date"] == DATE_DIFFERENT
            or lv["sexe"] == SEXE_DIFFERENT
        ):
            return "collision", 1 - model.probability(levels, skip="nir"), True
        p = model.probability(levels)
        return ("doublon" if p >= THRESHOLD else None), p, False
    if lv["prenom"] == PRENOM_DIFFERENT:
        return None, 0.0, True
    if lv["sexe"] == SEXE_DIFFERENT and lv["prenom"] != PRENOM_IDENTICAL:
        return None, 0.0, True
    if lv["nir"] == NIR_DIFFERENT:
        return None, 0.0, True
    p = model.probability(levels)
    return ("doublon" if p >= THRESHOLD else None), p, False


def confusable(lv: dict) -> bool:
    """Two people close enough that a chain of doublons could join them: same or
    crossed surname and a confusable birth date. Such pairs kept apart bound the
    groups; the others cannot meet in one group anyway."""
    return (lv["nom"] >= 3 and lv["date"] >= 3) or lv["nir"] == NIR_SAME


def homonym(lv: dict) -> bool:
    """Same surname, same first first name, same (or confusable) birth date."""
    return lv["nom"] == NOM_IDENTICAL and lv["prenom"] == PRENOM_IDENTICAL and lv["date"] >= 3


def groups(
    edges: list[tuple[int, int, float]], apart: Iterable[tuple[int, int]]
) -> list[list[int]]:
    """Groups of records joined by doublon edges, never across a pair kept apart."""
    parent: dict[int, int] = {}
    forbidden: dict[int, set[int]] = {}
    members: dict[int, set[int]] = {}

    def find(x: int) -> int:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in apart:
        forbidden.setdefault(a, set()).add(b)
        forbidden.setdefault(b, set()).add(a)
    for a, b, _p in sorted(edges, key=lambda e: (-e[2], e[0], e[1])):
        ra, rb = find(a), find(b)
        if ra == rb:
            continue
        ma = members.setdefault(ra, {ra})
        mb = members.setdefault(rb, {rb})
        if len(ma) > len(mb):
            ra, rb, ma, mb = rb, ra, mb, ma
        if any(forbidden.get(x, set()) & mb for x in ma):
            continue
        parent[ra] = rb
        mb |= ma
        del members[ra]
    out = [sorted(v) for v in members.values() if len(v) > 1]
    return sorted(out)
