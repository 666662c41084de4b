"""What an analysis hands on: redacted signals, domains, the incident's
description and the cyberquiz question, within their limits."""

from __future__ import annotations

from django.test import SimpleTestCase

from hygie.phishing import summary
from hygie.phishing.analysis import Link, Message
from hygie.phishing.tests.base import LOOK_ALIKE, written_analysis


class SummaryTestCase(SimpleTestCase):
    def test_only_excerpts_of_links_and_sender_stay(self):
        data = summary.summary(written_analysis(), "2026-03-03T09:20:00+01:00")
        kept = {e["ou"] for s in data["signaux"] for e in s["extraits"]}
        self.assertEqual(kept, {"lien", "expéditeur"})

    def test_the_domains_are_the_links_hosts_then_the_sender_s(self):
        message = Message(
            channel="email",
            sender_address="x@Office360.com",
            reply_to="y@autre.example",
            links=[
                Link("hxxps://chr0nopost[.]fr/suivi"),
                Link("www.Impots-Gouv.fr"),
                Link("https://[::1/"),
                Link("https://chr0nopost.fr/autre"),
            ],
        )
        self.assertEqual(
            summary.domains(message),
            ["chr0nopost.fr", "www.impots-gouv.fr", "office360.com", "autre.example"],
        )

    def test_a_shortened_text_ends_at_a_word_with_an_ellipsis(self):
        self.assertEqual(summary.shortened("un deux  trois\nquatre", 12), "un deux…")
        self.assertEqual(summary.shortened("court", 12), "court")

    def test_the_description_never_exceeds_what_an_incident_holds(self):
        analysis = written_analysis()
        analysis.message.links = [Link(f"https://d{i}.example/{'x' * 300}") for i in range(50)]
        data = summary.summary(analysis, "2026-03-03T09:20:00+01:00")
        data["expediteur"] = "x" * 300
        text = summary.incident_description("clic", data, "mardi 3 mars 2026 à 09:20")
        self.assertLessEqual(len(text), 4000)
        self.assertIn(
            LOOK_ALIKE,
            summary.incident_description("clic", summary.summary(written_analysis(), ""), "hier"),
        )

    def test_a_long_lure_still_makes_a_question_within_180_characters(self):
        data = summary.summary(written_analysis("sms"), "")
        data["texte"] = "Votre colis " * 100
        data["expediteur"] = "+33 6 12 34 56 78 " * 10
        text = summary.lure_text(data)
        self.assertLessEqual(len(text), 180)
        self.assertTrue(text.endswith("» Ce message est-il une arnaque ?"), text)

    def test_a_link_becomes_a_question_too(self):
        data = {"canal": "lien", "liens": ["https://cpam-contact.fr"], "texte": ""}
        self.assertEqual(
            summary.lure_text(data),
            "Lien reçu : https://cpam-contact.fr Ce message est-il une arnaque ?",
        )
