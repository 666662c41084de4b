"""Reading a message into a `Message`: e-mail source, SMS text, bare link.

Nothing is rendered and nothing is followed: an e-mail is parsed by the
standard library's `email` package, its HTML reduced to text and links by
`html.parser`, and every link is read from the text as written, obfuscated
ones (`hxxp`, `[.]`) and bare domains (`cpam-contact.fr/carte`) included.
Whatever cannot be read (a limit reached, a charset that does not decode) is
said, in French, in `Message.unread`: the verdict is then a best effort.
Hard limits keep a hostile message from taking memory or time.
"""

from __future__ import annotations

import email
import email.errors
import email.header
import email.policy
import re
import time
from email.message import Message as EmailMessage
from email.utils import getaddresses

from lxml import etree

from hygie.phishing.analysis import EMAIL, LINK, SMS, Attachment, Link, Message
from hygie.phishing.domains import names

# Hard limits, each stated to the user (LIMITS).
MAX_INPUT_BYTES = 25 * 1024 * 1024  # a larger message is refused
MAX_PARTS = 300  # MIME parts read
MAX_DEPTH = 8  # multiparts and attached messages inside one another
MAX_LINKS = 1000  # links analysed
MAX_TEXT_CHARS = 300_000  # characters of text analysed
MAX_HTML_CHARS = 2_000_000  # characters of HTML reduced to text
MAX_ATTACHMENTS = 50  # attachments listed
ATTACHMENT_BYTES = 5 * 1024 * 1024  # bytes of each attachment kept for inspection
MAX_HEADERS = 500
MAX_SMS_CHARS = 20_000
READING_SECONDS = 5.0  # reading stops there, with what was read

LIMITS = [
    "Un message de plus de 25 Mo est refusé.",
    f"Au plus {MAX_PARTS} parties MIME et {MAX_DEPTH} niveaux d'imbrication sont lus.",
    f"Au plus {MAX_LINKS:,} liens sont analysés.".replace(",", "\u202f"),
    f"Au plus {MAX_TEXT_CHARS:,} caractères de texte sont analysés.".replace(",", "\u202f"),
    f"Au plus {MAX_ATTACHMENTS} pièces jointes sont examinées, chacune sur ses 5 premiers Mo.",
    f"La lecture s'arrête après {READING_SECONDS:g} secondes.",
]


class Unreadable(Exception):
    """The input cannot be read as a message at all; `message` says why, in French."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# Links in a text ------------------------------------------------------------------

# Top-level domains accepted for a bare domain written without http:// or
# www. (« cpam-contact.fr/carte »); those that are also file extensions
# (.zip, .mov, .py, .sh, .md) are left out, so that « facture.zip » is not a link.
BARE_TLDS = sorted(
    names(
        """
    fr com net org info eu be ch ca lu mc re gp mq yt nc pf pm io co me ly gl to app
    dev site online top xyz icu live shop click link cfd sbs buzz rest bond club vip
    cc tk ml ga cf gq work support help store tech space website fun pw ru cn su ws
    mobi biz pro page cam cyou monster quest lol mom de es it nl pt uk us tv in cloud
    digital services world life today best uno host email network center paris bzh
    """
    ),
    key=len,
    reverse=True,
)

_DOT = r"(?:\.|\[\.\]|\(\.\)|\{\.\}|\[dot\]|\(dot\))"
_TAIL = r"[^\s<>\"'«»{}|\\^`]*"
URL_RE = re.compile(
    # 1. with a scheme, obfuscated or not: http://, hxxps://, http[:]//, https[://]
    r"(?i:\bh(?:tt|xx)ps?(?:://|\[:\]//|\[://\]|:\\\\))"
    + _TAIL
    # 2. starting with www.
    + r"|(?i:\bwww"
    + _DOT
    + r")"
    + _TAIL
    # 3. a bare domain: labels, then a known top-level domain in lower case
    + r"|(?<![@\w.\-/])(?i:(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
    + _DOT
    + r")+)(?:"
    + "|".join(BARE_TLDS)
    + r")(?![\w@-])(?:[/?#]"
    + _TAIL
    + r")?"
)
_TRAILING = ".,;:!?'\"»)]}>"
# Characters that change how a text is shown without being seen.
INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u00ad]")


def deobfuscate(url: str) -> str:
    """The link as a browser would take it: `hxxp` and `[.]` undone,
    invisible characters removed."""
    clean = INVISIBLE.sub("", url)
    clean = re.sub(r"(?i)^h(?:tt|xx)p(s?)(?:\[:\]//|\[://\]|://|:\\\\)", r"http\1://", clean)
    return re.sub(r"\[\.\]|\(\.\)|\{\.\}|\[dot\]|\(dot\)", ".", clean)


def _trim(raw: str) -> str:
    while raw and raw[-1] in _TRAILING:
        if raw[-1] == ")" and raw.count("(") >= raw.count(")"):
            break
        raw = raw[:-1]
    return raw


def links_in(text: str, found_in: str = "texte", limit: int = MAX_LINKS + 1) -> list[Link]:
    links = []
    for match in URL_RE.finditer(text):
        raw = _trim(match.group(0))
        if len(raw) < 4 or "." not in deobfuscate(raw):
            continue
        links.append(Link(url=deobfuscate(raw), found_in=found_in, raw=raw))
        if len(links) >= limit:
            break
    return links


# HTML -----------------------------------------------------------------------------

_BLOCKS = names(
    "p div br tr li h1 h2 h3 h4 h5 h6 table blockquote hr section article header footer"
    " ul ol dd dt pre address center form"
)
_HIDDEN = names("script style head title template xml svg object")


class _HTMLReader:
    """HTML reduced to the text a reader sees and the links behind it: the
    target of libxml2's HTML parser, which hands it tags and text as a
    browser's tokenizer cuts them (entities decoded, broken markup repaired)."""

    def __init__(self) -> None:
        self.chunks: list[str] = []
        self.links: list[Link] = []
        self.hidden = 0
        self.anchor: tuple[str, list[str]] | None = None
        self.anchor_alt = ""

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        if tag in _HIDDEN:
            self.hidden += 1
            return
        if tag in _BLOCKS:
            self.chunks.append("\n")
        elif tag in ("td", "th"):
            self.chunks.append(" ")
        values = {name.lower(): value or "" for name, value in attrs.items()}
        if tag == "a":
            self._close_anchor()
            # A space on each side: the text of adjacent anchors is not read as one word.
            self.chunks.append(" ")
            href = values.get("href", "").strip()
            if href:
                self.anchor, self.anchor_alt = (href, []), ""
        elif tag == "area" and values.get("href"):
            self._add(values["href"], values.get("alt", ""), "html")
        elif tag == "form" and values.get("action"):
            self._add(values["action"], "", "formulaire")
        elif tag in ("iframe", "frame") and values.get("src"):
            self._add(values["src"], "", "html")
        elif tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            target = re.search(r"(?i)url\s*=\s*['\"]?([^'\";]+)", values.get("content", ""))
            if target:
                self._add(target.group(1), "", "html")
        elif tag == "img" and self.anchor is not None and values.get("alt"):
            self.anchor_alt = values["alt"]

    def end(self, tag: str) -> None:
        if tag in _HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag == "a":
            self._close_anchor()
            self.chunks.append(" ")
        elif tag in _BLOCKS:
            self.chunks.append("\n")

    def data(self, data: str) -> None:
        if self.hidden:
            return
        self.chunks.append(data)
        if self.anchor is not None:
            self.anchor[1].append(data)

    def _close_anchor(self) -> None:
        if self.anchor is None:
            return
        href, parts = self.anchor
        text = " ".join(" ".join(parts).split()) or self.anchor_alt.strip()
        self._add(href, text, "html")
        self.anchor = None

    def _add(self, href: str, text: str, found_in: str) -> None:
        href = href.strip()
        if href.startswith(("#", "cid:", "mailto:", "tel:", "sms:")) or not href:
            return
        if len(self.links) <= MAX_LINKS:  # one more tells that the limit was reached
            self.links.append(Link(url=deobfuscate(href), text=text, found_in=found_in, raw=href))

    def comment(self, text: str) -> None:
        pass

    def close(self) -> _HTMLReader:
        self._close_anchor()
        return self

    @property
    def text(self) -> str:
        joined = "".join(self.chunks)
        lines = (" ".join(line.split()) for line in joined.splitlines())
        return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def read_html(html: str) -> tuple[str, list[Link]]:
    """The visible text of an HTML document and its links (anchors with their
    text, forms, frames, refreshes); scripts and styles are ignored."""
    reader = _HTMLReader()
    # recover: broken markup is repaired as a browser would; huge_tree: deep
    # nesting is read, not cut (the input is already capped); no_network:
    # nothing is ever fetched.
    parser = etree.HTMLParser(target=reader, recover=True, no_network=True, huge_tree=True)
    try:
        parser.feed(html[:MAX_HTML_CHARS])
        parser.close()
    except etree.LxmlError:  # nothing readable at all (an empty document)
        reader.close()
    return reader.text, reader.links


# Charsets -------------------------------------------------------------------------


def decode_text(data: bytes, charset: str | None) -> tuple[str, bool]:
    """Bytes to text: the declared charset, then UTF-8, then Windows-1252.
    The flag says whether the declared charset (or UTF-8 without one) read
    every byte."""
    tried = []
    if charset:
        tried.append(charset.strip().strip('"').lower())
    for fallback in ("utf-8", "cp1252"):
        if fallback not in tried:
            tried.append(fallback)
    for index, name in enumerate(tried):
        try:
            return data.decode(name), index == 0
        except (LookupError, ValueError, TypeError):  # unknown, undecodable or garbled name
            continue
    return data.decode("latin-1"), False


def _fix_8bit(value: str) -> str:
    """A header holding raw 8-bit bytes, read by `email` as surrogates."""
    if not any("\udc80" <= c <= "\udcff" for c in value):
        return value
    data = value.encode("utf-8", "surrogateescape")
    return decode_text(data, None)[0]


def decode_header(value: str) -> str:
    """A header's value, unfolded, its encoded words (=?utf-8?…?=) decoded."""
    value = _fix_8bit(re.sub(r"\r?\n[ \t]+", " ", str(value)))
    if "=?" not in value:
        return value.strip()
    try:
        chunks = email.header.decode_header(value)
    except (LookupError, UnicodeError, ValueError, AssertionError, email.errors.MessageError):
        return value.strip()
    decoded = [
        decode_text(chunk, charset)[0] if isinstance(chunk, bytes) else chunk
        for chunk, charset in chunks
    ]
    return "".join(decoded).strip()


# E-mail -----------------------------------------------------------------------------

_HEADER_LINE = re.compile(
    rb"(?im)^(?:delivered-to|received|return-path|authentication-results|arc-[a-z-]+"
    rb"|dkim-signature|from|to|subject|date|message-id|mime-version|content-type"
    rb"|x-[a-z0-9-]+|reply-to|sender):"
)


class _Reading:
    """The state of reading one e-mail: what was found, what was not read."""

    def __init__(self) -> None:
        self.started = time.monotonic()
        self.parts = 0
        self.plain: list[str] = []
        self.html: list[str] = []
        self.links: list[Link] = []
        self.attachments: list[Attachment] = []
        self.unread: list[str] = []
        self.stopped = False

    def note(self, text: str) -> None:
        if text not in self.unread:
            self.unread.append(text)

    def walk(self, part: EmailMessage, depth: int) -> None:
        if self.stopped:
            return
        if time.monotonic() - self.started > READING_SECONDS:
            self.note(
                f"La lecture a été arrêtée après {READING_SECONDS:g} secondes : "
                "la fin du message n'a pas été analysée."
            )
            self.stopped = True
            return
        self.parts += 1
        if self.parts > MAX_PARTS:
            self.note(
                f"Le message compte plus de {MAX_PARTS} parties : les suivantes n'ont pas été lues."
            )
            self.stopped = True
            return
        if depth > MAX_DEPTH:
            self.note(f"Des parties imbriquées à plus de {MAX_DEPTH} niveaux n'ont pas été lues.")
            return
        content_type = part.get_content_type()
        if part.is_multipart():
            payload = part.get_payload()
            inner = payload if isinstance(payload, list) else []
            if content_type == "message/rfc822":
                for message in inner:
                    self.attached_message(message, depth)
                return
            for sub in inner:
                self.walk(sub, depth + 1)
            return
        self.leaf(part, content_type)

    def attached_message(self, message: EmailMessage, depth: int) -> None:
        """A message inside the message (forwarded as an attachment): its
        sender and subject join the text, its parts are read too."""
        summary = []
        raw_headers = dict((k.lower(), v) for k, v in reversed(list(message.raw_items())))
        for name, label in (("from", "De"), ("subject", "Objet")):
            value = raw_headers.get(name)
            if value:
                summary.append(f"{label} : {decode_header(value)}")
        if summary:
            self.plain.append("\n".join(summary))
        self.walk(message, depth + 1)

    def leaf(self, part: EmailMessage, content_type: str) -> None:
        try:
            filename = decode_header(part.get_filename() or "")
        except (LookupError, ValueError, TypeError):
            filename = ""
        disposition = (part.get_content_disposition() or "").lower()
        try:
            data = part.get_payload(decode=True) or b""
        except (ValueError, TypeError, LookupError):
            data = b""
            self.note("Une partie du message n'a pas pu être décodée.")
        if isinstance(data, str):
            data = data.encode("utf-8", "surrogateescape")
        charset = part.get_content_charset()
        is_attachment = disposition == "attachment" or (
            bool(filename) and not content_type.startswith("text/")
        )
        if content_type in ("text/plain", "text/html") and not (
            disposition == "attachment" and filename
        ):
            text, exact = decode_text(data, charset)
            if not exact:
                self.note(
                    f"Une partie du texte déclare le jeu de caractères « {charset or 'aucun'} » "
                    "sans le respecter : elle a été lue au mieux."
                )
            (self.html if content_type == "text/html" else self.plain).append(text)
            return
        if content_type.startswith(("multipart/", "message/")) and not data:
            return
        if len(self.attachments) >= MAX_ATTACHMENTS:
            self.note(
                f"Le message compte plus de {MAX_ATTACHMENTS} pièces jointes : les suivantes n'ont pas été examinées."
            )
            return
        self.attachments.append(
            Attachment(
                filename=filename,
                content_type=content_type,
                size=len(data),
                data=data[:ATTACHMENT_BYTES],
            )
        )
        if len(data) > ATTACHMENT_BYTES:
            self.note(
                f"La pièce jointe « {filename or content_type} » n'a été examinée que sur ses 5 premiers Mo."
            )
        if content_type in ("text/html", "application/xhtml+xml") or filename.lower().endswith(
            (".html", ".htm", ".shtml", ".svg")
        ):
            text, _exact = decode_text(data[:MAX_HTML_CHARS], charset)
            _text, links = read_html(text)
            for link in links:
                link.found_in = "pièce jointe"
            self.links.extend(links)
        elif is_attachment and content_type == "text/plain":
            text, _exact = decode_text(data[:MAX_HTML_CHARS], charset)
            self.links.extend(links_in(text, "pièce jointe"))


def _from_headers(raw: bytes) -> bytes:
    """The message from its first header line: a page of « Afficher
    l'original » pasted whole starts with a summary before the source."""
    first = raw.lstrip()[:200].split(b"\n", 1)[0]
    if re.match(rb"^[A-Za-z0-9-]+:", first):
        return raw.lstrip()
    match = _HEADER_LINE.search(raw, 0, 200_000)
    return raw[match.start() :] if match else raw


def _address(value: str) -> tuple[str, str]:
    """Display name and address of a From/Reply-To value, never failing."""
    unfolded = re.sub(r"\r?\n[ \t]+", " ", _fix_8bit(value))
    try:
        pairs = getaddresses([unfolded])
    except (TypeError, ValueError, IndexError):
        pairs = []
    name, address = pairs[0] if pairs else ("", "")
    if not address and "@" not in unfolded:
        name = unfolded
    return decode_header(name), address.strip().strip("<>")


def read_email(raw: bytes, *, id: str = "") -> Message:
    if len(raw) > MAX_INPUT_BYTES:
        raise Unreadable(
            f"Le message pèse {len(raw) / 1024 / 1024:.1f} Mo : Hygie n'analyse pas les messages "
            "de plus de 25 Mo. Vérifiez son expéditeur et ses liens par vous-même, "
            "ou demandez l'aide de votre prestataire informatique."
        )
    raw = _from_headers(raw)
    parsed = email.message_from_bytes(raw, policy=email.policy.compat32)
    reading = _Reading()

    headers: dict[str, list[str]] = {}
    raw_headers = list(parsed.raw_items())  # as written: raw 8-bit bytes kept
    for count, (key, value) in enumerate(raw_headers):
        if count >= MAX_HEADERS:
            reading.note(f"Seuls les {MAX_HEADERS} premiers en-têtes ont été lus.")
            break
        headers.setdefault(key.lower(), []).append(decode_header(value))
    if not headers:
        reading.note(
            "Aucun en-tête de message n'a été reconnu : le contenu a été lu comme un simple texte."
        )

    def first(name: str) -> str:
        return next((str(v) for k, v in raw_headers if k.lower() == name.lower()), "")

    sender_name, sender_address = _address(first("From"))
    reply_to = _address(first("Reply-To"))[1] if first("Reply-To") else ""
    return_path = _address(first("Return-Path"))[1] if first("Return-Path") else ""

    if not headers and not parsed.is_multipart():
        reading.plain.append(decode_text(raw, None)[0])
    else:
        reading.walk(parsed, 0)

    texts, links = [], []
    budget = MAX_HTML_CHARS
    for html in reading.html:
        if budget <= 0 or time.monotonic() - reading.started > READING_SECONDS:
            reading.note(
                "Une partie HTML du message n'a pas été lue (limite de taille ou de temps)."
            )
            break
        if len(html) > budget:
            reading.note("La fin de la partie HTML du message, trop longue, n'a pas été lue.")
        text, found = read_html(html[:budget])
        budget -= len(html)
        texts.append(text)
        links.extend(found)
    # The reader sees the HTML version when there is one.
    if not texts:
        texts = reading.plain
    else:
        texts += [t for t in reading.plain if t.startswith(("De : ", "Objet : "))]
    text = "\n\n".join(t for t in texts if t)
    if len(text) > MAX_TEXT_CHARS:
        reading.note(
            f"Seuls les {MAX_TEXT_CHARS:,} premiers caractères du texte ont été analysés.".replace(
                ",", "\u202f"
            )
        )
        text = text[:MAX_TEXT_CHARS]
    links.extend(links_in(text))
    for plain in reading.plain:
        links.extend(links_in(plain[:MAX_TEXT_CHARS]))
    links.extend(reading.links)
    message = Message(
        channel=EMAIL,
        id=id,
        sender_name=sender_name,
        sender_address=sender_address,
        reply_to=reply_to,
        return_path=return_path,
        subject=decode_header(first("Subject")),
        text=text,
        links=_unique(links, reading),
        attachments=reading.attachments,
        headers=headers,
        unread=reading.unread,
    )
    if message.attachments:
        # The QR codes and links of images and PDFs, read like the message's own links.
        from hygie.phishing import attachments

        attachments.expand(message)
    return message


def _unique(links: list[Link], reading: _Reading) -> list[Link]:
    """Each link once: an anchor's target that the text also shows is kept as
    the anchor, which says what the reader saw."""
    seen: dict[tuple[str, str], Link] = {}
    anchors = {link.url for link in links if link.text}
    for link in links:
        if not link.text and link.url in anchors:
            continue
        seen.setdefault((link.url, link.text), link)
    unique = list(seen.values())
    if len(unique) > MAX_LINKS:
        reading.note(
            f"Le message compte plus de {MAX_LINKS:,} liens : seuls les {MAX_LINKS:,} premiers "
            "ont été analysés.".replace(",", "\u202f")
        )
        unique = unique[:MAX_LINKS]
    return unique


# SMS and bare links -------------------------------------------------------------

PHONE = re.compile(r"^\+?[\d\s.\-()]{3,20}$")


def read_sms(text: str, *, sender: str = "", id: str = "") -> Message:
    """An SMS or WhatsApp text, with its sender (a number or a name) if known."""
    unread = []
    if len(text) > MAX_SMS_CHARS:
        unread.append(
            f"Seuls les {MAX_SMS_CHARS:,} premiers caractères ont été analysés.".replace(
                ",", "\u202f"
            )
        )
        text = text[:MAX_SMS_CHARS]
    sender = sender.strip()
    number = re.sub(r"[\s.\-()]", "", sender) if PHONE.match(sender) else ""
    return Message(
        channel=SMS,
        id=id,
        sender_name=sender,
        sender_address=number,
        text=text,
        links=links_in(text),
        unread=unread,
    )


def read_link(url: str, *, id: str = "") -> Message:
    url = url.strip()[:MAX_SMS_CHARS]
    found = links_in(url)
    if not found and url:
        found = [Link(url=deobfuscate(url), raw=url)]
    return Message(channel=LINK, id=id, text=url, links=found[:1])


def read_file(name: str, data: bytes) -> Message:
    """A file as given to `hygie messages analyser`: .eml, .msg or .txt (one SMS)."""
    stem = name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    lower = name.lower()
    if len(data) > MAX_INPUT_BYTES:
        raise Unreadable(f"Le fichier {name} dépasse 25 Mo : il n'a pas été analysé.")
    if lower.endswith(".txt"):
        return read_sms(decode_text(data, None)[0], id=stem)
    if lower.endswith(".msg") or data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        try:
            from hygie.phishing import outlook  # Outlook's format, read by its own module
        except ImportError:
            raise Unreadable(
                f"Le fichier {name} est au format Outlook (.msg), qui n'est pas lu ici : "
                "collez plutôt la source du message (« Afficher la source »)."
            ) from None
        return outlook.read_msg(data, id=stem)
    return read_email(data, id=stem)
