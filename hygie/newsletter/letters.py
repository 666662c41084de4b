"""Composing a letter (its blocks), rendering it as an e-mail, and queueing it."""

from __future__ import annotations

from email.utils import formataddr, make_msgid, parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from hygie.journal.actions import record
from hygie.lib import emails
from hygie.newsletter.blocks import shown_blocks
from hygie.newsletter.models import Block, Delivery, Issue, Subscriber

UNSUBSCRIBE_PLACEHOLDER = "apercu"


class NotADraft(Exception):
    """The letter was sent already: it cannot change any more."""


def create(region, *, subject: str, intro: str, actor, request=None) -> Issue:
    with transaction.atomic():
        issue = Issue.objects.create(region=region, subject=subject, intro=intro, created_by=actor)
        record(action="newsletter.drafted", org=region, actor=actor, obj=issue, request=request)
    return issue


def _draft(issue: Issue) -> Issue:
    """The letter, locked until the end of the transaction, if still a draft."""
    locked = Issue.objects.select_for_update().get(pk=issue.pk)
    if not locked.is_draft:
        raise NotADraft
    return locked


def edit(issue: Issue, *, subject: str, intro: str) -> None:
    with transaction.atomic():
        _draft(issue)
        Issue.objects.filter(pk=issue.pk).update(subject=subject, intro=intro)


def add_block(issue: Issue, kind: str, data: dict) -> Block:
    with transaction.atomic():
        _draft(issue)
        last = issue.blocks.aggregate(m=Max("position"))["m"]
        return Block.objects.create(
            issue=issue, kind=kind, data=data, position=0 if last is None else last + 1
        )


def save_block(block: Block, data: dict) -> None:
    with transaction.atomic():
        _draft(block.issue)
        Block.objects.filter(pk=block.pk).update(data=data)


def delete_block(block: Block) -> None:
    with transaction.atomic():
        _draft(block.issue)
        block.delete()


def move_block(block: Block, step: int) -> None:
    """Swap the block with its neighbour above (step -1) or below (+1)."""
    with transaction.atomic():
        _draft(block.issue)
        order = list(block.issue.blocks.order_by("position", "id"))
        i = next(n for n, b in enumerate(order) if b.pk == block.pk)
        j = i + step
        if not 0 <= j < len(order):
            return
        order[i], order[j] = order[j], order[i]
        for position, b in enumerate(order):
            if b.position != position:
                Block.objects.filter(pk=b.pk).update(position=position)


def new_message_id(kind: str) -> str:
    """A Message-ID at the domain of Hygie's sending address."""
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "hygie.invalid"
    return make_msgid(kind, domain)


def recipients(region):
    return Subscriber.objects.filter(region=region, status=Subscriber.Status.CONFIRMED)


def queue(issue: Issue, *, actor, request=None) -> int:
    """« Envoyer »: one delivery per confirmed subscriber, sent by the loop.

    Returns how many were queued. A letter is queued once: a second click
    finds it no longer a draft.
    """
    with transaction.atomic():
        locked = _draft(issue)
        ids = list(recipients(locked.region).values_list("id", flat=True))
        Delivery.objects.bulk_create(
            [
                Delivery(issue=locked, subscriber_id=pk, message_id=new_message_id("lettre"))
                for pk in ids
            ],
            batch_size=500,
        )
        now = timezone.now()
        Issue.objects.filter(pk=issue.pk).update(status=Issue.Status.SENDING, queued_at=now)
        record(
            action="newsletter.queued",
            org=locked.region,
            actor=actor,
            obj=locked,
            details={"Destinataires": len(ids)},
            request=request,
        )
    issue.refresh_from_db()
    return len(ids)


def resend_uncertain(issue: Issue, *, actor, request=None) -> int:
    """Queue again the deliveries whose sending is uncertain (the process
    died while sending them): they keep their Message-ID."""
    with transaction.atomic():
        n = issue.deliveries.filter(status=Delivery.Status.UNCERTAIN).update(
            status=Delivery.Status.QUEUED, claimed_at=None, claimed_by=""
        )
        if n:
            Issue.objects.filter(pk=issue.pk).update(status=Issue.Status.SENDING, finished_at=None)
            record(
                action="newsletter.resent",
                org=issue.region,
                actor=actor,
                obj=issue,
                details={"Envois relancés": n},
                request=request,
            )
    return n


def context(issue: Issue, *, unsubscribe_url: str, blocks: list | None = None) -> dict:
    """What the letter's templates show; `blocks`, the letter's shown_blocks
    when the caller has them already (a batch sends one letter to many)."""
    return {
        "issue": issue,
        "region": issue.region,
        "blocks": shown_blocks(issue) if blocks is None else blocks,
        "web_url": settings.SITE_URL + issue.web_url(),
        "unsubscribe_url": unsubscribe_url,
    }


def unsubscribe_url(token: str) -> str:
    return settings.SITE_URL + reverse("newsletter:unsubscribe", args=[token])


def render(
    issue: Issue, *, unsubscribe_url: str, blocks: list | None = None
) -> tuple[str, str, str]:
    """The letter's subject, text part and HTML part."""
    return emails.render(
        "newsletter_letter", context(issue, unsubscribe_url=unsubscribe_url, blocks=blocks)
    )


def sender(region) -> str:
    """The region's name, at Hygie's sending address."""
    return formataddr((region.name, parseaddr(settings.DEFAULT_FROM_EMAIL)[1]))


def message(
    issue: Issue,
    to: str,
    *,
    token: str,
    message_id: str,
    test: bool = False,
    blocks: list | None = None,
) -> EmailMultiAlternatives:
    """The e-mail of the letter to one recipient, with the one-click
    unsubscribe headers (RFC 2369, RFC 8058)."""
    url = unsubscribe_url(token)
    subject, text, html = render(issue, unsubscribe_url=url, blocks=blocks)
    if test:
        subject = f"[Essai] {subject}"
    mail = EmailMultiAlternatives(
        subject,
        text,
        sender(issue.region),
        [to],
        headers={
            "Message-ID": message_id,
            "List-Unsubscribe": f"<{url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "List-Id": f"{issue.region.name} <lettre.{issue.region.code.lower()}.hygie>",
            "Auto-Submitted": "auto-generated",
        },
    )
    mail.attach_alternative(html, "text/html")
    return mail


def send_test(issue: Issue, to: str) -> None:
    """The letter to the animateur, marked as a test; its unsubscribe link
    leads nowhere."""
    message(
        issue, to, token=UNSUBSCRIBE_PLACEHOLDER, message_id=new_message_id("essai"), test=True
    ).send()
