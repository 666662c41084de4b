"""Sealed checkpoints (« sceaux ») of the journal's chains: a witness kept outside the database.

The chain alone detects an entry changed or removed by someone without the
journal key. It cannot detect the last entries removed with the chain's head
moved back (no key is needed for that), nor a rewrite by someone who holds
the key (on a single machine, whoever can read the data folder). A seal is one
line, the chain's head at a time — its number of entries and the last entry's
hash — signed with the journal key:

    HYGIE-SCEAU-1.org:12.42.20260504T100000Z.<hash of entry n° 42>.<signature>

It is e-mailed to the organisation's titulaire and référent, printed on every
export of the journal and written to the service's log: copies out of reach
of whoever can write the database. A later journal must still hold entry
n° 42 with that hash (each hash covers every entry before it): fewer entries is
a rewind, another hash a rewrite, even one re-signed with the key.

The copy kept in the database (Seal) only shows the last seal again: whoever
can rewrite the journal can delete it too, so the comparison that decides is
with a copy kept outside.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from hygie.journal.models import Chain, Entry, Seal
from hygie.lib import dates, emails
from hygie.lib.french import count

log = logging.getLogger("hygie.journal")

PREFIX = "HYGIE-SCEAU-1"
TIME_FORMAT = "%Y%m%dT%H%M%SZ"
# How often the reminder loop seals a chain that grew, and e-mails the seal.
SEAL_EVERY = timedelta(days=1)
SIGNATURE_CHARS = 32
_SEAL = re.compile(
    re.escape(PREFIX)
    + r"\.(org:\d{1,18}|instance)\.(\d{1,18})\.(\d{8}T\d{6}Z)\.([0-9a-f]{64})\.([0-9a-f]{32})",
    re.IGNORECASE,
)
# What a mail program or a PDF reader may insert in a long line.
_INVISIBLE = re.compile(r"[\s\u00ad\u200b\u2060\ufeff]+")

PERIODIC, REQUESTED, EXPORT = "periodic", "requested", "export"
E_MAILED = (PERIODIC, REQUESTED)


class SealError(ValueError):
    """A text that holds no usable seal; the message is French, for the person."""


def sign(payload: str) -> str:
    """The seal's signature: an HMAC-SHA256 under the journal key, apart from
    the entries' hashes by its prefix, cut to 128 bits to keep the line short."""
    message = f"{PREFIX}\n{payload}".encode()
    digest = hmac.new(settings.JOURNAL_KEY.encode(), message, hashlib.sha256).hexdigest()
    return digest[:SIGNATURE_CHARS]


@dataclass(frozen=True)
class SealText:
    chain: str
    seq: int
    head_hash: str
    time: datetime
    signature: str

    @classmethod
    def of(cls, seal: Seal) -> SealText:
        return cls(seal.chain, seal.seq, seal.head_hash, seal.time, seal.signature)

    @property
    def payload(self) -> str:
        moment = self.time.astimezone(UTC).strftime(TIME_FORMAT)
        return f"{self.chain}.{self.seq}.{moment}.{self.head_hash}"

    @property
    def text(self) -> str:
        return f"{PREFIX}.{self.payload}.{self.signature}"

    @property
    def genuine(self) -> bool:
        return hmac.compare_digest(sign(self.payload), self.signature)

    def said(self, tz: tzinfo | None = None) -> str:
        """« sceau du lundi 4 mai 2026 à 12:00 (42 entrées) »."""
        when = dates.long_datetime(self.time, tz or timezone.get_current_timezone())
        return f"sceau du {when} ({count(self.seq, 'entrée')})"


def parse(text: str) -> list[SealText]:
    """Every seal in a text: one pasted, a whole e-mail, an export.

    Spaces and line breaks inside a seal (a mail program wraps long lines) are
    ignored. A text with no seal, or with one cut or mistyped, is refused.
    """
    squeezed = _INVISIBLE.sub("", text or "")
    starts = squeezed.upper().count(PREFIX)
    if not starts:
        raise SealError(
            f"Aucun sceau trouvé : collez la ligne qui commence par « {PREFIX} », "
            "telle que l'e-mail la donne."
        )
    found = []
    for match in _SEAL.finditer(squeezed):
        chain, seq, moment, head_hash, signature = match.groups()
        try:
            time = datetime.strptime(moment.upper(), TIME_FORMAT).replace(tzinfo=UTC)
        except ValueError:
            continue
        found.append(SealText(chain.lower(), int(seq), head_hash.lower(), time, signature.lower()))
    if len(found) < starts:
        raise SealError(
            f"Un sceau est incomplet ou mal copié : recopiez toute la ligne qui commence par "
            f"« {PREFIX} », sans rien y changer."
        )
    return list(dict.fromkeys(found))


@dataclass(frozen=True)
class Comparison:
    seal: SealText
    # None when the journal still holds what the seal attests.
    problem: str | None

    @property
    def ok(self) -> bool:
        return self.problem is None


def compare(seal: SealText, tz: tzinfo | None = None) -> Comparison:
    """Whether the journal still holds the entry the seal attests, with its hash."""
    said = seal.said(tz)
    if not seal.genuine:
        return Comparison(
            seal,
            f"{said} refusé : sa signature ne correspond pas. Il a été modifié, ou il vient "
            "d'une autre installation d'Hygie.",
        )
    stored = Entry.objects.filter(chain=seal.chain, seq=seal.seq).values_list("hash", flat=True)
    digest = stored.first()
    if digest is None:
        left = Entry.objects.filter(chain=seal.chain).count()
        if left < seal.seq:
            return Comparison(
                seal,
                f"le {said} atteste {count(seal.seq, 'entrée')}, le journal n'en compte plus "
                f"que {left} : des entrées ont été effacées après ce sceau (retour en arrière).",
            )
        return Comparison(
            seal, f"l'entrée n° {seal.seq}, attestée par le {said}, a disparu du journal."
        )
    if digest != seal.head_hash:
        return Comparison(
            seal,
            f"l'entrée n° {seal.seq} ne correspond plus au {said} : le journal a été réécrit "
            "jusqu'à cette entrée au moins.",
        )
    return Comparison(seal, None)


def latest(chain: str) -> Seal | None:
    """The seal kept here that attests the most entries of the chain (the most
    recent of those): each hash covering every entry before it, it is the one
    that says most."""
    return Seal.objects.filter(chain=chain).order_by("-seq", "-time", "-id").first()


def seal(chain: str, reason: str, *, now: datetime | None = None) -> Seal | None:
    """Seal the chain's head as it stands (None for a chain with no entry),
    e-mail the seal to the organisation's titulaire and référent unless it is
    an export's, and write it to the log."""
    now = (now or timezone.now()).replace(microsecond=0)
    with transaction.atomic():
        head = Chain.objects.select_for_update().filter(key=chain).first()
        if reason == PERIODIC and not _due(head, now):
            return None
        if head is None or head.last_seq == 0:
            return None
        people = _recipients(chain) if reason in E_MAILED else []
        text = SealText(chain, head.last_seq, head.last_hash, now, "")
        made = Seal.objects.create(
            chain=chain,
            seq=head.last_seq,
            head_hash=head.last_hash,
            time=now,
            signature=sign(text.payload),
            recipients=[user.email for user in people],
            reason=reason,
        )
    log.info("Sceau du journal : %s", made.text)
    if people:
        transaction.on_commit(lambda: _send(made, people, capped=reason == REQUESTED))
    return made


def _due(head: Chain | None, now: datetime) -> bool:
    """A chain that grew since its last e-mailed seal, at least SEAL_EVERY ago."""
    if head is None:
        return False
    last = Seal.objects.filter(chain=head.key, reason__in=E_MAILED).order_by("-time", "-id").first()
    if last is None:
        return True
    return head.last_seq > last.seq and now - last.time >= SEAL_EVERY


def seal_due(now: datetime | None = None) -> int:
    """Seal each chain that grew since its last e-mailed seal, once per
    SEAL_EVERY (the reminder loop calls it); return how many were made.

    Before sealing, the last seal kept is compared with the chain: a journal
    rewound or rewritten since is logged as an error for whoever runs the
    instance.
    """
    made = 0
    for key in Chain.objects.filter(last_seq__gt=0).values_list("key", flat=True):
        if (last := latest(key)) is not None:
            found = compare(SealText.of(last), dates.PARIS)
            if not found.ok:
                log.error("Journal, chaîne « %s » : %s", key, found.problem)
        if seal(key, PERIODIC, now=now) is not None:
            made += 1
    return made


def org_id(chain: str) -> int | None:
    prefix, _, number = chain.partition(":")
    return int(number) if prefix == "org" and number.isascii() and number.isdigit() else None


def _recipients(chain: str) -> list:
    """The organisation's titulaires and référents, with a confirmed address."""
    from hygie.orgs.models import Membership
    from hygie.orgs.roles import Role

    if (org := org_id(chain)) is None:
        return []
    members = Membership.objects.filter(
        org_id=org,
        role__in=[Role.TITULAIRE, Role.REFERENT],
        user__is_active=True,
        user__email_confirmed_at__isnull=False,
    ).select_related("user")
    members = sorted(members, key=lambda m: (m.role != Role.TITULAIRE, m.user.full_name))
    return [m.user for m in members]


def _send(made: Seal, people: list, *, capped: bool) -> None:
    from hygie.orgs.models import Organisation

    org = Organisation.objects.get(pk=org_id(made.chain))
    sealed = SealText.of(made)
    with timezone.override(org.tzinfo()):
        context = {
            "org": org,
            "seal": sealed.text,
            "when": dates.named_datetime(made.time, org.tzinfo()),
            "entries": count(made.seq, "entrée"),
            "journal_url": settings.SITE_URL + reverse("journal:list", args=[org.code]),
        }
        for user in people:
            # A seal asked for from the page is capped like any message a
            # member can trigger; the daily ones always leave.
            emails.send("journal_seal", user.email, {**context, "user": user}, capped=capped)
