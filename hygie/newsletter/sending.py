"""The loop's part: send the queued deliveries, a batch per pass, each once.

1. A claim left by a process that died (older than CLAIM_TIMEOUT, far beyond
   the time one message takes) becomes « incertaine »: the server may have
   accepted the message before the process died. It is not sent again
   blindly; the animateur may send those again (same Message-ID).
2. Each delivery is claimed with an atomic UPDATE … WHERE status = queued
   right before its message is sent: several loops at once never send one
   twice.
3. `sent_at` is recorded right after the server accepted the message, one
   message at a time: a crash leaves at most the message in flight uncertain.
"""

from __future__ import annotations

import logging
import os
import smtplib
import socket
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.db.models import F, Q
from django.utils import timezone

from hygie.newsletter import letters, tokens
from hygie.newsletter.blocks import shown_blocks
from hygie.newsletter.models import Delivery, Issue, Subscriber

log = logging.getLogger("hygie.newsletter")
CLAIM_TIMEOUT = timedelta(minutes=15)
D = Delivery.Status

# Refusals that concern the recipient only: the delivery failed, the batch goes on.
RECIPIENT_ERRORS = (smtplib.SMTPRecipientsRefused,)


def worker() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:100]


def mark_uncertain(now: datetime) -> int:
    return Delivery.objects.filter(status=D.SENDING, claimed_at__lt=now - CLAIM_TIMEOUT).update(
        status=D.UNCERTAIN
    )


def claim(delivery_id: int) -> tuple[Delivery, str] | None:
    """Take one queued delivery for this process; None if another took it."""
    token, digest = tokens.new_token()
    taken = Delivery.objects.filter(pk=delivery_id, status=D.QUEUED).update(
        status=D.SENDING,
        claimed_at=timezone.now(),
        claimed_by=worker(),
        attempts=F("attempts") + 1,
        # The previous attempt's link keeps working, should it have arrived.
        former_token_digest=F("token_digest"),
        token_digest=digest,
    )
    if not taken:
        return None
    delivery = Delivery.objects.select_related("issue__region", "subscriber").get(pk=delivery_id)
    return delivery, token


def send_batch(now: datetime, size: int | None = None) -> int:
    """Send up to `size` queued deliveries (NEWSLETTER_BATCH_SIZE) over one
    connection; return how many the server accepted."""
    size = size or settings.NEWSLETTER_BATCH_SIZE
    mark_uncertain(now)
    ids = list(
        Delivery.objects.filter(status=D.QUEUED).order_by("id").values_list("id", flat=True)[:size]
    )
    sent = 0
    connection = None
    # The blocks of each letter, resolved once per batch rather than per recipient.
    blocks: dict[int, list] = {}
    try:
        for delivery_id in ids:
            claimed = claim(delivery_id)
            if claimed is None:
                continue
            delivery, token = claimed
            subscriber = delivery.subscriber
            if subscriber is None or subscriber.status != Subscriber.Status.CONFIRMED:
                Delivery.objects.filter(pk=delivery.pk).update(status=D.SKIPPED)
                continue
            if delivery.issue_id not in blocks:
                blocks[delivery.issue_id] = shown_blocks(delivery.issue)
            mail = letters.message(
                delivery.issue,
                subscriber.email,
                token=token,
                message_id=delivery.message_id,
                blocks=blocks[delivery.issue_id],
            )
            if connection is None:
                connection = get_connection()
                connection.open()
            try:
                connection.send_messages([mail])
            except RECIPIENT_ERRORS as error:
                Delivery.objects.filter(pk=delivery.pk).update(
                    status=D.FAILED, error=str(error)[:300]
                )
                continue
            except (OSError, smtplib.SMTPException):
                # Not accepted: queued again, tried at a later pass.
                Delivery.objects.filter(pk=delivery.pk).update(status=D.QUEUED, claimed_at=None)
                log.exception("Lettre d'information : serveur de messagerie injoignable")
                break
            sent += 1
            if settings.NEWSLETTER_EXIT_AFTER and sent == settings.NEWSLETTER_EXIT_AFTER:
                # The crash test's death, between acceptance and record.
                os._exit(70)
            Delivery.objects.filter(pk=delivery.pk).update(status=D.SENT, sent_at=timezone.now())
    finally:
        if connection is not None:
            connection.close()
    finish_letters()
    return sent


def finish_letters() -> None:
    """A letter with nothing left to send (queued or in flight) is sent."""
    busy = Delivery.objects.filter(Q(status=D.QUEUED) | Q(status=D.SENDING)).values("issue_id")
    Issue.objects.filter(status=Issue.Status.SENDING).exclude(pk__in=busy).update(
        status=Issue.Status.SENT, finished_at=timezone.now()
    )
