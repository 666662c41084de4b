"""The fiche réflexe, printed on one page with the emergency contacts recorded
on the contacts page, and blank lines for those that are not."""

import io

from pypdf import PdfReader

from hygie.diagnostic.tests.base import DiagnosticTestCase, pdf_text


class ReflexSheetTestCase(DiagnosticTestCase):
    def test_fiche_reflexe_with_contacts(self):
        client = self.signed_in(self.titulaire)
        response = client.post(
            self.url("contacts"),
            {"prestataire": "InfoSoins 44", "prestataire_tel": "02 40 00 00 00"},
        )
        self.assertRedirects(response, self.url("contacts"))
        pdf = self.signed_in(self.secretaire).get(self.url("reflex_sheet"))
        self.assertEqual(pdf.status_code, 200)
        text = pdf_text(pdf.content)
        self.assertIn("InfoSoins 44", text)
        self.assertEqual(len(PdfReader(io.BytesIO(pdf.content)).pages), 1)

    def test_fiche_reflexe_leaves_blank_lines_for_missing_contacts(self):
        # Only the provider is known: the others are left to be written in by hand.
        self.signed_in(self.titulaire).post(
            self.url("contacts"),
            {"prestataire": "InfoSoins 44", "prestataire_tel": "02 40 00 00 00"},
        )
        pdf = self.signed_in(self.secretaire).get(self.url("reflex_sheet"))
        text = " ".join(pdf_text(pdf.content).split())
        self.assertIn("Prestataire : InfoSoins 44 02 40 00 00 00", text)
        self.assertIn("Assureur : tél.", text)
        self.assertIn("Complétez à la main les numéros laissés en blanc.", text)
        # A printed sheet does not send its reader to a screen of Hygie.
        self.assertNotIn("Hygie, rubrique", text)
        self.assertNotIn("Contacts d'urgence", text)
        self.assertEqual(len(PdfReader(io.BytesIO(pdf.content)).pages), 1)

    def test_fiche_reflexe_with_every_contact_asks_nothing(self):
        self.signed_in(self.titulaire).post(
            self.url("contacts"),
            {
                "prestataire": "InfoSoins 44",
                "cyber_regional": "Cyber assistance régionale",
                "assureur_tel": "01 00 00 00 00",
                "referent": "Dr Martin",
            },
        )
        text = pdf_text(self.signed_in(self.titulaire).get(self.url("reflex_sheet")).content)
        self.assertIn("Assureur : 01 00 00 00 00", " ".join(text.split()))
        self.assertNotIn("Complétez", text)
        self.assertNotIn("tél.", text)
