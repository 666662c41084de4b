"""Bounces: delivery status notifications read from files.

A standard notification is a multipart/report (RFC 3464): a
message/delivery-status part gives, per recipient, its address and a status
code (5.x.x permanent, 4.x.x temporary), and the returned message or its
headers carry the Message-ID the letter was sent with. Common non-standard
bounces (a plain text naming the failed address and the server's answer) are
read too, when they give a status code and an address or a Message-ID.

A subscriber is marked in failure after one permanent failure, or after
TEMPORARY_LIMIT temporary ones (counted once per letter).
"""

from __future__ import annotations

import email
import re
from dataclasses import dataclass
from email import policy
from email.message import Message

from django.db import transaction
from django.utils import timezone

from hygie.newsletter import tokens
from hygie.newsletter.models import Delivery, Subscriber

TEMPORARY_LIMIT = 3
STATUS = re.compile(r"\b([245])\.(\d{1,3})\.(\d{1,3})\b")
MESSAGE_ID = re.compile(r"^\s*Message-ID:\s*(<[^>\s]+>)", re.IGNORECASE | re.MULTILINE)
ADDRESS = re.compile(r"<?([A-Za-z0-9._%+'-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,})>?")
FAILED_LINE = re.compile(
    r"(?:Final-Recipient|Original-Recipient|X-Failed-Recipients)\s*:\s*(?:rfc822\s*;)?\s*(\S+)",
    re.IGNORECASE,
)


class BounceError(ValueError):
    """A file that is not a readable delivery status notification (French)."""


@dataclass(frozen=True)
class Bounce:
    recipient: str
    status: str  # "5.1.1"
    message_id: str

    @property
    def permanent(self) -> bool:
        return self.status.startswith("5")

    @property
    def temporary(self) -> bool:
        return self.status.startswith("4")


def _text(part: Message) -> str:
    payload = part.get_payload(decode=True)
    if payload is None:
        payload = part.as_bytes() if part.is_multipart() else str(part.get_payload()).encode()
    try:
        return payload.decode(part.get_content_charset() or "utf-8", errors="replace")
    except LookupError:  # a charset Python does not know: read what is readable
        return payload.decode("utf-8", errors="replace")


def _returned_id(message: Message) -> str:
    for part in message.walk():
        kind = part.get_content_type()
        if kind == "message/rfc822":
            inner = part.get_payload()
            inner = inner[0] if isinstance(inner, list) and inner else inner
            if isinstance(inner, Message) and inner.get("Message-ID"):
                return str(inner["Message-ID"]).strip()
        if kind in ("text/rfc822-headers", "message/rfc822-headers"):
            found = MESSAGE_ID.search(_text(part))
            if found:
                return found.group(1)
    return ""


def _address(value: str) -> str:
    found = ADDRESS.search(value or "")
    return tokens.normalized(found.group(1)) if found else ""


def _standard(message: Message) -> list[Bounce]:
    report = next(
        (p for p in message.walk() if p.get_content_type() == "message/delivery-status"), None
    )
    if report is None:
        raise BounceError("le rapport (partie message/delivery-status) est absent")
    blocks = report.get_payload()
    if not isinstance(blocks, list) or len(blocks) < 2:
        raise BounceError("le rapport ne nomme aucun destinataire")
    message_id = _returned_id(message)
    found = []
    for block in blocks[1:]:
        recipient = _address(str(block.get("Final-Recipient", "") or ""))
        if not recipient:
            recipient = _address(str(block.get("Original-Recipient", "") or ""))
        status = STATUS.search(str(block.get("Status", "") or ""))
        if not recipient or status is None:
            raise BounceError("un destinataire du rapport n'a pas d'adresse ou de code d'état")
        found.append(Bounce(recipient, ".".join(status.groups()), message_id))
    return found


def _plain(message: Message) -> list[Bounce]:
    text = "\n".join(
        _text(p)
        for p in message.walk()
        if not p.is_multipart() and p.get_content_maintype() in ("text", "message")
    )
    status = STATUS.search(text)
    message_id = _returned_id(message) or next(
        (m for m in MESSAGE_ID.findall(text) if m != str(message.get("Message-ID", ""))), ""
    )
    recipient = _address(str(message.get("X-Failed-Recipients", "") or ""))
    if not recipient and (line := FAILED_LINE.search(text)):
        recipient = _address(line.group(1))
    if status is None or not (recipient or message_id):
        raise BounceError(
            "ce n'est pas un avis de non-remise lisible (ni rapport normalisé, "
            "ni code d'état avec l'adresse en échec)"
        )
    return [Bounce(recipient, ".".join(status.groups()), message_id)]


def parse(raw: bytes) -> list[Bounce]:
    """The failures a notification reports (successes and delays are kept,
    their status says which)."""
    if not raw.strip():
        raise BounceError("le fichier est vide")
    message = email.message_from_bytes(raw, policy=policy.compat32)
    if not message.keys():
        raise BounceError("ce n'est pas un e-mail (aucun en-tête)")
    # A report, or a report forwarded as an attachment (message/rfc822).
    if any(p.get_content_type() == "multipart/report" for p in message.walk()):
        return _standard(message)
    return _plain(message)


def _deliveries_of(bounce: Bounce) -> list[Delivery]:
    # No Message-ID we send holds a NUL; PostgreSQL refuses one in a query.
    if not bounce.message_id or "\x00" in bounce.message_id:
        return []
    return list(Delivery.objects.select_related("subscriber").filter(message_id=bounce.message_id))


def _subscribers_of(bounce: Bounce) -> list[Subscriber]:
    if not bounce.recipient:
        return []
    return list(Subscriber.objects.filter(email_digest=tokens.address_digest(bounce.recipient)))


@transaction.atomic
def apply(bounces: list[Bounce]) -> dict[str, int]:
    """Record the bounces; return what they did: bounced (subscribers marked
    in failure), temporary (temporary failures counted), unknown (not found)."""
    outcome = {"bounced": 0, "temporary": 0, "unknown": 0}
    now = timezone.now()
    for bounce in bounces:
        if not (bounce.permanent or bounce.temporary):
            continue
        deliveries = _deliveries_of(bounce)
        subscribers = [d.subscriber for d in deliveries if d.subscriber] or _subscribers_of(bounce)
        if not subscribers:
            outcome["unknown"] += 1
            continue
        kind = "permanent" if bounce.permanent else "temporary"
        for delivery in deliveries:
            if delivery.bounced == kind:
                # The same notification read twice counts once.
                subscribers = [s for s in subscribers if s.pk != delivery.subscriber_id]
            Delivery.objects.filter(pk=delivery.pk).update(bounced=kind)
        for subscriber in subscribers:
            if subscriber.status in (Subscriber.Status.UNSUBSCRIBED, Subscriber.Status.BOUNCED):
                continue
            failures = subscriber.temporary_failures + (1 if bounce.temporary else 0)
            if bounce.permanent or failures >= TEMPORARY_LIMIT:
                Subscriber.objects.filter(pk=subscriber.pk).update(
                    status=Subscriber.Status.BOUNCED, bounced_at=now, temporary_failures=failures
                )
                outcome["bounced"] += 1
            else:
                Subscriber.objects.filter(pk=subscriber.pk).update(temporary_failures=failures)
                outcome["temporary"] += 1
    return outcome
