"""E-mails, each from a template triple: <name>-subject.txt, <name>-body.txt, <name>-body.html.

A message that cannot leave (mail server down or refusing) is logged, never
raised: the page that triggered it still answers. Messages a visitor can
trigger are capped per address and kind.
"""

from __future__ import annotations

import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string
from django.utils import timezone

log = logging.getLogger("hygie.emails")

CAP_PER_HOUR = 5

# The table that counts capped messages (kind, address, created): accounts'
# SentMail, plugged in by its AppConfig.ready(), lib importing no app.
_sent = None


def count_sent_in(model) -> None:
    """Count capped messages in `model`, which has the fields kind, address and created."""
    global _sent
    _sent = model


def render(name: str, ctx: dict) -> tuple[str, str, str]:
    """The subject (on one line), text body and HTML body of the triple `name`."""
    ctx = {**ctx, "site_url": settings.SITE_URL, "site_name": settings.SITE_NAME}
    subject = " ".join(render_to_string(f"emails/{name}-subject.txt", ctx).split())
    text = render_to_string(f"emails/{name}-body.txt", ctx)
    html = render_to_string(f"emails/{name}-body.html", ctx)
    return subject, text, html


def build(name: str, to: str, ctx: dict) -> EmailMultiAlternatives:
    subject, text, html = render(name, ctx)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [to])
    message.attach_alternative(html, "text/html")
    return message


def under_cap(name: str, to: str) -> bool:
    """Record the message unless CAP_PER_HOUR of its kind already went to the address."""
    if _sent is None:
        raise ImproperlyConfigured("No table counts the capped e-mails (emails.count_sent_in).")
    address = to.strip().lower()
    since = timezone.now() - timedelta(hours=1)
    if _sent.objects.filter(kind=name, address=address, created__gte=since).count() >= (
        CAP_PER_HOUR
    ):
        return False
    _sent.objects.create(kind=name, address=address)
    return True


def send(name: str, to: str, ctx: dict, *, capped: bool = False) -> bool:
    """Send one message; False if it was capped or could not leave (both logged)."""
    if capped and not under_cap(name, to):
        log.warning("E-mail %s vers %s non envoyé : plafond horaire atteint", name, to)
        return False
    try:
        build(name, to, ctx).send()
    except (OSError, smtplib.SMTPException):
        log.exception("E-mail %s vers %s non envoyé : serveur de messagerie injoignable", name, to)
        return False
    return True


def send_many(messages: list[EmailMultiAlternatives]) -> int:
    """Send several messages over one connection; return how many were sent.

    Errors are raised: the reminder loop decides what to retry.
    """
    if not messages:
        return 0
    with get_connection() as connection:
        return connection.send_messages(messages) or 0
