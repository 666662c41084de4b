"""Recompute every chain of the journal and name the first broken link of each."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS

from hygie.journal.chain import GENESIS, HASHED_FIELDS, entry_hash
from hygie.journal.models import Chain, Entry


@dataclass(frozen=True)
class Break:
    chain: str
    seq: int
    entry_id: int | None
    problem: str

    def __str__(self) -> str:
        where = f"entrée n° {self.seq}" + (f" (id {self.entry_id})" if self.entry_id else "")
        return f"Chaîne « {self.chain} », {where} : {self.problem}"


@dataclass(frozen=True)
class Report:
    chains: int
    entries: int
    breaks: list[Break]

    @property
    def ok(self) -> bool:
        return not self.breaks


def verify_chain(
    key: str,
    head: Chain | None,
    *,
    using: str = DEFAULT_DB_ALIAS,
    journal_key: str | None = None,
) -> tuple[int, Break | None]:
    """Walk one chain in order; return (entries seen, first break or None).

    `using` and `journal_key` name another database and its key: a restored
    copy is checked before it replaces anything (backups)."""
    journal_key = journal_key or settings.JOURNAL_KEY
    prev_hash = GENESIS
    expected = 1
    seen = 0
    rows = (
        Entry.objects.using(using)
        .filter(chain=key)
        .order_by("seq")
        .values("id", "prev_hash", "hash", *HASHED_FIELDS)
        .iterator(chunk_size=2000)
    )
    for row in rows:
        seen += 1
        if row["seq"] != expected:
            return seen, Break(key, expected, None, "cette entrée manque (supprimée).")
        if row["prev_hash"] != prev_hash:
            return seen, Break(
                key, row["seq"], row["id"], "le lien avec l'entrée précédente est rompu."
            )
        if entry_hash(journal_key, prev_hash, row) != row["hash"]:
            return seen, Break(key, row["seq"], row["id"], "son contenu a été modifié.")
        prev_hash = row["hash"]
        expected += 1

    last = expected - 1
    if head is None:
        return seen, Break(key, last, None, "la tête de cette chaîne a disparu.")
    if head.last_seq < last:
        return seen, Break(
            key,
            head.last_seq + 1,
            None,
            f"la tête de cette chaîne a été modifiée : elle compte {head.last_seq} entrées, "
            f"il y en a {last}.",
        )
    if head.last_seq != last:
        return seen, Break(
            key,
            last + 1,
            None,
            f"la chaîne devrait compter {head.last_seq} entrées, il n'y en a que {last} "
            "(entrées de fin supprimées).",
        )
    if head.last_hash != prev_hash:
        return seen, Break(key, last, None, "la dernière entrée ne correspond pas à la tête.")
    return seen, None


def verify(
    chains: list[str] | None = None,
    *,
    using: str = DEFAULT_DB_ALIAS,
    journal_key: str | None = None,
) -> Report:
    heads = {c.key: c for c in Chain.objects.using(using)}
    keys = set(heads) | set(Entry.objects.using(using).values_list("chain", flat=True).distinct())
    if chains is not None:
        keys &= set(chains)
    breaks = []
    total = 0
    for key in sorted(keys):
        seen, problem = verify_chain(key, heads.get(key), using=using, journal_key=journal_key)
        total += seen
        if problem:
            breaks.append(problem)
    return Report(chains=len(keys), entries=total, breaks=breaks)


# Records whose content is copied into the journal register a check here
# (from their app's ready()): called with an organisation, or None for all, it
# compares the records with their journal copy and returns a French
# description of each difference.
COPY_CHECKS: list = []


def copy_differences(org=None) -> list[str]:
    found: list[str] = []
    for check in COPY_CHECKS:
        found.extend(check(org))
    return found
