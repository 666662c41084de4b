"""From what a person hands over to an analysis: pasted text, a file, a bare link.

The pages (/outils/message/ and /o/<code>/messages/) and `hygie messages
analyser` go through here. The channel is detected when not given: e-mail
headers at the top make an e-mail, a lone address a link, anything else an
SMS. A file is an e-mail (.eml, Outlook .msg) or a text (.txt). What cannot
be read at all raises `Unreadable`, whose message says why in French; so does
an unexpected failure of the analysis, which is logged by its kind only: the
message itself is never written anywhere.

No Django import: the command and bench/messages use it too.
"""

from __future__ import annotations

import logging
import re
from pathlib import PurePath

from hygie.phishing import reading
from hygie.phishing.analysis import EMAIL, LINK, SMS, Analysis, Message, analyse
from hygie.phishing.reading import Unreadable

log = logging.getLogger("hygie.phishing")

AUTO = "auto"
CHANNELS = (AUTO, EMAIL, SMS, LINK)
EMAIL_FILES = (".eml", ".msg")
TEXT_FILES = (".txt",)
FILE_TYPES = EMAIL_FILES + TEXT_FILES

# The headers that say a pasted text is an e-mail's source, as « Afficher
# l'original » (Gmail), « Afficher la source » (Outlook, Thunderbird) give it.
KNOWN_HEADERS = frozenset(
    {
        "arc-authentication-results",
        "arc-message-signature",
        "arc-seal",
        "authentication-results",
        "cc",
        "content-transfer-encoding",
        "content-type",
        "date",
        "delivered-to",
        "dkim-signature",
        "from",
        "message-id",
        "mime-version",
        "received",
        "received-spf",
        "reply-to",
        "return-path",
        "sender",
        "subject",
        "thread-index",
        "thread-topic",
        "to",
        "x-mailer",
        "x-originating-ip",
    }
)
HEADER_LINE = re.compile(r"^([A-Za-z][A-Za-z0-9-]{0,60}):")
# How far down a pasted text its headers are looked for.
HEADER_LINES = 80
# A lone address: with a scheme (obfuscated ones too), or « www. », or a name
# ending in what looks like a top-level domain, and nothing else.
LONE_LINK = re.compile(
    r"(?i)(?:(?:https?|hxxps?|h\*\*ps?)(?::|\[:\])//\S+|www(?:\.|\[\.\])\S+"
    r"|[a-z0-9][a-z0-9.\-\[\]]*(?:\.|\[\.\])[a-z]{2,24}(?:[/?#:]\S*)?)"
)
LINK_CHARS = 4_000


def looks_like_email(text: str) -> bool:
    """Whether the text starts with an e-mail's headers: at least two known
    ones, among them who sent it or who carried it."""
    names: set[str] = set()
    for number, line in enumerate(text.lstrip().splitlines()):
        if number >= HEADER_LINES or not line.strip():
            break
        if line[:1] in " \t":  # a folded header's next line
            continue
        match = HEADER_LINE.match(line)
        if match:
            names.add(match.group(1).lower())
    known = names & KNOWN_HEADERS
    return len(known) >= 2 and bool(known & {"from", "received", "return-path", "delivered-to"})


def is_lone_link(text: str) -> bool:
    text = text.strip()
    return 0 < len(text) <= LINK_CHARS and LONE_LINK.fullmatch(text) is not None


def detect_channel(text: str) -> str:
    if is_lone_link(text):
        return LINK
    if looks_like_email(text):
        return EMAIL
    return SMS


def decode_text(data: bytes) -> str:
    """A text file's content: UTF-8 (with or without its mark), else Windows-1252,
    the two encodings French phones and computers save in."""
    if b"\x00" in data[:4096]:
        raise Unreadable(
            "Ce fichier ne contient pas de texte lisible : déposez un fichier .txt qui "
            "contient le texte du SMS, ou un e-mail enregistré (.eml, .msg)."
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", "replace")


def read_text(text: str, *, channel: str = AUTO, sender: str = "", id: str = "") -> Message:
    """A pasted text, read as the channel given, or as the one it looks like."""
    if not text.strip():
        raise Unreadable("Le message est vide : collez son texte, ou déposez le fichier.")
    if channel == AUTO:
        channel = detect_channel(text)
    if channel == EMAIL:
        return reading.read_email(text.encode("utf-8"), id=id)
    if channel == LINK:
        if not is_lone_link(text):
            raise Unreadable(
                "Pour un lien, collez l'adresse seule, sans autre texte (ou choisissez "
                "« SMS ou message WhatsApp »)."
            )
        return reading.read_link(text.strip(), id=id)
    return reading.read_sms(text, sender=sender.strip(), id=id)


def suffix(name: str) -> str:
    return PurePath(name.replace("\\", "/")).suffix.lower()


def stem(name: str) -> str:
    return PurePath(name.replace("\\", "/")).stem


def check_file_type(name: str) -> None:
    if suffix(name) not in FILE_TYPES:
        raise Unreadable(
            f"« {PurePath(name).name} » n'est pas un fichier pris en charge : déposez un "
            "e-mail enregistré (.eml, ou .msg d'Outlook) ou un texte (.txt)."
        )


def read_upload(name: str, data: bytes, *, channel: str = AUTO, sender: str = "") -> Message:
    """A file dropped in the page: an e-mail (.eml, .msg) whatever the channel
    chosen, or a text (.txt) read as pasted text."""
    check_file_type(name)
    if not data:
        raise Unreadable("Ce fichier est vide.")
    if suffix(name) in EMAIL_FILES:
        return reading.read_file(name, data)
    return read_text(decode_text(data), channel=channel, sender=sender, id=stem(name))


def read_named_file(name: str, data: bytes) -> Message:
    """A file given to `hygie messages analyser`: .eml and .msg are e-mails,
    a .txt is one SMS."""
    check_file_type(name)
    if not data.strip():
        raise Unreadable("Ce fichier est vide.")
    if suffix(name) in TEXT_FILES:
        return reading.read_sms(decode_text(data), id=stem(name))
    return reading.read_file(name, data)


def examine(read, *args, **kwargs) -> Analysis:
    """Read with `read(*args, **kwargs)`, then analyse.

    `Unreadable` when the input cannot be read; so too, with a general
    message, when the reading or the analysis fails unexpectedly: a person
    gets a French sentence, never an error page. Only the kind of failure is
    logged, never the message.
    """
    try:
        message = read(*args, **kwargs)
        return analyse(message)
    except Unreadable:
        raise
    except Exception as error:  # whatever the engine trips on, never an error page
        log.warning("Analyse d'un message impossible : %s", type(error).__name__)
        raise Unreadable(
            "Hygie n'a pas pu lire ce message : il est peut-être abîmé ou d'un format inattendu. "
            "Par prudence, traitez-le comme suspect : ne cliquez sur rien et vérifiez auprès de "
            "l'expéditeur par un autre moyen."
        ) from None
