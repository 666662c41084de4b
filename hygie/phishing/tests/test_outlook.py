"""Outlook .msg files, built here as Outlook writes them ([MS-OXMSG]): read
into a message like an e-mail source, or refused with a French reason."""

import struct

from django.test import SimpleTestCase

from hygie.phishing import outlook
from hygie.phishing.analysis import EMAIL
from hygie.phishing.tests.compound import Entry, build

MESSAGE_CLASS = 0x001A
HEADERS = (
    "Received: from mx.cabinet-martin.example by mx.cabinet-martin.example; Mon, 3 Mar 2025 09:00:00 +0100\r\n"
    "Authentication-Results: mx.cabinet-martin.example; spf=pass smtp.mailfrom=office360.com; dmarc=none\r\n"
    "From: =?utf-8?q?Imp=C3=B4ts=2Egouv?= <remboursement@office360.com>\r\n"
    "Reply-To: dgfip@autre.example\r\n"
    "Subject: =?utf-8?q?Remboursement_d=27imp=C3=B4t?=\r\n"
    'Content-Type: multipart/alternative; boundary="xyz"\r\n'
    "MIME-Version: 1.0\r\n"
)


def unicode_stream(prop: int, text: str) -> Entry:
    return Entry(f"__substg1.0_{prop:04X}001F", text.encode("utf-16-le"))


def binary_stream(prop: int, data: bytes) -> Entry:
    return Entry(f"__substg1.0_{prop:04X}0102", data)


def properties(header: int, integers: dict[int, int] | None = None) -> Entry:
    data = b"\0" * header
    for prop, value in (integers or {}).items():
        data += struct.pack("<IIi4x", (prop << 16) | 0x0003, 0x6, value)
    return Entry("__properties_version1.0", data)


def named_properties() -> Entry:
    """The storage of named properties, empty: its three streams are required."""
    storage = Entry("__nameid_version1.0")
    storage.children = [Entry(f"__substg1.0_000{n}0102", b"") for n in (2, 3, 4)]
    return storage


def attachment_storage(index: int, name: str, data: bytes, mime: str) -> Entry:
    storage = Entry(f"__attach_version1.0_#{index:08X}")
    storage.children = [
        properties(8),
        unicode_stream(outlook.ATTACH_LONG_FILENAME, name),
        unicode_stream(outlook.ATTACH_MIME_TAG, mime),
        binary_stream(outlook.ATTACH_DATA, data),
    ]
    return storage


def message_streams(
    subject: str, body: str, html: str = "", headers: str = "", sender=("", "")
) -> list[Entry]:
    streams = [
        unicode_stream(MESSAGE_CLASS, "IPM.Note"),
        unicode_stream(outlook.SUBJECT, subject),
        unicode_stream(outlook.BODY, body),
    ]
    if html:
        streams.append(binary_stream(outlook.HTML, html.encode("utf-8")))
    if headers:
        streams.append(unicode_stream(outlook.TRANSPORT_HEADERS, headers))
    if sender[0]:
        streams.append(unicode_stream(outlook.SENDER_NAME, sender[0]))
    if sender[1]:
        streams.append(unicode_stream(outlook.SENDER_SMTP, sender[1]))
    return streams


def msg_file(*, attachments=(), embedded=None, **fields) -> bytes:
    children = [
        named_properties(),
        properties(32, {outlook.INTERNET_CODEPAGE: 65001}),
        *message_streams(**fields),
    ]
    for index, (name, data, mime) in enumerate(attachments):
        children.append(attachment_storage(index, name, data, mime))
    if embedded is not None:
        storage = Entry(f"__attach_version1.0_#{len(attachments):08X}")
        inner = Entry("__substg1.0_3701000D")
        inner.children = [properties(24), *message_streams(**embedded)]
        storage.children = [
            properties(8),
            unicode_stream(outlook.ATTACH_LONG_FILENAME, "transfert.msg"),
            inner,
        ]
        children.append(storage)
    return build(children)


class OutlookTestCase(SimpleTestCase):
    def test_a_message_with_its_original_headers_is_read_like_an_e_mail(self):
        data = msg_file(
            subject="Remboursement d'impôt",
            body="Vous avez droit à un remboursement de 120,70 €. Délai de 48h maximum.",
            headers=HEADERS,
        )
        message = outlook.read_msg(data, id="impots")
        self.assertEqual(message.channel, EMAIL)
        self.assertEqual(message.id, "impots")
        self.assertEqual(message.sender_name, "Impôts.gouv")
        self.assertEqual(message.sender_address, "remboursement@office360.com")
        self.assertEqual(message.reply_to, "dgfip@autre.example")
        self.assertEqual(message.subject, "Remboursement d'impôt")
        self.assertIn("120,70 €", message.text)
        self.assertIn("spf=pass", message.headers["authentication-results"][0])

    def test_without_original_headers_the_sender_and_subject_are_rebuilt(self):
        data = msg_file(
            subject="Votre compte Doctolib",
            body="Bonjour Docteur, votre compte sera suspendu.",
            sender=("Doctolib", "securite@doctolib-pro.example"),
        )
        message = outlook.read_msg(data)
        self.assertEqual(message.sender_name, "Doctolib")
        self.assertEqual(message.sender_address, "securite@doctolib-pro.example")
        self.assertEqual(message.subject, "Votre compte Doctolib")
        self.assertIn("sera suspendu", message.text)

    def test_attachments_and_attached_messages_are_kept(self):
        data = msg_file(
            subject="Facture",
            body="Veuillez trouver la facture ci-jointe.",
            attachments=[("facture.pdf.exe", b"MZ" + b"\0" * 6000, "application/octet-stream")],
            embedded={"subject": "Message transféré", "body": "Texte du message joint."},
        )
        source = outlook.to_email_source(data)
        self.assertIn(b'filename="facture.pdf.exe"', source)
        self.assertIn(b"Content-Type: message/rfc822", source)
        self.assertIn(b"Subject: =?utf-8?", source.split(b"message/rfc822", 1)[1])
        message = outlook.read_msg(data)
        self.assertIn("facture ci-jointe", message.text)

    def test_an_html_body_is_kept_beside_the_text(self):
        data = msg_file(
            subject="Avis",
            body="Cliquez ici",
            html='<p><a href="https://impots.gouv.fr.example.com/x">impots.gouv.fr</a></p>',
        )
        source = outlook.to_email_source(data)
        self.assertIn(b"text/html", source)
        self.assertIn(b"text/plain", source)

    def test_a_file_that_is_not_a_message_is_refused_in_french(self):
        for data in (b"", b"Bonjour, ceci est un texte.", b"PK\x03\x04zip"):
            with self.subTest(data=data):
                with self.assertRaises(outlook.Unreadable) as caught:
                    outlook.read_msg(data)
                self.assertIn("n'est pas un message Outlook", caught.exception.message)

    def test_an_office_document_is_not_taken_for_a_message(self):
        data = build([Entry("WordDocument", b"w" * 100)])
        with self.assertRaises(outlook.Unreadable) as caught:
            outlook.read_msg(data)
        self.assertIn("propriétés de message", caught.exception.message)

    def test_a_damaged_message_is_refused_not_a_crash(self):
        data = bytearray(msg_file(subject="Objet", body="Texte"))
        data[600:2000] = b"\xff" * 1400
        for damaged in (bytes(data), bytes(data[:700]), outlook_magic_only()):
            with self.subTest(size=len(damaged)):
                try:
                    outlook.read_msg(damaged)
                except outlook.Unreadable as error:
                    self.assertTrue(error.message)

    def test_an_oversized_file_is_refused(self):
        with self.assertRaises(outlook.Unreadable) as caught:
            outlook.to_email_source(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * outlook.MAX_BYTES)
        self.assertIn("25 Mo", caught.exception.message)


def outlook_magic_only() -> bytes:
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
