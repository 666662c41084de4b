"""Hostile messages: whatever arrives, the analysis ends with a verdict.

A seeded fuzz mutates real-looking e-mails (a lure with an HTML anchor, a
zipped attachment, a QR code image, a forwarded message) byte by byte and
part by part: flipped and deleted bytes, cut sources, repeated boundaries,
garbled charsets and encodings, nested messages, headers repeated thousands
of times. Every mutant must be read and analysed without an exception; what
could not be read is said in `unread`. The choice is random but seeded, so a
failure can be replayed.
"""

from __future__ import annotations

import io
import random
import traceback
import zipfile

import segno

from hygie.phishing.analysis import VERDICT_LABELS, analyse
from hygie.phishing.reading import Unreadable, read_email, read_file, read_sms
from hygie.phishing.tests.base import TAX_REFUND_EML
from hygie.phishing.tests.helpers import AnalysisTestCase, eml

SEED = 17
MUTANTS = 400


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("facture.pdf.exe", b"MZ" + b"\0" * 64)
    return buffer.getvalue()


def _qr() -> bytes:
    buffer = io.BytesIO()
    segno.make("https://ameli-remboursement.example/connexion").save(buffer, kind="png", scale=4)
    return buffer.getvalue()


def originals() -> list[bytes]:
    lure = eml(
        sender='"Assurance Maladie" <service@ameli-remboursement.example>',
        subject="Votre remboursement de 120,70 € vous attend",
        text="Cliquez ici sous 48h",
        html='<p>Cliquez <a href="http://ameli-remboursement.example/x">https://www.ameli.fr</a></p>',
        attachments=(("facture.zip", "application/zip", _zip()), ("qr.png", "image/png", _qr())),
    )
    forwarded = eml(
        subject="TR: à vérifier",
        text="Regarde ce message",
        attachments=(("original.eml", "message/rfc822", TAX_REFUND_EML.encode()),),
    )
    return [TAX_REFUND_EML.encode(), lure, forwarded]


def mutate(source: bytes, rng: random.Random) -> bytes:
    data = bytearray(source)
    kind = rng.randrange(9)
    if kind == 0:  # flipped bytes
        for _ in range(rng.randint(1, 40)):
            data[rng.randrange(len(data))] = rng.randrange(256)
    elif kind == 1:  # a cut source
        del data[rng.randrange(len(data)) :]
    elif kind == 2:  # deleted spans
        for _ in range(rng.randint(1, 5)):
            start = rng.randrange(len(data))
            del data[start : start + rng.randint(1, 200)]
    elif kind == 3:  # a repeated line (boundaries, headers)
        lines = bytes(data).split(b"\n")
        line = rng.choice(lines)
        at = rng.randrange(len(lines))
        lines[at:at] = [line] * rng.randint(2, 3000)
        data = bytearray(b"\n".join(lines))
    elif kind == 4:  # garbled charsets and transfer encodings
        for old, new in [
            (b"utf-8", rng.choice([b"x-\xff\xfe", b"utf-7", b"??", b"unicode-1-1-utf-7", b""])),
            (b"base64", rng.choice([b"quoted-printable", b"8bit", b"x-uuencode", b"base6"])),
            (b"quoted-printable", b"base64"),
        ]:
            data = bytearray(bytes(data).replace(old, new))
    elif kind == 5:  # a message nested in itself, deeper than the limit
        nested = bytes(data)
        for _ in range(rng.randint(5, 40)):
            nested = (
                b"Content-Type: message/rfc822\n\n" + nested
                if rng.random() < 0.5
                else b'Content-Type: multipart/mixed; boundary="b"\n\n--b\n' + nested + b"\n--b--\n"
            )
        data = bytearray(nested)
    elif kind == 6:  # binary garbage with a header on top
        data = bytearray(b"From: x@y\n\n" + rng.randbytes(rng.randint(1, 20_000)))
    elif kind == 7:  # an HTML part that never closes its tags
        data = bytearray(
            bytes(data).replace(b"<p>", b"<p <a href='" + b"<" * rng.randint(100, 5000) + b"'")
        )
    else:  # invisible and right-to-left characters everywhere
        data = bytearray(bytes(data).replace(b"a", "a\u202e\u200b".encode(), rng.randint(1, 200)))
    return bytes(data)


class HostileMessagesTestCase(AnalysisTestCase):
    def assertAnalysed(self, label: str, read, *arguments) -> None:
        try:
            analysis = analyse(read(*arguments))
        except Unreadable as refused:
            self.assertTrue(refused.message, label)
            return
        except Exception:
            self.fail(f"{label}:\n{traceback.format_exc()}")
        self.assertIn(analysis.verdict, VERDICT_LABELS, label)
        analysis.as_json()  # explanations built, as the page and command do

    def test_mutated_e_mails_are_always_read_and_analysed(self):
        rng = random.Random(SEED)
        sources = originals()
        for number in range(MUTANTS):
            mutant = mutate(rng.choice(sources), rng)
            self.assertAnalysed(f"mutant {number} (seed {SEED})", read_email, mutant)

    def test_mutated_sms_are_always_analysed(self):
        rng = random.Random(SEED)
        text = "ASSURANCE MALADIE : votre carte Vitale expire, renouvelez-la sur cpam-contact.fr"
        for number in range(MUTANTS):
            chars = list(text)
            for _ in range(rng.randint(1, 20)):
                chars.insert(rng.randrange(len(chars) + 1), chr(rng.randrange(1, 0x30000)))
            mutant = "".join(chars)
            self.assertAnalysed(f"SMS mutant {number}", read_sms, mutant)

    def test_a_twenty_megabyte_e_mail_gets_a_verdict(self):
        big = eml(
            subject="Archives",
            text="Bonjour,\n" + "Ligne de compte rendu sans lien.\n" * 640_000,
        )
        self.assertGreater(len(big), 20_000_000)
        self.assertAnalysed("20 MB e-mail", read_email, big)

    def test_files_of_every_kind_with_garbage_inside_are_refused_or_read(self):
        rng = random.Random(SEED)
        for name in ("message.eml", "message.msg", "sms.txt"):
            for number in range(20):
                data = rng.randbytes(rng.randint(0, 5000))
                self.assertAnalysed(f"{name} #{number}", read_file, name, data)
