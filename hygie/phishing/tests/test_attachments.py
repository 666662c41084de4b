"""Attachments: names and contents that betray a dangerous file, archives
listed without being extracted, QR codes decoded from images and PDFs."""

import io
import zipfile
import zlib

import segno
from django.test import SimpleTestCase, TestCase
from PIL import Image
from pypdf import PdfWriter
from pypdf.annotations import Link as LinkAnnotation

from hygie.phishing import attachments
from hygie.phishing.analysis import EMAIL, Attachment, Link, Message
from hygie.phishing.tests.compound import Entry, build

LURE_URL = "https://ameli-remboursement.example/carte-vitale"


def message(*files: Attachment) -> Message:
    return Message(EMAIL, text="Veuillez trouver ci-joint votre document.", attachments=list(files))


def attachment(name: str, data: bytes = b"", content_type: str = "") -> Attachment:
    return Attachment(filename=name, content_type=content_type, size=len(data), data=data)


def rules(msg: Message) -> list[str]:
    return [s.rule for s in attachments.check(msg)]


def zip_of(*members: tuple[str, bytes], encrypted: bool = False) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            info = zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    data = bytearray(buffer.getvalue())
    if encrypted:
        # zipfile writes no encrypted archive: set the « encrypted » flag of each
        # member in its local header and in the central directory, as a tool would.
        for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
            start = data.find(signature)
            while start != -1:
                data[start + offset] |= 0x1
                start = data.find(signature, start + 4)
    return bytes(data)


def qr_png(text: str) -> bytes:
    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="png", scale=6, border=4)
    return buffer.getvalue()


def pdf_with_image(png: bytes) -> bytes:
    buffer = io.BytesIO()
    page = Image.new("RGB", (600, 800), "white")
    page.paste(Image.open(io.BytesIO(png)).convert("RGB"), (150, 200))
    page.save(buffer, format="PDF")
    return buffer.getvalue()


class NamesTestCase(SimpleTestCase):
    def test_a_document_name_ending_in_a_program_is_a_double_extension(self):
        self.assertEqual(
            rules(message(attachment("facture.pdf.exe"))), ["piece_jointe.double-extension"]
        )

    def test_spaces_before_the_real_extension_are_a_deceptive_name(self):
        name = "Ordonnance.pdf" + " " * 20 + ".scr"
        self.assertEqual(rules(message(attachment(name))), ["piece_jointe.double-extension"])

    def test_a_right_to_left_override_is_a_deceptive_name(self):
        self.assertEqual(
            rules(message(attachment("facture\u202efdp.exe"))), ["piece_jointe.double-extension"]
        )

    def test_programs_and_scripts_are_executables(self):
        for name in (
            "setup.exe",
            "scan.js",
            "doc.vbs",
            "run.bat",
            "x.cmd",
            "a.ps1",
            "b.hta",
            "Facture.lnk",
            "c.jar",
            "d.msi",
        ):
            with self.subTest(name=name):
                self.assertEqual(rules(message(attachment(name))), ["piece_jointe.executable"])

    def test_macro_enabled_office_files_html_svg_and_disk_images_are_flagged(self):
        for name, rule in [
            ("budget.xlsm", "macros"),
            ("courrier.docm", "macros"),
            ("Message_vocal.html", "html"),
            ("facture.htm", "html"),
            ("logo.svg", "html"),
            ("documents.iso", "image-disque"),
            ("disque.vhd", "image-disque"),
        ]:
            with self.subTest(name=name):
                self.assertEqual(rules(message(attachment(name))), [f"piece_jointe.{rule}"])

    def test_ordinary_documents_are_left_alone(self):
        for name in (
            "compte-rendu.pdf",
            "photo.jpg",
            "planning.xlsx",
            "lettre.docx",
            "rdv.ics",
            "Dr. Martin - CR.pdf",
        ):
            with self.subTest(name=name):
                self.assertEqual(rules(message(attachment(name, b"%PDF-1.4 ordinary"))), [])


class ContentsTestCase(SimpleTestCase):
    def test_a_program_named_as_a_document_is_flagged(self):
        self.assertIn(
            "piece_jointe.contenu-executable",
            rules(message(attachment("facture.pdf", b"MZ\x90\x00" + b"\0" * 100))),
        )

    def test_a_web_page_named_as_a_document_is_flagged(self):
        data = b"  <!DOCTYPE html><html><form action='https://x.example'>"
        self.assertEqual(rules(message(attachment("scan.pdf", data))), ["piece_jointe.html"])

    def test_a_docx_holding_macros_is_flagged(self):
        data = zip_of(("word/document.xml", b"<w/>"), ("word/vbaProject.bin", b"vba"))
        self.assertEqual(rules(message(attachment("lettre.docx", data))), ["piece_jointe.macros"])

    def test_an_old_office_document_with_macros_is_flagged(self):
        macros = Entry("Macros")
        macros.add(Entry("VBA")).add(Entry("dir", b"\x01" * 40))
        data = build([Entry("WordDocument", b"w" * 5000), macros])
        self.assertEqual(rules(message(attachment("courrier.doc", data))), ["piece_jointe.macros"])
        plain = build([Entry("WordDocument", b"w" * 5000)])
        self.assertEqual(rules(message(attachment("courrier.doc", plain))), [])

    def test_a_pdf_with_javascript_is_active(self):
        data = b"%PDF-1.7\n1 0 obj << /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>"
        signal = attachments.check(message(attachment("facture.pdf", data)))[0]
        self.assertEqual(signal.rule, "piece_jointe.pdf-actif")
        self.assertEqual(signal.evidence[0].text, "facture.pdf (JavaScript)")


class ArchivesTestCase(SimpleTestCase):
    def test_an_archive_holding_a_program_is_dangerous(self):
        data = zip_of(("Facture_2025.pdf.exe", b"MZ"), ("lisez-moi.txt", b"ok"))
        signal = attachments.check(message(attachment("facture.zip", data)))[0]
        self.assertEqual(signal.rule, "piece_jointe.archive-dangereuse")
        self.assertEqual(signal.evidence[0].text, "facture.zip › Facture_2025.pdf.exe")

    def test_an_ordinary_archive_is_left_alone(self):
        data = zip_of(("photos/1.jpg", b"jpeg"), ("compte-rendu.pdf", b"%PDF"))
        self.assertEqual(rules(message(attachment("documents.zip", data))), [])

    def test_an_archive_bomb_is_flagged_from_its_declared_sizes(self):
        data = zip_of(("zeros.bin", b"\0" * (8 * 1024 * 1024)))
        self.assertLess(len(data), 100_000)
        self.assertEqual(
            rules(message(attachment("docs.zip", data))), ["piece_jointe.archive-bombe"]
        )

    def test_an_archive_with_too_many_members_is_flagged(self):
        data = zip_of(*[(f"f{i}.txt", b"") for i in range(attachments.ZIP_MEMBERS + 1)])
        self.assertIn("piece_jointe.archive-bombe", rules(message(attachment("a.zip", data))))

    def test_an_encrypted_archive_is_flagged(self):
        data = zip_of(("facture.pdf", b"%PDF"), encrypted=True)
        self.assertEqual(
            rules(message(attachment("facture.zip", data))), ["piece_jointe.archive-chiffree"]
        )

    def test_an_encrypted_archive_alone_is_not_suspect(self):
        data = zip_of(("bilan.pdf", b"%PDF"), encrypted=True)
        weight = sum(s.weight for s in attachments.check(message(attachment("b.zip", data))))
        self.assertLess(weight, 3)

    def test_archives_that_cannot_be_listed_are_said_not_inspected(self):
        for name, data in [
            ("a.rar", b"Rar!\x1a\x07\x00"),
            ("b.7z", b"7z\xbc\xaf\x27\x1c"),
            ("c.zip", b"PK\x03\x04garbage"),
        ]:
            with self.subTest(name=name):
                self.assertEqual(
                    rules(message(attachment(name, data))), ["piece_jointe.archive-non-inspectee"]
                )

    def test_a_truncated_archive_is_said_too_large_not_broken(self):
        data = zip_of(("a.txt", b"x"))
        truncated = Attachment("big.zip", size=50_000_000, data=data[:10])
        signal = attachments.check(message(truncated))[0]
        self.assertIn("trop volumineuse", signal.evidence[0].text)


class QrCodesTestCase(SimpleTestCase):
    def test_a_qr_code_in_a_png_becomes_a_link_then_a_signal(self):
        msg = message(attachment("scan.png", qr_png(LURE_URL), "image/png"))
        attachments.expand(msg)
        self.assertEqual(msg.links, [Link(url=LURE_URL, found_in="code QR", raw=LURE_URL)])
        signal = attachments.check(msg)[0]
        self.assertEqual(signal.rule, "piece_jointe.code-qr")
        self.assertEqual(signal.evidence[0].text, LURE_URL)

    def test_a_qr_code_in_a_jpeg_is_read(self):
        buffer = io.BytesIO()
        Image.open(io.BytesIO(qr_png(LURE_URL))).convert("RGB").save(buffer, format="JPEG")
        msg = message(attachment("photo.jpg", buffer.getvalue()))
        attachments.expand(msg)
        self.assertEqual([link.url for link in msg.links], [LURE_URL])

    def test_a_qr_code_in_a_pdf_is_read(self):
        msg = message(attachment("courrier.pdf", pdf_with_image(qr_png(LURE_URL))))
        attachments.expand(msg)
        self.assertEqual([(link.url, link.found_in) for link in msg.links], [(LURE_URL, "code QR")])

    def test_the_links_of_a_pdf_are_read(self):
        writer = PdfWriter()
        writer.add_blank_page(300, 300)
        writer.add_annotation(0, LinkAnnotation(rect=(10, 10, 100, 50), url=LURE_URL))
        buffer = io.BytesIO()
        writer.write(buffer)
        msg = message(attachment("facture.pdf", buffer.getvalue()))
        attachments.expand(msg)
        self.assertEqual(
            [(link.url, link.found_in) for link in msg.links], [(LURE_URL, "pièce jointe")]
        )

    def test_expanding_twice_adds_nothing(self):
        msg = message(attachment("scan.png", qr_png(LURE_URL)))
        attachments.expand(msg)
        attachments.expand(msg)
        self.assertEqual(len(msg.links), 1)

    def test_an_image_without_qr_code_adds_no_link(self):
        buffer = io.BytesIO()
        Image.new("RGB", (300, 200), "white").save(buffer, format="PNG")
        msg = message(attachment("logo.png", buffer.getvalue()))
        attachments.expand(msg)
        self.assertEqual(msg.links, [])
        self.assertEqual(attachments.check(msg), [])

    def test_broken_and_oversized_images_are_said_unread(self):
        header = Image.new("L", (1, 1))
        buffer = io.BytesIO()
        header.save(buffer, format="PNG")
        huge = bytearray(buffer.getvalue())
        huge[16:24] = (20000).to_bytes(4, "big") + (20000).to_bytes(4, "big")  # IHDR size
        huge[29:33] = zlib.crc32(bytes(huge[12:29])).to_bytes(4, "big")
        msg = message(
            attachment("broken.png", b"\x89PNG\r\n\x1a\nnot really"),
            attachment("huge.png", bytes(huge)),
            attachment("broken.pdf", b"%PDF-1.4 garbage"),
        )
        attachments.expand(msg)
        self.assertEqual(msg.links, [])
        self.assertEqual(len(msg.unread), 3)
        self.assertIn("trop grande", msg.unread[1])


class BankDetailsTestCase(TestCase):
    """Reads the wording rules from the content library, loaded in the test database."""

    def test_a_file_named_as_bank_details_is_noted(self):
        for name in ("RIB_nouveau.pdf", "Nouvel IBAN 2026.pdf", "coordonnees-bancaires.pdf"):
            with self.subTest(name=name):
                msg = message(attachment(name, b"%PDF-1.4\n%%EOF", "application/pdf"))
                self.assertIn("piece_jointe.coordonnees-bancaires", rules(msg))

    def test_the_file_of_a_bank_change_the_text_announces_counts_once(self):
        for text in (
            "Bonjour, suite à un changement de banque, voici nos nouvelles coordonnées bancaires.",
            "Je te joins mon nouveau RIB.",
        ):
            with self.subTest(text=text[:30]):
                msg = Message(
                    EMAIL,
                    text=text,
                    attachments=[attachment("RIB.pdf", b"%PDF-1.4\n%%EOF", "application/pdf")],
                )
                self.assertNotIn("piece_jointe.coordonnees-bancaires", rules(msg))

    def test_words_containing_rib_are_no_bank_details(self):
        for name in ("Tribunal_convocation.pdf", "Distribution_planning.pdf", "Ribeiro.pdf"):
            with self.subTest(name=name):
                msg = message(attachment(name, b"%PDF-1.4\n%%EOF", "application/pdf"))
                self.assertNotIn("piece_jointe.coordonnees-bancaires", rules(msg))
