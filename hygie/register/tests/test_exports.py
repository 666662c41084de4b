"""The register exported: a spreadsheet (XLSX, ODS) whose columns read back,
and the PDF a CNIL inspector is handed."""

import io
import zipfile

from openpyxl import load_workbook

from hygie.register import actions
from hygie.register.exports import PROCESSORS_HEADER, REGISTER_HEADER
from hygie.register.tests.base import RegisterTestCase
from hygie.tests.readback import pdf_text


class ExportsTestCase(RegisterTestCase):
    def test_the_register_reads_back_with_its_columns(self):
        self.build("dossier-patient", "rendez-vous")
        actions.save_processor(
            self.org,
            None,
            {"name": "Éditeur", "service": "Logiciel", "clauses": {"instructions": True}},
            actor=self.titulaire,
        )
        client = self.client_for(self.titulaire)
        sheet = load_workbook(
            io.BytesIO(client.get(self.url("export", what="registre", fmt="xlsx")).content)
        ).active
        rows = list(sheet.values)
        self.assertEqual(list(rows[0]), REGISTER_HEADER)
        self.assertEqual(len(rows), 3)
        self.assertIn("base active", rows[1][12] + rows[2][12])

        ods = client.get(self.url("export", what="sous-traitants", fmt="ods"))
        self.assertEqual(ods["Content-Type"], "application/vnd.oasis.opendocument.spreadsheet")
        content = zipfile.ZipFile(io.BytesIO(ods.content)).read("content.xml").decode()
        for heading in PROCESSORS_HEADER:
            self.assertIn(heading.replace("'", "&apos;"), content.replace("'", "&apos;"))
        self.assertIn("Éditeur", content)

        text = pdf_text(client.get(self.url("export", what="registre", fmt="pdf")).content)
        self.assertIn("Registre des activités de traitement", text)
        self.assertIn("Conservation (f)", text)
