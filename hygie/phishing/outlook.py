"""Reading an Outlook .msg file into a `Message`.

A .msg file is a compound file (the OLE format of old Office documents) whose
streams hold the message's MAPI properties ([MS-OXMSG]). It is read with
olefile and rewritten as an ordinary e-mail source, which the e-mail reading
(hygie/phishing/reading.py) then reads like any other: the original headers
(`PR_TRANSPORT_MESSAGE_HEADERS`, with the receiving system's authentication
results) when Outlook kept them, else headers rebuilt from the sender and
subject properties; the plain text and HTML bodies; the attachments, and the
messages attached to the message (to MAX_DEPTH levels).

A file that is not a readable .msg raises `Unreadable`, whose message says why
in French; nothing else escapes.
"""

from __future__ import annotations

import email.policy
import io
import struct
from email import encoders, message_from_bytes
from email.mime.base import MIMEBase
from email.mime.message import MIMEMessage
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.parser import HeaderParser
from email.utils import formataddr

from hygie.phishing.analysis import Message
from hygie.phishing.reading import Unreadable, read_email

MAX_BYTES = 25 * 1024 * 1024
MAX_ATTACHMENTS = 100
MAX_DEPTH = 3

# MAPI property ids ([MS-OXPROPS]) and types.
SUBJECT = 0x0037
TRANSPORT_HEADERS = 0x007D
SENT_REPRESENTING_NAME = 0x0042
SENT_REPRESENTING_ADDRESS = 0x0065
SENDER_NAME = 0x0C1A
SENDER_ADDRESS_TYPE = 0x0C1E
SENDER_ADDRESS = 0x0C1F
SENDER_SMTP = 0x5D01
SENT_REPRESENTING_SMTP = 0x5D02
DISPLAY_TO = 0x0E04
BODY = 0x1000
RTF_COMPRESSED = 0x1009
HTML = 0x1013
MESSAGE_ID = 0x1035
INTERNET_CODEPAGE = 0x3FDE
MESSAGE_CODEPAGE = 0x3FFD
ATTACH_DATA = 0x3701
ATTACH_FILENAME = 0x3704
ATTACH_LONG_FILENAME = 0x3707
ATTACH_MIME_TAG = 0x370E
ATTACH_DISPLAY_NAME = 0x3001
UNICODE, STRING8, BINARY, OBJECT, INT32 = 0x001F, 0x001E, 0x0102, 0x000D, 0x0003

PROPERTIES = "__properties_version1.0"
ATTACHMENT_PREFIX = "__attach_version1.0_#"
# Bytes before the first property of the properties stream: of the message
# itself, of a message attached to it, of an attachment or recipient.
HEADER_TOP, HEADER_EMBEDDED, HEADER_OTHER = 32, 24, 8
# Headers of the original message that describe its MIME structure: the
# rebuilt message has its own.
STRUCTURE_HEADERS = {"content-type", "content-transfer-encoding", "mime-version"}


def read_msg(data: bytes, id: str = "") -> Message:
    """The message an Outlook .msg file holds."""

    notes: list[str] = []
    message = read_email(to_email_source(data, notes), id=id)
    message.unread.extend(notes)
    return message


def to_email_source(data: bytes, notes: list[str] | None = None) -> bytes:
    """The e-mail source (RFC 5322 bytes) of an Outlook .msg file; what could
    not be read is said in French in `notes`."""
    import olefile

    notes = [] if notes is None else notes
    if len(data) > MAX_BYTES:
        raise Unreadable("Ce fichier .msg est trop volumineux : 25 Mo au plus.")
    if not data.startswith(olefile.MAGIC):
        raise Unreadable(
            "Ce fichier n'est pas un message Outlook (.msg) : enregistrez le message depuis "
            "Outlook, ou collez sa source (« Afficher la source du message »)."
        )
    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            if not ole.exists(PROPERTIES):
                raise Unreadable(
                    "Ce fichier Office n'est pas un message Outlook : il ne contient pas de "
                    "propriétés de message."
                )
            built = _build(ole, [], HEADER_TOP, 0, notes)
    except Unreadable:
        raise
    except Exception as error:  # olefile and struct raise many kinds of errors
        raise Unreadable(
            "Ce message Outlook est endommagé ou d'un format inconnu : il n'a pas pu être lu."
        ) from error
    return built.as_bytes(policy=email.policy.compat32)


class _Properties:
    """The properties of one object of the file: the message, an attachment,
    a message attached."""

    def __init__(self, ole, path: list[str], header: int):
        self.ole, self.path, self.header = ole, path, header
        self.codepage = self.integer(INTERNET_CODEPAGE) or self.integer(MESSAGE_CODEPAGE)

    def _stream(self, prop: int, kind: int) -> bytes | None:
        name = [*self.path, f"__substg1.0_{prop:04X}{kind:04X}"]
        if not self.ole.exists(name):
            return None
        return self.ole.openstream(name).read()

    def text(self, prop: int) -> str:
        raw = self._stream(prop, UNICODE)
        if raw is not None:
            return raw.decode("utf-16-le", "replace").rstrip("\0")
        raw = self._stream(prop, STRING8)
        if raw is not None:
            return raw.decode(_codec(self.codepage), "replace").rstrip("\0")
        return ""

    def binary(self, prop: int) -> bytes | None:
        return self._stream(prop, BINARY)

    def integer(self, prop: int) -> int | None:
        name = [*self.path, PROPERTIES]
        if not self.ole.exists(name):
            return None
        raw = self.ole.openstream(name).read()
        for offset in range(self.header, len(raw) - 15, 16):
            tag = struct.unpack_from("<I", raw, offset)[0]
            if tag == (prop << 16) | INT32:
                return struct.unpack_from("<i", raw, offset + 8)[0]
        return None

    def storages(self, prefix: str) -> list[str]:
        names = set()
        for entry in self.ole.listdir(streams=True, storages=True):
            if entry[: len(self.path)] == self.path and len(entry) > len(self.path):
                name = entry[len(self.path)]
                if name.startswith(prefix):
                    names.add(name)
        return sorted(names)


def _codec(codepage: int | None) -> str:
    if codepage in (None, 0):
        return "cp1252"
    if codepage == 65001:
        return "utf-8"
    if codepage == 20127:
        return "ascii"
    if 28591 <= codepage <= 28605:
        return f"iso8859-{codepage - 28590}"
    try:
        codec = f"cp{codepage}"
        "".encode(codec)
        return codec
    except LookupError:
        return "cp1252"


def _build(ole, path: list[str], header: int, depth: int, notes: list[str]) -> MIMEMultipart:
    props = _Properties(ole, path, header)
    message = MIMEMultipart("mixed")
    _copy_headers(message, props)
    bodies = MIMEMultipart("alternative")
    body = props.text(BODY)
    html = props.binary(HTML)
    html_text = (
        html.decode(_codec(props.codepage), "replace") if html is not None else props.text(HTML)
    )
    if body:
        bodies.attach(MIMEText(body, "plain", "utf-8"))
    if html_text:
        bodies.attach(MIMEText(html_text, "html", "utf-8"))
    if not body and not html_text and props.binary(RTF_COMPRESSED) is not None:
        notes.append(
            "Le texte du message n'est enregistré qu'au format RTF, qui n'est pas lu : "
            "seuls ses en-têtes et ses pièces jointes ont été analysés."
        )
    if bodies.get_payload():
        message.attach(bodies)
    for storage in props.storages(ATTACHMENT_PREFIX)[:MAX_ATTACHMENTS]:
        part = _attachment(ole, [*path, storage], depth, notes)
        if part is not None:
            message.attach(part)
    return message


def _copy_headers(message: MIMEMultipart, props: _Properties) -> None:
    original = props.text(TRANSPORT_HEADERS)
    if original.strip():
        for key, value in HeaderParser().parsestr(original, headersonly=True).items():
            if key.lower() not in STRUCTURE_HEADERS:
                message[key] = value
        return
    # No original headers (a message saved before it was sent, or from some
    # Exchange servers): rebuild the ones the analysis reads.
    name = props.text(SENT_REPRESENTING_NAME) or props.text(SENDER_NAME)
    address = (
        props.text(SENT_REPRESENTING_SMTP)
        or props.text(SENDER_SMTP)
        or (props.text(SENDER_ADDRESS) if props.text(SENDER_ADDRESS_TYPE) != "EX" else "")
        or props.text(SENT_REPRESENTING_ADDRESS)
    )
    if name or address:
        message["From"] = formataddr((name, address))
    if props.text(DISPLAY_TO):
        message["To"] = props.text(DISPLAY_TO)
    if props.text(SUBJECT):
        message["Subject"] = props.text(SUBJECT)
    if props.text(MESSAGE_ID):
        message["Message-ID"] = props.text(MESSAGE_ID)


def _attachment(ole, path: list[str], depth: int, notes: list[str]):
    props = _Properties(ole, path, HEADER_OTHER)
    name = (
        props.text(ATTACH_LONG_FILENAME)
        or props.text(ATTACH_FILENAME)
        or props.text(ATTACH_DISPLAY_NAME)
        or "piece-jointe"
    )
    embedded = [*path, f"__substg1.0_{ATTACH_DATA:04X}{OBJECT:04X}"]
    if ole.exists(embedded) and ole.exists([*embedded, PROPERTIES]):
        if depth + 1 >= MAX_DEPTH:
            notes.append(f"Message joint « {name} » trop imbriqué : non lu.")
            return None
        inner = _build(ole, embedded, HEADER_EMBEDDED, depth + 1, notes)
        part = MIMEMessage(message_from_bytes(inner.as_bytes(policy=email.policy.compat32)))
        part.add_header("Content-Disposition", "attachment", filename=name)
        return part
    data = props.binary(ATTACH_DATA)
    if data is None:
        return None
    mime = props.text(ATTACH_MIME_TAG) or "application/octet-stream"
    maintype, _, subtype = mime.partition("/")
    part = MIMEBase(maintype or "application", subtype or "octet-stream")
    part.set_payload(data)
    encoders.encode_base64(part)
    part.add_header("Content-Disposition", "attachment", filename=name)
    return part
