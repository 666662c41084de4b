"""What a person hands over is read as the right kind of message."""

from __future__ import annotations

from django.test import SimpleTestCase

from hygie.phishing import intake
from hygie.phishing.reading import Unreadable
from hygie.phishing.tests.base import TAX_REFUND_EML, VITALE_SMS


class DetectChannelTestCase(SimpleTestCase):
    def test_headers_at_the_top_make_an_e_mail(self):
        self.assertEqual(intake.detect_channel(TAX_REFUND_EML), "email")
        gmail = "Delivered-To: a@b.fr\r\nReceived: by 2002:a05\r\n        with SMTP\r\nFrom: x@y.fr\r\n\r\nCorps"
        self.assertEqual(intake.detect_channel(gmail), "email")

    def test_a_lone_address_is_a_link(self):
        for text in (
            "https://cpam-contact.fr",
            "  www.ameli-remboursement.com/x?id=3 \n",
            "cpam-contact.fr",
            "hxxps://chr0nopost[.]fr/suivi",
        ):
            self.assertEqual(intake.detect_channel(text), "lien", text)

    def test_anything_else_is_an_sms(self):
        for text in (
            VITALE_SMS,
            "Bonjour.",
            "De : Direction Générale des Impôts\nObjet : remboursement",
            "Subject: only one header line\nhello",
        ):
            self.assertEqual(intake.detect_channel(text), "sms", text)

    def test_a_text_file_in_utf_8_or_windows_1252_is_decoded(self):
        self.assertEqual(intake.decode_text("Réglez 1,99 €".encode()), "Réglez 1,99 €")
        self.assertEqual(intake.decode_text("\ufeffRéglez".encode()), "Réglez")
        self.assertEqual(intake.decode_text("Réglez 1,99 €".encode("cp1252")), "Réglez 1,99 €")

    def test_an_empty_text_cannot_be_read(self):
        with self.assertRaisesMessage(Unreadable, "Le message est vide"):
            intake.read_text(" \n ")

    def test_the_command_reads_a_txt_file_as_one_sms_named_after_it(self):
        message = intake.read_named_file("lot/vitale.txt", VITALE_SMS.encode())
        self.assertEqual((message.channel, message.id), ("sms", "vitale"))

    def test_an_unexpected_failure_becomes_a_french_sentence(self):
        def broken():
            raise KeyError("boom")

        with (
            self.assertLogs("hygie.phishing", "WARNING") as logs,
            self.assertRaisesMessage(Unreadable, "Hygie n'a pas pu lire ce message"),
        ):
            intake.examine(broken)
        self.assertEqual(
            logs.output, ["WARNING:hygie.phishing:Analyse d'un message impossible : KeyError"]
        )
