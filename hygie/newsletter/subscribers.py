"""Subscribing (double opt-in), confirming, unsubscribing, removing."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from hygie.journal.actions import record
from hygie.lib import emails
from hygie.newsletter import tokens
from hygie.newsletter.models import Delivery, Subscriber

CONFIRM_DAYS = 7
# A pending address never confirmed is forgotten after this many days.
PENDING_KEEP_DAYS = 30
S = Subscriber.Status


def request_subscription(region, address: str, *, by_animateur: bool = False) -> str:
    """Ask `address` to confirm its subscription to the region's letter.

    Returns what happened: "sent" (a confirmation e-mail left, or was capped),
    "confirmed" (already subscribed: nothing sent), "refused" (it unsubscribed
    and the animateur may not subscribe it again). The public page answers
    the same whatever this returns.
    """
    address = tokens.normalized(address)
    key = tokens.address_digest(address)
    now = timezone.now()
    with transaction.atomic():
        subscriber, _ = Subscriber.objects.select_for_update().get_or_create(
            region=region,
            email_digest=key,
            defaults={"email": address, "added_by_animateur": by_animateur},
        )
        if subscriber.status == S.CONFIRMED:
            return "confirmed"
        if subscriber.status == S.UNSUBSCRIBED and by_animateur:
            return "refused"
        token, digest = tokens.new_token()
        subscriber.email = address
        subscriber.status = S.PENDING
        subscriber.confirm_digest = digest
        subscriber.confirm_sent_at = now
        subscriber.temporary_failures = 0
        subscriber.unsubscribed_at = None
        subscriber.bounced_at = None
        subscriber.save()
    url = settings.SITE_URL + reverse("newsletter:confirm", args=[token])
    emails.send(
        "newsletter_confirm",
        address,
        {"region": region, "confirm_url": url, "days": CONFIRM_DAYS},
        capped=True,
    )
    return "sent"


def confirm(token: str) -> Subscriber | None:
    """Confirm the subscription the token was sent for; None if it is unknown
    or expired."""
    since = timezone.now() - timedelta(days=CONFIRM_DAYS)
    with transaction.atomic():
        subscriber = (
            Subscriber.objects.select_for_update()
            .select_related("region")
            .filter(confirm_digest=tokens.digest(token), confirm_sent_at__gte=since)
            .first()
        )
        if subscriber is None:
            return None
        subscriber.status = S.CONFIRMED
        subscriber.confirmed_at = timezone.now()
        subscriber.confirm_digest = ""
        subscriber.save(update_fields=["status", "confirmed_at", "confirm_digest"])
    return subscriber


def delivery_for_token(token: str) -> Delivery | None:
    """The delivery whose letter carried the token, in its current or its
    previous attempt (both digests belong to the one delivery)."""
    digest = tokens.digest(token)
    return (
        Delivery.objects.select_related("subscriber", "issue__region")
        .filter(Q(token_digest=digest) | Q(former_token_digest=digest))
        .first()
    )


def _cancel_queued(subscriber: Subscriber) -> None:
    """What was still to be sent to the address is cancelled, and shown so."""
    Delivery.objects.filter(subscriber=subscriber, status=Delivery.Status.QUEUED).update(
        status=Delivery.Status.SKIPPED
    )


def forget(subscriber: Subscriber, *, now=None) -> None:
    """Unsubscribe: keep the address's keyed digest only, so that the choice
    is honoured, and cancel what was still to be sent to it."""
    with transaction.atomic():
        Subscriber.objects.filter(pk=subscriber.pk).update(
            status=S.UNSUBSCRIBED,
            email="",
            confirm_digest="",
            unsubscribed_at=now or timezone.now(),
        )
        _cancel_queued(subscriber)


def unsubscribe(token: str) -> Subscriber | None:
    """Unsubscribe the recipient of the letter that carried the token (it
    works again and again: a second click changes nothing)."""
    delivery = delivery_for_token(token)
    if delivery is None or delivery.subscriber is None:
        return None
    if delivery.subscriber.status != S.UNSUBSCRIBED:
        forget(delivery.subscriber)
    return delivery.subscriber


def parse_addresses(text: str) -> tuple[list[str], list[str]]:
    """The valid addresses of a pasted list (one per line, or separated by
    commas, semicolons or spaces), without duplicates, and the invalid ones."""
    valid: list[str] = []
    invalid: list[str] = []
    for word in text.replace(",", " ").replace(";", " ").split():
        word = tokens.normalized(word.strip("<>\"'"))
        try:
            validate_email(word)
        except ValidationError:
            invalid.append(word)
            continue
        if word not in valid:
            valid.append(word)
    return valid, invalid


def add_by_animateur(region, addresses: list[str], *, actor, request=None) -> dict[str, int]:
    """Send each address the confirmation e-mail: none is subscribed without it."""
    outcome = {"sent": 0, "confirmed": 0, "refused": 0}
    for address in addresses:
        outcome[request_subscription(region, address, by_animateur=True)] += 1
    record(
        action="newsletter.subscribers_added",
        org=region,
        actor=actor,
        details={"Adresses invitées à confirmer": outcome["sent"]},
        request=request,
    )
    return outcome


def remove(subscriber: Subscriber, *, actor, request=None) -> None:
    """The animateur removes an address: it is forgotten entirely."""
    with transaction.atomic():
        _cancel_queued(subscriber)
        record(
            action="newsletter.subscriber_removed",
            org=subscriber.region,
            actor=actor,
            request=request,
        )
        subscriber.delete()


def forget_unconfirmed(now) -> int:
    """Housekeeping: addresses never confirmed are not kept."""
    deleted, _ = Subscriber.objects.filter(
        status=S.PENDING, created__lt=now - timedelta(days=PENDING_KEEP_DAYS), confirmed_at=None
    ).delete()
    return deleted
