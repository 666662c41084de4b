"""The CNIL notification's draft: prefilled from what is known, kept as it is
typed, and each version sent kept (RGPD art. 33(3) and 33(4))."""

from __future__ import annotations

import io
from datetime import timedelta

from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from hygie.incidents import actions, notice
from hygie.incidents.models import (
    CnilDraft,
    CnilNotice,
    EntryKind,
    Incident,
    NoticeKind,
    TimelineEntry,
)
from hygie.incidents.tests.base import IncidentPagesTestCase
from hygie.law.incident import Risk
from hygie.tests.base import BaseTestCase
from hygie.tests.readback import pdf_text, text_problems


class DraftTestCase(BaseTestCase):
    def setUp(self):
        self.org.address = "12 rue des Tilleuls\n69003 Lyon"
        self.org.save()
        self.aware = timezone.localtime(timezone.now() - timedelta(hours=3))
        self.incident = actions.declare(
            self.org, kind="rancongiciel", discovered_at=self.aware, actor=self.secretaire
        )
        self.client = Client()
        self.client.force_login(self.praticien)
        self.url = reverse("incidents:cnil_draft", args=[self.org.code, self.incident.pk])
        self.autosave = reverse(
            "incidents:cnil_draft_autosave", args=[self.org.code, self.incident.pk]
        )

    def text(self, **values) -> dict:
        return {
            "kind": NoticeKind.INITIAL,
            "nature": "Rançongiciel sur le poste d'accueil.",
            "contact": "Dr Claire Martin",
            "consequences": "Agenda indisponible.",
            "measures": "- Poste isolé.",
            "delay": "",
            **values,
        }


class PrefillTestCase(DraftTestCase):
    def test_the_contact_is_the_titulaire_with_the_practices_address(self):
        self.assertEqual(
            notice.contact(self.incident),
            "Claire Martin, titulaire (Cabinet du Dr Martin) — claire@cabinet-martin.example\n"
            "12 rue des Tilleuls\n69003 Lyon",
        )

    def test_the_consequences_follow_the_qualification(self):
        actions.qualify(
            self.incident,
            {"risk": Risk.HIGH, "data_categories": "Dossiers médicaux", "persons": 1200},
            actor=self.titulaire,
        )
        text = notice.consequences(self.incident)
        self.assertIn("risque élevé pour les droits et libertés des personnes", text)
        self.assertIn("Données touchées : Dossiers médicaux.", text)
        self.assertIn("Personnes concernées : environ 1200 personnes.", text)
        actions.qualify(self.incident, {"persons": 1}, actor=self.titulaire)
        self.assertIn("environ 1 personne.", notice.consequences(self.incident))

    def test_the_measures_are_what_was_ticked_said_as_done_with_its_time(self):
        tick = TimelineEntry.objects.create(
            incident=self.incident,
            kind=EntryKind.REFLEX,
            reflex="couper-le-reseau",
            text="…",
            at=self.aware + timedelta(minutes=7),
        )
        at = timezone.localtime(tick.at)
        measures = notice.measures(self.incident)
        self.assertEqual(
            measures,
            "- L'ordinateur a été déconnecté du réseau (câble débranché, Wi-Fi désactivé) "
            f"à {at.hour} h {at:%M}.",
        )
        self.assertNotIn("Débranchez", measures)

    def test_the_page_is_prefilled_when_nothing_was_saved(self):
        page = self.client.get(self.url)
        form = page.context["form"]
        self.assertIn("claire@cabinet-martin.example", form.initial["contact"])
        self.assertEqual(form.initial["kind"], NoticeKind.INITIAL)
        self.assertContains(page, "Télécharger cette version (PDF)")


class KeptAsTypedTestCase(DraftTestCase):
    def test_the_draft_survives_a_reload(self):
        typed = self.text(consequences="Des dossiers ont pu être copiés.")
        response = self.client.post(self.autosave, typed, headers={"HX-Request": "true"})
        self.assertContains(response, "Brouillon enregistré")
        self.assertTemplateNotUsed(response, "base.html")
        page = self.client.get(self.url)
        self.assertEqual(page.context["form"].initial["consequences"], typed["consequences"])
        self.assertContains(page, "Des dossiers ont pu être copiés.")
        self.assertContains(page, "Brouillon enregistré")
        # Saved, not sent: no version, nothing in the timeline.
        self.assertFalse(CnilNotice.objects.exists())
        self.assertFalse(self.incident.timeline.filter(kind=EntryKind.DOCUMENT).exists())

    def test_a_draft_half_written_is_kept_too(self):
        self.client.post(self.autosave, {"nature": "Début…"}, headers={"HX-Request": "true"})
        self.assertEqual(CnilDraft.objects.get().nature, "Début…")

    def test_without_javascript_the_draft_is_saved_by_its_button(self):
        response = self.client.post(self.url, {"action": "brouillon", "nature": "À suivre."})
        self.assertRedirects(response, self.url)
        self.assertEqual(CnilDraft.objects.get().nature, "À suivre.")
        self.assertEqual(CnilDraft.objects.get().updated_by, self.praticien)

    def test_too_long_a_text_is_refused_and_said(self):
        response = self.client.post(
            self.autosave, {"contact": "x" * 1001}, headers={"HX-Request": "true"}
        )
        # Said in the line htmx swaps (it swaps only a success).
        self.assertContains(response, "Brouillon non enregistré")
        self.assertFalse(CnilDraft.objects.exists())

    def test_it_can_start_again_from_the_incident(self):
        self.client.post(self.autosave, self.text(), headers={"HX-Request": "true"})
        self.client.post(self.url, {"action": "reprendre"})
        self.assertFalse(CnilDraft.objects.exists())
        self.assertIn("Claire Martin", self.client.get(self.url).context["form"].initial["contact"])


class VersionsTestCase(DraftTestCase):
    def download(self, **values):
        response = self.client.post(self.url, self.text(**values))
        self.assertEqual(response["Content-Type"], "application/pdf", response.content[:500])
        return response

    def test_each_version_sent_is_kept_numbered_and_told_in_the_timeline(self):
        first = self.download()
        self.assertIn("Notification initiale · version 1", pdf_text(first.content))
        self.download()  # the same text again: the same version
        self.download(measures="- Poste isolé.\n- Sauvegarde vérifiée.")
        self.assertEqual(
            [(n.number, n.kind) for n in CnilNotice.objects.all()],
            [(1, NoticeKind.INITIAL), (2, NoticeKind.INITIAL)],
        )
        told = list(
            self.incident.timeline.filter(kind=EntryKind.DOCUMENT).values_list("text", flat=True)
        )
        self.assertEqual(
            told,
            [
                "Notification à la CNIL, version 1 (notification initiale) : enregistrée et "
                "téléchargée.",
                "Notification à la CNIL, version 2 (notification initiale) : enregistrée et "
                "téléchargée.",
            ],
        )
        # Each version can be read again as it was.
        old = self.client.get(
            reverse("incidents:cnil_notice_pdf", args=[self.org.code, self.incident.pk, 1])
        )
        self.assertNotIn("Sauvegarde vérifiée", pdf_text(old.content))
        self.assertContains(self.client.get(self.url), "Version 2 : notification initiale")

    def test_once_notified_the_next_version_completes_it(self):
        self.download()
        actions.fulfil(
            self.incident,
            "cnil",
            done_at=timezone.now(),
            reference="2026-0042",
            evidence="Accusé de réception.",
            actor=self.praticien,
        )
        page = self.client.get(self.url)
        self.assertEqual(page.context["form"].initial["kind"], NoticeKind.COMPLEMENTARY)
        self.assertContains(page, "CNIL notifiée le")
        response = self.download(kind=NoticeKind.COMPLEMENTARY, measures="- Mots de passe changés.")
        self.assertIn("Notification complémentaire · version 2", pdf_text(response.content))
        self.assertIn("n° 2026-0042", pdf_text(response.content))
        self.assertTrue(
            self.incident.timeline.filter(
                text__startswith="Notification à la CNIL, version 2 (notification complémentaire)"
            ).exists()
        )

    def test_after_72_hours_the_version_needs_the_reasons_for_the_delay(self):
        self.incident.discovered_at = timezone.now() - timedelta(hours=80)
        self.incident.save()
        response = self.client.post(self.url, self.text())
        self.assertContains(response, "donnez les motifs du retard", status_code=400)
        self.assertFalse(CnilNotice.objects.exists())
        self.download(delay="Ampleur connue au quatrième jour.")
        # The fulfilment's form takes the reasons the notification gave.
        form = self.client.get(
            reverse("incidents:fulfil", args=[self.org.code, self.incident.pk, "cnil"])
        ).context["form"]
        self.assertEqual(form.initial["delay_reasons"], "Ampleur connue au quatrième jour.")

    def test_a_late_version_gives_its_reasons_and_no_placeholder(self):
        # A document to send says what is, never « (à compléter : …) ».
        self.incident.discovered_at = timezone.now() - timedelta(hours=80)
        self.incident.save()
        self.assertEqual(self.client.get(self.url).context["form"].initial["delay"], "")
        text = pdf_text(self.download(delay="Ampleur connue au quatrième jour.").content)
        self.assertIn("Motifs du retard Ampleur connue au quatrième jour.", text)
        self.assertNotIn("compléter", text)
        self.assertEqual(text_problems(text), [])

    def test_a_version_never_changes(self):
        self.download()
        version = CnilNotice.objects.get()
        version.nature = "autre"
        with self.assertRaises(PermissionError):
            version.save()
        with self.assertRaises(PermissionError):
            CnilNotice.objects.update(nature="autre")
        with self.assertRaises(PermissionError):
            version.delete()

    def test_an_outsider_sees_no_version(self):
        self.download()
        outsider = Client()
        outsider.force_login(self.outsider)
        url = reverse("incidents:cnil_notice_pdf", args=[self.org.code, self.incident.pk, 1])
        self.assertEqual(outsider.get(url).status_code, 404)
        self.assertEqual(outsider.post(self.autosave, self.text()).status_code, 404)


class CnilDraftPageTestCase(IncidentPagesTestCase):
    def test_the_draft_is_prefilled_edited_printed_and_noted(self):
        self.declare_through_the_page(self.titulaire)
        incident = Incident.objects.get()
        client = self.client_for(self.titulaire)
        client.post(self.url("tick", incident.pk), {"reflexe": "laisser-allume"})
        page = client.get(self.url("cnil_draft", incident.pk))
        self.assertContains(page, "Écran bloqué")  # the description, prefilled
        self.assertEqual(page.context["form"].initial["measures"].count("- "), 1)
        response = client.post(
            self.url("cnil_draft", incident.pk),
            {
                "nature": "Rançongiciel sur le poste d'accueil.",
                "contact": "Dr Claire Martin, 01 23 45 67 89",
                "consequences": "Agenda indisponible deux jours.",
                "measures": "Poste isolé, prestataire appelé.",
            },
        )
        self.assertEqual(response["Content-Type"], "application/pdf")
        text = " ".join(PdfReader(io.BytesIO(response.content)).pages[0].extract_text().split())
        self.assertIn("Rançongiciel sur le poste d'accueil.", text)
        self.assertIn("article 33(3)", text)
        self.assertTrue(incident.timeline.filter(kind="document").exists())

    def test_missing_content_is_named(self):
        self.declare_through_the_page(self.titulaire)
        incident = Incident.objects.get()
        response = self.client_for(self.titulaire).post(
            self.url("cnil_draft", incident.pk), {"nature": ""}
        )
        self.assertContains(response, "Ce champ est obligatoire", status_code=400)
        self.assertFalse(incident.timeline.filter(kind="document").exists())
