"""E-mails, each from a template triple: <name>-subject.txt, <name>-body.txt, <name>-body.html."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string


def build(name: str, to: str, ctx: dict) -> EmailMultiAlternatives:
    ctx = {"site_url": settings.SITE_URL, "site_name": settings.SITE_NAME, **ctx}
    subject = " ".join(render_to_string(f"emails/{name}-subject.txt", ctx).split())
    text = render_to_string(f"emails/{name}-body.txt", ctx)
    html = render_to_string(f"emails/{name}-body.html", ctx)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [to])
    message.attach_alternative(html, "text/html")
    return message


def send(name: str, to: str, ctx: dict) -> None:
    build(name, to, ctx).send()


def send_many(messages: list[EmailMultiAlternatives]) -> int:
    """Send several messages over one connection; return how many were sent."""
    if not messages:
        return 0
    with get_connection() as connection:
        return connection.send_messages(messages) or 0
