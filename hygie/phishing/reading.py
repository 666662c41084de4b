"""Reading a message into a `Message`: e-mail source, SMS text, bare link.

A first, minimal reading; limits, HTML, charsets, obfuscated links and
Outlook .msg files are read by the complete version.
"""

from __future__ import annotations

import email
import email.policy
import re
from email.utils import parseaddr

from hygie.phishing.analysis import EMAIL, LINK, SMS, Link, Message

URL_RE = re.compile(r"(?i)\b(?:https?://|www\.)[^\s<>\"']+")


class Unreadable(Exception):
    """The input cannot be read as a message at all; `message` says why, in French."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def links_in(text: str, found_in: str = "texte") -> list[Link]:
    return [Link(url=m.group(0), found_in=found_in, raw=m.group(0)) for m in URL_RE.finditer(text)]


def read_sms(text: str, *, sender: str = "", id: str = "") -> Message:
    return Message(channel=SMS, id=id, sender_name=sender, text=text, links=links_in(text))


def read_link(url: str, *, id: str = "") -> Message:
    url = url.strip()
    return Message(channel=LINK, id=id, text=url, links=[Link(url=url, raw=url)])


def read_email(raw: bytes, *, id: str = "") -> Message:
    parsed = email.message_from_bytes(raw, policy=email.policy.default)
    name, address = parseaddr(str(parsed.get("From", "")))
    body = parsed.get_body(preferencelist=("plain", "html"))
    text = body.get_content() if body is not None else ""
    headers: dict[str, list[str]] = {}
    for key, value in parsed.items():
        headers.setdefault(key.lower(), []).append(str(value))
    return Message(
        channel=EMAIL,
        id=id,
        sender_name=name,
        sender_address=address,
        reply_to=parseaddr(str(parsed.get("Reply-To", "")))[1],
        return_path=parseaddr(str(parsed.get("Return-Path", "")))[1],
        subject=str(parsed.get("Subject", "")),
        text=text,
        links=links_in(text),
        headers=headers,
    )


def read_file(name: str, data: bytes) -> Message:
    """A file as given to `hygie messages analyser`: .eml, .msg or .txt (one SMS)."""
    stem = name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    if name.lower().endswith(".txt"):
        return read_sms(data.decode("utf-8", "replace"), id=stem)
    return read_email(data, id=stem)
