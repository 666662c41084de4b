from django.test import SimpleTestCase

from hygie.phishing import reading
from hygie.phishing.analysis import EMAIL, LINK, SMS
from hygie.phishing.reading import (
    Unreadable,
    decode_text,
    links_in,
    read_email,
    read_file,
    read_html,
    read_link,
    read_sms,
)
from hygie.phishing.tests.helpers import eml


def urls(text: str) -> list[str]:
    return [link.url for link in links_in(text)]


class BareLinksTestCase(SimpleTestCase):
    def test_links_with_a_scheme_or_www_are_found(self):
        self.assertEqual(
            urls("Voir https://www.ameli.fr/assure et www.doctolib.fr."),
            ["https://www.ameli.fr/assure", "www.doctolib.fr"],
        )

    def test_a_bare_domain_with_its_path_is_a_link(self):
        self.assertEqual(
            urls("Commandez-la sur cpam-contact.fr/carte-vitale avant lundi"),
            ["cpam-contact.fr/carte-vitale"],
        )
        self.assertEqual(urls("ameli-remboursement.com"), ["ameli-remboursement.com"])

    def test_obfuscated_links_are_undone_but_kept_as_written(self):
        found = links_in("Lien : hxxps://secu.c-agricole[.]link/connexion")
        self.assertEqual(found[0].url, "https://secu.c-agricole.link/connexion")
        self.assertEqual(found[0].raw, "hxxps://secu.c-agricole[.]link/connexion")
        self.assertEqual(urls("chronopost-interruption(.)com"), ["chronopost-interruption.com"])
        self.assertEqual(urls("http[:]//ants-amende.fr"), ["http://ants-amende.fr"])

    def test_ordinary_words_file_names_and_addresses_are_not_links(self):
        self.assertEqual(
            urls(
                "M.Dupont envoie facture.zip et rapport.pdf à jean.dupont@gmail.com, "
                "version 2.5, le dossier.Info, 06.12.34.56.78 et St.Louis."
            ),
            [],
        )

    def test_trailing_punctuation_is_not_part_of_a_link(self):
        self.assertEqual(
            urls("(voir https://ameli.fr/a), puis ameli.fr."), ["https://ameli.fr/a", "ameli.fr"]
        )

    def test_invisible_characters_stay_in_the_excerpt_but_not_in_the_address(self):
        found = links_in("https://ame\u200bli.fr/compte")
        self.assertEqual(found[0].url, "https://ameli.fr/compte")
        self.assertIn("\u200b", found[0].raw)


class HtmlTestCase(SimpleTestCase):
    def test_html_is_reduced_to_its_visible_text_and_its_anchors(self):
        text, links = read_html(
            "<html><head><title>T</title><style>p{color:red}</style>"
            "<script>var x = 'https://script.example.com';</script></head>"
            "<body><p>Bonjour&nbsp;Docteur,</p><p>Cliquez "
            '<a href="https://evil.example.com/x">www.ameli.fr</a></p>'
            '<a href="https://doc.example.com"><img alt="Mon compte"></a></body></html>'
        )
        self.assertIn("Bonjour\xa0Docteur", text.replace(" ", "\xa0"))
        self.assertNotIn("color", text)
        self.assertNotIn("script.example.com", text)
        self.assertEqual(
            [(link.url, link.text) for link in links],
            [
                ("https://evil.example.com/x", "www.ameli.fr"),
                ("https://doc.example.com", "Mon compte"),
            ],
        )

    def test_forms_frames_and_refreshes_are_links_too(self):
        _text, links = read_html(
            '<form action="https://collect.example.top/p"><input name="pwd"></form>'
            '<iframe src="https://frame.example.com"></iframe>'
            '<meta http-equiv="refresh" content="0; url=https://next.example.com/">'
        )
        self.assertEqual(
            [(link.url, link.found_in) for link in links],
            [
                ("https://collect.example.top/p", "formulaire"),
                ("https://frame.example.com", "html"),
                ("https://next.example.com/", "html"),
            ],
        )

    def test_mailto_and_internal_anchors_are_not_links(self):
        _text, links = read_html('<a href="mailto:a@b.fr">écrire</a><a href="#haut">haut</a>')
        self.assertEqual(links, [])

    def test_broken_html_is_read_as_far_as_possible(self):
        text, links = read_html('<p>Texte <a href="https://a.example.com">lien<div><b>suite</p')
        self.assertIn("suite", text)
        self.assertEqual(links[0].url, "https://a.example.com")


class CharsetTestCase(SimpleTestCase):
    def test_a_declared_charset_is_used(self):
        self.assertEqual(decode_text("é".encode("latin-1"), "iso-8859-1"), ("é", True))

    def test_a_wrong_charset_falls_back_and_says_so(self):
        self.assertEqual(decode_text("Crédit".encode(), "x-inconnu"), ("Crédit", False))
        self.assertEqual(decode_text("Crédit".encode("cp1252"), "utf-8"), ("Crédit", False))

    def test_a_part_in_a_wrong_charset_is_read_and_noted(self):
        raw = (
            b"From: a@cabinet.fr\r\nSubject: test\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
            + "Vous avez droit à un remboursement".encode("cp1252")
        )
        message = read_email(raw)
        self.assertIn("droit à un remboursement", message.text)
        self.assertTrue(any("jeu de caractères" in note for note in message.unread))

    def test_encoded_and_raw_eight_bit_headers_are_decoded(self):
        raw = (
            "From: =?utf-8?q?S=C3=A9curit=C3=A9_Sociale?= <x@exemple.fr>\r\n"
            "Subject: Remboursement d’impôt\r\n\r\ntexte"
        ).encode()
        message = read_email(raw)
        self.assertEqual(message.sender_name, "Sécurité Sociale")
        self.assertEqual(message.subject, "Remboursement d’impôt")


class EmailTestCase(SimpleTestCase):
    def test_an_email_is_read_with_its_sender_headers_text_and_links(self):
        message = read_email(
            eml(
                sender='"impots.gouv.fr" <remboursement@office360.com>',
                subject="Remboursement de 120,70 €",
                text="Délai de 48h maximum : https://impots.gouv.fr.remboursement-secure.com/",
                headers=(("Reply-To", "aide@gmail.com"), ("Return-Path", "<b@office360.com>")),
            ),
            id="impots",
        )
        self.assertEqual(message.channel, EMAIL)
        self.assertEqual(message.id, "impots")
        self.assertEqual(message.sender_name, "impots.gouv.fr")
        self.assertEqual(message.sender_address, "remboursement@office360.com")
        self.assertEqual(message.reply_to, "aide@gmail.com")
        self.assertEqual(message.return_path, "b@office360.com")
        self.assertEqual(message.subject, "Remboursement de 120,70 €")
        self.assertEqual(
            [link.url for link in message.links],
            ["https://impots.gouv.fr.remboursement-secure.com/"],
        )
        self.assertIn("from", message.headers)

    def test_the_html_version_is_the_text_the_reader_sees(self):
        message = read_email(
            eml(
                text="Version texte",
                html='<p>Version HTML <a href="https://x.example.com">Mon espace</a></p>',
            )
        )
        self.assertIn("Version HTML", message.text)
        self.assertEqual(
            [(link.url, link.text) for link in message.links],
            [("https://x.example.com", "Mon espace")],
        )

    def test_headers_keep_their_order_topmost_first(self):
        raw = (
            b"Authentication-Results: mx.recu.fr; dmarc=fail header.from=ameli.fr\r\n"
            b"Received: from x\r\n"
            b"Authentication-Results: faux; dmarc=pass header.from=ameli.fr\r\n"
            b"From: a@ameli.fr\r\n\r\ntexte"
        )
        self.assertEqual(
            read_email(raw).headers["authentication-results"],
            [
                "mx.recu.fr; dmarc=fail header.from=ameli.fr",
                "faux; dmarc=pass header.from=ameli.fr",
            ],
        )

    def test_attachments_are_collected_and_a_calendar_invitation_too(self):
        message = read_email(
            eml(
                attachments=(
                    ("facture.pdf.exe", "application/octet-stream", b"MZ" + b"\0" * 100),
                    ("invite.ics", "text/calendar", b"BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\n"),
                )
            )
        )
        self.assertEqual(
            [(a.filename, a.content_type, a.size) for a in message.attachments],
            [
                ("facture.pdf.exe", "application/octet-stream", 102),
                ("invite.ics", "text/calendar", 33),
            ],
        )
        self.assertEqual(message.attachments[0].data[:2], b"MZ")

    def test_the_links_of_an_html_attachment_are_read(self):
        message = read_email(
            eml(
                attachments=(
                    ("releve.html", "text/html", b'<a href="https://vol.example.top/">ok</a>'),
                )
            )
        )
        self.assertEqual(
            [(link.url, link.found_in) for link in message.links],
            [("https://vol.example.top/", "pièce jointe")],
        )

    def test_a_message_forwarded_as_an_attachment_is_read_inside(self):
        inner = eml(
            sender='"Ameli" <contact@cpam-contact.fr>',
            subject="Nouvelle carte Vitale",
            text="Commandez-la : https://cpam-contact.fr/vitale",
        )
        raw = (
            b"From: collegue@cabinet.fr\r\nSubject: Fwd: bizarre\r\nMIME-Version: 1.0\r\n"
            b'Content-Type: multipart/mixed; boundary="B"\r\n\r\n--B\r\n'
            b"Content-Type: text/plain\r\n\r\nRegarde ce message.\r\n--B\r\n"
            b"Content-Type: message/rfc822\r\n\r\n" + inner + b"\r\n--B--\r\n"
        )
        message = read_email(raw)
        self.assertIn("Objet : Nouvelle carte Vitale", message.text)
        self.assertIn("https://cpam-contact.fr/vitale", [link.url for link in message.links])

    def test_a_pasted_original_page_is_read_from_its_first_header(self):
        raw = (
            "Message d'origine\nID du message\t<x@y>\nCréé le :\t3 mars 2024\n\n"
            'Delivered-To: moi@cabinet.fr\nFrom: "Doctolib" <no-reply@doctolib.fr>\n'
            "Subject: Rappel\n\nVotre rendez-vous demain."
        ).encode()
        message = read_email(raw)
        self.assertEqual(message.sender_address, "no-reply@doctolib.fr")
        self.assertEqual(message.subject, "Rappel")

    def test_binary_garbage_gives_a_best_effort_reading(self):
        message = read_email(bytes(range(256)) * 20)
        self.assertEqual(message.channel, EMAIL)
        self.assertTrue(message.unread)

    def test_a_message_over_the_size_limit_is_refused_in_french(self):
        with self.assertRaisesMessage(Unreadable, "25 Mo"):
            read_email(b"x" * (reading.MAX_INPUT_BYTES + 1))

    def test_deep_nesting_stops_at_the_depth_limit_and_says_so(self):
        body = b"Content-Type: text/plain\r\n\r\nfond\r\n"
        for level in range(reading.MAX_DEPTH + 3):
            boundary = f"b{level}".encode()
            body = (
                b'Content-Type: multipart/mixed; boundary="'
                + boundary
                + b'"\r\n\r\n--'
                + boundary
                + b"\r\n"
                + body
                + b"--"
                + boundary
                + b"--\r\n"
            )
        message = read_email(b"From: a@b.fr\r\nMIME-Version: 1.0\r\n" + body)
        self.assertTrue(any("niveaux" in note for note in message.unread))

    def test_a_message_with_thousands_of_links_analyses_the_first_thousand(self):
        html = "".join(f'<a href="https://s{k}.example.com/">lien {k}</a>' for k in range(3000))
        message = read_email(eml(text=None, html=html))
        self.assertEqual(len(message.links), reading.MAX_LINKS)
        self.assertTrue(any("liens" in note for note in message.unread))


class SmsAndLinkTestCase(SimpleTestCase):
    def test_an_sms_keeps_its_sender_and_its_number(self):
        message = read_sms("Votre colis : https://bit.ly/x", sender="06 12 34 56 78", id="7")
        self.assertEqual((message.channel, message.id), (SMS, "7"))
        self.assertEqual(message.sender_name, "06 12 34 56 78")
        self.assertEqual(message.sender_address, "0612345678")
        self.assertEqual([link.url for link in message.links], ["https://bit.ly/x"])

    def test_an_sms_sent_under_a_name_has_no_number(self):
        self.assertEqual(read_sms("Code 1234", sender="AMELI").sender_address, "")

    def test_a_bare_link_is_one_link(self):
        message = read_link("  hxxp://doctoIib[.]fr/login ")
        self.assertEqual(message.channel, LINK)
        self.assertEqual([link.url for link in message.links], ["http://doctoIib.fr/login"])

    def test_a_text_file_is_one_sms(self):
        message = read_file("lots/sms-12.txt", "Ameli : carte Vitale".encode("cp1252"))
        self.assertEqual(
            (message.channel, message.id, message.text), (SMS, "sms-12", "Ameli : carte Vitale")
        )


class HostileHtmlTestCase(SimpleTestCase):
    def test_a_flood_of_unclosed_tags_is_read_as_a_browser_does(self):
        # « <p <p <p … > » is one tag with odd attributes to a browser; a
        # quadratic parser took seconds on 30 KB of it.
        text, links = read_html("<p " * 100_000 + '><a href="https://x.example.com">ok</a>')
        self.assertEqual(text, "ok")
        self.assertEqual(links[0].url, "https://x.example.com")

    def test_a_less_than_sign_in_text_or_attribute_is_kept(self):
        text, links = read_html('<p>a < b</p><a href="https://x.fr" title="1<2">lien</a>')
        self.assertIn("a < b", text)
        self.assertEqual([(link.url, link.text) for link in links], [("https://x.fr", "lien")])


class MalformedHeadersTestCase(SimpleTestCase):
    def test_garbled_charset_names_in_headers_and_parts_never_fail(self):
        raw = (
            b"From: =?utf\x00-8?q?Ameli?= <a@b.fr>\r\nSubject: =?utfz\xc5\xa1-8?b?QQ==?=\r\n"
            b'Content-Type: text/plain; charset="\x00bad"\r\n\r\ntexte'
        )
        message = read_email(raw)
        self.assertEqual(message.sender_address, "a@b.fr")
        self.assertIn("texte", message.text)
