"""What a backup plan lacks, against the seeds' rules. Pure functions, no Django.

Seeds 002, 003 and 004 ask for regular backups on dedicated media or with an
HDS-certified provider, kept disconnected, encrypted, duplicated in two
places, locked away, and restored for real from time to time. Each rule below
has an item of the same id in the content library (collection backup-rules):
its wording, why it matters, how to fix it, the diagnostic's measures it
serves and its sources. Here is only when it is broken.

The plan is given as plain values (`Copy`), one per copy of the plan; the
answer « je ne sais pas » counts as « non »: a protection nobody can vouch
for does not protect.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from hygie.law.days import add_months

YES = "oui"
SOFTWARE = "logiciel"
PRACTICE = "cabinet"
DISK = "disque"
# Media kept by someone else: its host must be certified HDS (CSP L1111-8).
HOSTED = frozenset({"prestataire", "editeur", "cloud"})
# Media one can lock away: in a safe or a locked cabinet (seed 004).
PHYSICAL = frozenset({DISK, "nas"})
# A backup less frequent than weekly leaves weeks of work to lose; the
# diagnostic's measure sauvegarde-reguliere counts a weekly one as good.
MAX_DAYS_BETWEEN = 7

# The rules, most serious first (the order the page shows them in).
EMPTY = "plan-vide"
NO_SOFTWARE = "logiciel-absent"
OFFLINE = "copie-deconnectee"
RESTORE = "restauration-testee"
TWO_PLACES = "deux-lieux"
ENCRYPTION = "chiffrement"
HDS = "hebergeur-hds"
FREQUENCY = "frequence"
LOCKED = "rangement-sous-cle"
RULES = (EMPTY, NO_SOFTWARE, OFFLINE, RESTORE, TWO_PLACES, ENCRYPTION, HDS, FREQUENCY, LOCKED)


@dataclass(frozen=True)
class Copy:
    """One copy of the plan, as the rules read it."""

    key: str
    data: frozenset[str]
    medium: str  # disque, nas, prestataire, editeur, cloud, autre
    place: str  # cabinet, domicile, prestataire, ailleurs
    every_days: int = 1
    encrypted: str = YES  # oui, non, nsp
    offline: str = YES
    locked: str = YES  # for a disk or a NAS; "" otherwise
    hds: str = ""  # for a hosted copy: oui, non, expire, inconnu
    restore_months: int = 3
    last_restored: date | None = None  # the last restore test that worked


@dataclass(frozen=True)
class Gap:
    """A rule the plan breaks; `copies` are the copies at fault (their keys),
    `data` the kinds of data it leaves exposed, each sorted."""

    rule: str
    copies: tuple[str, ...] = ()
    data: tuple[str, ...] = ()


def restore_due(copy: Copy) -> date | None:
    """When its next restore test is due; None if it never worked."""
    if copy.last_restored is None:
        return None
    return add_months(copy.last_restored, copy.restore_months)


def gaps(copies: Sequence[Copy], today: date) -> list[Gap]:
    """The rules the plan breaks, in the order of RULES."""
    if not copies:
        return [Gap(EMPTY)]
    kinds = sorted({d for c in copies for d in c.data})
    found: dict[str, Gap] = {}

    def at_fault(rule: str, test) -> None:
        keys = tuple(c.key for c in copies if test(c))
        if keys:
            found[rule] = Gap(rule, copies=keys)

    def exposed(rule: str, covered) -> None:
        """The kinds of data no copy covers in the way `covered` wants."""
        data = tuple(d for d in kinds if not covered([c for c in copies if d in c.data]))
        if data:
            found[rule] = Gap(rule, data=data)

    if SOFTWARE not in kinds:
        found[NO_SOFTWARE] = Gap(NO_SOFTWARE, data=(SOFTWARE,))
    exposed(OFFLINE, lambda cs: any(c.offline == YES for c in cs))
    at_fault(
        RESTORE,
        lambda c: c.last_restored is None or restore_due(c) < today,  # type: ignore[operator]
    )
    exposed(TWO_PLACES, lambda cs: len({c.place for c in cs}) >= 2)
    # A disk leaves the practice, or may be stolen from it; any copy outside
    # the practice travels or sits out of sight.
    at_fault(
        ENCRYPTION,
        lambda c: c.encrypted != YES and (c.medium == DISK or c.place != PRACTICE),
    )
    at_fault(HDS, lambda c: c.medium in HOSTED and c.hds != YES)
    at_fault(FREQUENCY, lambda c: c.every_days > MAX_DAYS_BETWEEN)
    at_fault(LOCKED, lambda c: c.medium in PHYSICAL and c.locked != YES)
    return [found[rule] for rule in RULES if rule in found]


def offline_answer(copies: Sequence[Copy]) -> str | None:
    """The diagnostic's answer to sauvegarde-deconnectee when the plan makes it
    evident: « oui » when every kind of data has a disconnected copy (the
    rule copie-deconnectee holds), « non » when no copy is ever disconnected;
    otherwise the person answers."""
    if not copies:
        return None
    kinds = {d for c in copies for d in c.data}
    if all(any(c.offline == YES for c in copies if d in c.data) for d in kinds):
        return "oui"
    if all(c.offline == "non" for c in copies):
        return "non"
    return None


def offsite_answer(copies: Sequence[Copy]) -> str | None:
    """The diagnostic's answer to sauvegarde-hors-cabinet when the plan makes
    it evident: « oui » with an encrypted copy outside the practice (at an
    HDS-certified host, if hosted), « non » when every copy is at the
    practice, « non_chiffree » when every copy outside it is unencrypted."""
    if not copies:
        return None
    outside = [c for c in copies if c.place != PRACTICE]
    if any(c.encrypted == YES and (c.medium not in HOSTED or c.hds == YES) for c in outside):
        return "oui"
    if not outside:
        return "non"
    if all(c.encrypted == "non" for c in outside):
        return "non_chiffree"
    return None


def hds_status(certified: str, until: date | None, today: date) -> str:
    """A host's HDS certification as the rules read it, from the register's
    processor: oui, non, inconnu, or expire when its certificate has ended."""
    if certified == YES and until is not None and until < today:
        return "expire"
    return certified or "inconnu"


def backup_every(every_days: int, automatic: bool) -> int:
    """Days between two échéances of a copy: its frequency; a scheduled backup
    runs by itself and is checked once a week at most often (the measure
    sauvegarde-reguliere: « vérifiez chaque semaine que la dernière
    sauvegarde a bien eu lieu »)."""
    return max(every_days, MAX_DAYS_BETWEEN) if automatic else every_days


def reminder_hours(every_days: int) -> tuple[int, ...]:
    """When to recall an échéance of a backup, in hours before it: a daily one
    only when it falls due (48 hours before it, it was not set yet), a weekly
    or rarer one the day before too."""
    return (48,) if every_days <= 1 else (24,)


# A restore test needs the provider or a free hour: recalled a week and a day before.
RESTORE_REMINDER_HOURS = (168, 24)
# A test that failed is tried again after the fix, within this many days.
RETRY_DAYS = 7
