"""/outils/message/: anyone analyses a message without an account, and Hygie
keeps nothing of it but the day's count."""

from __future__ import annotations

import html
import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase, override_settings
from django.utils import timezone

from hygie.journal.models import Entry
from hygie.phishing.models import AnalysisCount, MessageReport
from hygie.phishing.tests.base import (
    LOOK_ALIKE,
    SENDER,
    TAX_REFUND_EML,
    VITALE_SMS,
)

URL = "/outils/message/"
VERDICTS = ("Dangereux", "Suspect", "Aucun signe d'hameçonnage trouvé")


def says(response, text: str) -> bool:
    """Whether the page says the text, once its HTML entities are read."""
    return text in html.unescape(response.content.decode())


class PublicPageTestCase(TestCase):
    def analyse(self, **data):
        return self.client.post(URL, data)

    def verdict(self, response) -> str:
        found = re.search(r'class="verdict__label">([^<]+)<', response.content.decode())
        return html.unescape(found.group(1)) if found else ""

    def assertSays(self, response, text: str, status: int = 200) -> None:
        self.assertEqual(response.status_code, status)
        self.assertTrue(says(response, text), f"{text!r} not found in the page")

    def test_it_offers_a_form_for_a_text_a_file_and_the_kind_of_message(self):
        r = self.client.get(URL)
        self.assertContains(r, "<h1>Analyser un message suspect</h1>", html=True)
        self.assertContains(r, 'enctype="multipart/form-data"')
        self.assertContains(r, 'name="text"')
        self.assertContains(r, 'type="file"')
        self.assertContains(r, 'accept=".eml,.msg,.txt"')
        self.assertContains(r, 'name="sender"')
        self.assertContains(r, 'value="auto" id="id_channel_0" checked')

    def test_it_states_its_limits(self):
        r = self.client.get(URL)
        self.assertContains(r, "25 Mo au plus")
        self.assertContains(r, "5 Mo au plus")
        self.assertSays(r, "n'ouvre aucun lien")

    def test_it_needs_no_account_and_sets_no_session(self):
        r = self.analyse(text=VITALE_SMS)
        self.assertEqual(r.status_code, 200)
        self.assertNotIn("sessionid", r.cookies)
        self.assertNotIn("__Host-sessionid", r.cookies)

    def test_an_sms_gets_a_verdict_never_said_safe(self):
        r = self.analyse(text=VITALE_SMS, sender="AMELI")
        self.assertIn(self.verdict(r), VERDICTS)
        self.assertContains(r, "Ce qui a été vérifié")
        self.assertSays(r, "Ce qui ne l'a pas été")
        self.assertIsNone(re.search(r"\bsûr\b", r.content.decode()))
        self.assertContains(r, "33700")
        self.assertSays(r, "J'ai cliqué sur le lien")
        self.assertSays(r, "J'ai saisi mon mot de passe")

    def test_it_keeps_nothing_but_the_day_s_count(self):
        entries = Entry.objects.count()
        self.analyse(text=VITALE_SMS)
        self.analyse(text="https://cpam-contact.fr")
        self.assertFalse(MessageReport.objects.exists())
        self.assertEqual(Entry.objects.count(), entries)
        counts = {(c.channel, c.count) for c in AnalysisCount.objects.all()}
        self.assertEqual(counts, {("sms", 1), ("lien", 1)})
        self.assertEqual(
            set(AnalysisCount.objects.values_list("day", flat=True)), {timezone.localdate()}
        )

    def test_a_second_analysis_adds_to_the_day_s_count(self):
        self.analyse(text=VITALE_SMS)
        self.analyse(text=VITALE_SMS)
        self.assertEqual(AnalysisCount.objects.get(channel="sms").count, 2)

    def test_the_message_is_shown_as_text_never_as_html(self):
        r = self.analyse(text='<script>alert(1)</script><img src="x"> https://exemple.fr')
        self.assertNotContains(r, "<script>alert(1)</script>")
        self.assertNotContains(r, '<img src="x">')
        self.assertContains(r, "&lt;script&gt;alert(1)&lt;/script&gt;")

    def test_characters_that_hide_or_reverse_text_are_shown_by_their_code(self):
        r = self.analyse(text="Votre colis : https://exemple.fr/\u202efdp.exe")
        self.assertContains(r, "[U+202E]")
        self.assertNotContains(r, "\u202e")

    def test_a_lone_link_is_read_as_a_link(self):
        r = self.analyse(text="  https://cpam-contact.fr/carte-vitale  ")
        self.assertSays(r, "l'adresse du lien")
        self.assertEqual(AnalysisCount.objects.get().channel, "lien")

    def test_an_e_mail_s_source_is_read_as_an_e_mail(self):
        r = self.analyse(text=TAX_REFUND_EML)
        self.assertContains(r, "Remboursement impôts")
        self.assertContains(r, SENDER)
        self.assertEqual(AnalysisCount.objects.get().channel, "email")

    def test_the_channel_chosen_wins_over_the_guess(self):
        self.analyse(text="https://cpam-contact.fr", channel="sms")
        self.assertEqual(AnalysisCount.objects.get().channel, "sms")

    def test_a_link_chosen_for_a_sentence_is_refused_in_french(self):
        r = self.analyse(text="Bonjour, voici le lien https://exemple.fr", channel="lien")
        self.assertSays(r, "collez l'adresse seule", 400)
        self.assertFalse(AnalysisCount.objects.exists())

    def test_an_eml_file_is_read(self):
        upload = SimpleUploadedFile("impots.eml", TAX_REFUND_EML.encode(), "message/rfc822")
        r = self.client.post(URL, {"file": upload, "channel": "auto"})
        self.assertContains(r, "Remboursement impôts")
        self.assertEqual(AnalysisCount.objects.get().channel, "email")

    def test_a_text_file_in_windows_1252_is_read(self):
        upload = SimpleUploadedFile(
            "sms.txt", "Votre carte Vitale expire : réglez 1,99 €".encode("cp1252")
        )
        r = self.client.post(URL, {"file": upload})
        self.assertContains(r, "réglez 1,99 €")

    def test_nothing_to_analyse_is_refused_in_french(self):
        r = self.analyse(text="   ")
        self.assertContains(r, "Collez le message à analyser", status_code=400)
        self.assertFalse(AnalysisCount.objects.exists())

    def test_a_text_and_a_file_at_once_are_refused(self):
        upload = SimpleUploadedFile("sms.txt", b"Bonjour")
        r = self.client.post(URL, {"text": "Bonjour", "file": upload})
        self.assertContains(r, "pas les deux à la fois", status_code=400)

    def test_another_kind_of_file_is_refused_in_french(self):
        upload = SimpleUploadedFile("facture.pdf", b"%PDF-1.4")
        r = self.client.post(URL, {"file": upload})
        self.assertSays(r, "n'est pas un fichier pris en charge", 400)
        self.assertFalse(AnalysisCount.objects.exists())

    def test_a_binary_text_file_is_refused_in_french(self):
        upload = SimpleUploadedFile("sms.txt", b"\x00\x01\x02binaire\x00")
        r = self.client.post(URL, {"file": upload})
        self.assertContains(r, "ne contient pas de texte lisible", status_code=400)

    def test_a_file_announced_too_big_is_refused_before_it_is_read(self):
        r = self.client.post(URL, {"text": "Bonjour"}, CONTENT_LENGTH=str(40 * 1024 * 1024))
        self.assertSays(r, "Ce fichier dépasse 25 Mo : Hygie ne l'a pas lu.", 413)
        self.assertNotContains(r, "Bonjour", status_code=413)
        self.assertFalse(AnalysisCount.objects.exists())

    @override_settings(PHISHING_MAX_FILE_BYTES=1024 * 1024)
    def test_a_file_over_the_limit_is_stopped_while_it_arrives(self):
        upload = SimpleUploadedFile("gros.eml", b"Subject: x\n\n" + b"a" * 1_100_000)
        r = self.client.post(URL, {"file": upload})
        self.assertSays(r, "Ce fichier dépasse 1 Mo : Hygie ne l'a pas lu.", 413)
        self.assertFalse(AnalysisCount.objects.exists())

    @override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=2048)
    def test_a_text_over_the_limit_is_refused_in_french(self):
        r = self.analyse(text="a" * 5000)
        self.assertContains(r, "Le texte collé dépasse", status_code=413)

    def test_a_post_without_its_csrf_token_is_refused(self):
        from django.test import Client

        r = Client(enforce_csrf_checks=True).post(URL, {"text": VITALE_SMS})
        self.assertEqual(r.status_code, 403)
        self.assertFalse(AnalysisCount.objects.exists())

    def test_the_seed_s_tax_refund_is_dangerous_with_its_sender_and_hidden_link_marked(self):
        r = self.analyse(text=TAX_REFUND_EML)
        self.assertEqual(self.verdict(r), "Dangereux")
        html = r.content.decode()
        marks = re.findall(r"<mark>(.*?)</mark>", html, re.S)
        self.assertTrue(any("office360.com" in m for m in marks), marks)
        self.assertTrue(any("remboursement-dgfip.com" in m for m in marks), marks)
        self.assertContains(r, LOOK_ALIKE)
        self.assertContains(r, "signal-spam.fr")
        self.assertSays(r, "J'ai ouvert la pièce jointe")
