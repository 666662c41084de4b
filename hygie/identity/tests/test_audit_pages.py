"""/o/<code>/identite/audit/: upload a patient list, confirm its columns, see what was read.

The file waits in a temporary folder, never in the database, and is gone
after the audit, when abandoned, or after an hour.
"""

from __future__ import annotations

import os
import time

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from hygie.identity import uploads
from hygie.identity.tests.base import UploadFolderTestCase
from hygie.identity.tests.test_intake import HEADER, ROWS, csv_bytes, xlsx_bytes


class AuditPagesTestCase(UploadFolderTestCase):
    def setUp(self):
        super().setUp()
        self.upload_url = f"/o/{self.org.code}/identite/audit/"
        self.mapping_url = f"/o/{self.org.code}/identite/audit/colonnes/"

    def files(self) -> list[str]:
        return sorted(os.listdir(self.folder))

    def upload(self, data: bytes, name: str = "patients.csv", **extra):
        return self.client.post(
            self.upload_url, {"fichier": SimpleUploadedFile(name, data), **extra}
        )

    def test_every_auditing_role_sees_the_upload_form_an_outsider_nothing(self):
        for user in (self.titulaire, self.praticien, self.secretaire, self.referent):
            self.login(user)
            r = self.client.get(self.upload_url)
            self.assertContains(r, "Le fichier à auditer")
        self.login(self.outsider)
        self.assertEqual(self.client.get(self.upload_url).status_code, 404)
        r = self.upload(csv_bytes([HEADER, *ROWS]))
        self.assertEqual(r.status_code, 404)
        self.assertEqual(self.files(), [])

    def test_an_upload_waits_in_the_folder_and_its_columns_are_proposed(self):
        self.login(self.secretaire)
        r = self.upload(csv_bytes([HEADER, *ROWS], "cp1252"))
        self.assertRedirects(r, self.mapping_url)
        self.assertEqual(len([f for f in self.files() if f.endswith(uploads.SUFFIX)]), 1)
        r = self.client.get(self.mapping_url)
        self.assertContains(r, "Windows-1252")
        self.assertContains(r, "DUPONT")  # the first lines, shown to the person who sent them
        self.assertContains(r, '<option value="1" selected>Nom de naissance</option>', html=True)
        self.assertContains(r, "Proposition reconnue")

    def test_confirming_audits_the_file_and_lists_what_could_not_be_read(self):
        self.login(self.titulaire)
        self.upload(csv_bytes([HEADER, *ROWS, "P003;X;;Y;Z;31/02/1960;75056;;QUAL"]))
        fields = {
            "identifiant": "0",
            "nom_naissance": "1",
            "nom_utilise": "2",
            "prenoms": "3",
            "sexe": "4",
            "date_naissance": "5",
            "lieu_naissance": "6",
            "nir": "7",
            "statut": "",
        }
        r = self.client.post(self.mapping_url, fields, follow=True)
        self.assertRedirects(r, f"/o/{self.org.code}/identite/audit/resultats/")
        self.assertContains(r, "3 identités analysées")
        self.assertContains(r, "Date de naissance impossible (31/02/1960)")
        self.assertContains(r, '<th scope="row">4</th>', html=True)
        # The file itself is gone once audited; its results wait in the folder.
        self.assertFalse([f for f in self.files() if f.endswith(uploads.SUFFIX)])

    def test_a_column_chosen_twice_is_refused(self):
        self.login(self.titulaire)
        self.upload(csv_bytes([HEADER, *ROWS]))
        r = self.client.post(self.mapping_url, {"nom_naissance": "1", "nom_utilise": "1"})
        self.assertEqual(r.status_code, 400)
        self.assertContains(r, "déjà choisie", status_code=400)

    def test_an_unreadable_file_is_refused_in_french_and_deleted(self):
        self.login(self.titulaire)
        import io
        import zipfile

        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as archive:
            archive.writestr("x.csv", "a;b")
        r = self.upload(out.getvalue())
        self.assertContains(r, "archive ZIP", status_code=400)
        self.assertEqual(self.files(), [])

    @override_settings(IDENTITY_MAX_FILE_BYTES=1000)
    def test_a_file_too_big_is_refused_before_it_is_kept(self):
        self.login(self.titulaire)
        r = self.upload(csv_bytes([HEADER, *ROWS * 20]))
        self.assertContains(r, "Ce fichier dépasse", status_code=413)
        self.assertEqual([f for f in self.files() if not f.endswith(".json")], [])

    def test_an_xlsx_of_several_sheets_can_change_sheet(self):
        self.login(self.titulaire)
        data = xlsx_bytes(
            {
                "Patients": [["Nom"], ["DUPONT"]],
                "Archives": [["Nom", "DDN"], ["ANCIEN", "01/01/1930"]],
            }
        )
        self.upload(data, "patients.xlsx")
        r = self.client.get(self.mapping_url)
        self.assertContains(r, "feuille « Patients »")
        r = self.client.get(self.mapping_url, {"feuille": "Archives"})
        self.assertContains(r, "ANCIEN")

    def test_the_file_is_the_uploaders_alone(self):
        self.login(self.titulaire)
        self.upload(csv_bytes([HEADER, *ROWS]))
        self.login(self.praticien)
        self.assertRedirects(self.client.get(self.mapping_url), self.upload_url)

    def test_abandoning_deletes_the_file(self):
        self.login(self.titulaire)
        self.upload(csv_bytes([HEADER, *ROWS]))
        self.assertTrue(self.files())
        r = self.client.post(self.upload_url, {"abandonner": "oui"})
        self.assertRedirects(r, self.upload_url)
        self.assertEqual(self.files(), [])

    def test_a_file_older_than_an_hour_is_purged(self):
        self.login(self.titulaire)
        self.upload(csv_bytes([HEADER, *ROWS]))
        old = time.time() - 3601
        for name in self.files():
            os.utime(self.folder / name, (old, old))
        self.assertEqual(uploads.purge(), 2)
        self.assertEqual(self.files(), [])
        self.assertRedirects(self.client.get(self.mapping_url), self.upload_url)
