"""What the register prints for patients: the information notice, the
waiting-room posters in A4 and A3, and the text for the practice's website."""

import io

from pypdf import PdfReader

from hygie.register.tests.base import RegisterTestCase
from hygie.tests.readback import pdf_text


class PatientDocumentsTestCase(RegisterTestCase):
    def test_the_patients_documents(self):
        self.build("dossier-patient", "rendez-vous")
        client = self.client_for(self.secretaire)
        notice = pdf_text(client.get(self.url("notice", fmt="notice")).content)
        self.assertIn("réclamation", notice)
        self.assertIn("CNIL", notice)
        self.assertIn("15 ans en archive", notice)
        for fmt, width in (("affiche-a4", 595), ("affiche-a3", 842)):
            with self.subTest(fmt):
                reader = PdfReader(io.BytesIO(client.get(self.url("notice", fmt=fmt)).content))
                self.assertEqual(round(float(reader.pages[0].mediabox.width)), width)
                self.assertIn("Vos données au cabinet", reader.pages[0].extract_text())
        page = client.get(self.url("website"))
        self.assertContains(page, "www.cnil.fr")
        self.assertContains(page, "data-copy")
