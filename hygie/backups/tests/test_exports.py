"""The plan and the log for the insurer or the CNIL: CSV (semicolons, a
byte-order mark, formulas neutralised) and one PDF with the gaps."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from django.utils import timezone

from hygie.backups import actions
from hygie.backups.tests.base import BackupsTestCase
from hygie.diagnostic.tests.base import pdf_text


def rows(response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


class ExportsTestCase(BackupsTestCase):
    def setUp(self):
        self.today = timezone.localdate()
        self.disk = self.add(notes='=HYPERLINK("http://example.com")')
        actions.log_backup(
            self.disk, done_on=self.today - timedelta(days=1), note="+1+1", actor=self.secretaire
        )
        actions.log_restore_test(
            self.disk,
            {
                "done_on": self.today,
                "restored": "Le dossier d'un patient test",
                "outcome": "ok",
                "minutes": 25,
            },
            actor=self.titulaire,
        )
        actions.log_destruction(
            self.org,
            {
                "done_on": self.today - timedelta(days=30),
                "kind": "support",
                "what": "Ancien disque",
                "method": "prestataire",
                "certificate": "@ATT-118",
            },
            actor=self.titulaire,
        )
        self.client = self.signed_in(self.secretaire)

    def test_the_plan_as_csv(self):
        response = self.client.get(self.url("export", "plan", "csv"))
        self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")
        header, row = rows(response)
        self.assertEqual(header[:3], ["Sauvegarde", "Données", "Support"])
        values = dict(zip(header, row, strict=True))
        self.assertEqual(values["Sauvegarde"], "Logiciel métier, documents → Disque 1")
        self.assertEqual(values["Chiffrée"], "Oui")
        self.assertEqual(
            values["Dernier test de restauration réussi"], self.today.strftime("%d/%m/%Y")
        )
        self.assertEqual(values["Précisions"], '\'=HYPERLINK("http://example.com")')

    def test_the_log_as_csv_latest_first_formulas_neutralised(self):
        header, *entries = rows(self.client.get(self.url("export", "journal", "csv")))
        self.assertEqual(
            [(e[0], e[1]) for e in entries],
            [
                (self.today.strftime("%d/%m/%Y"), "Test de restauration"),
                ((self.today - timedelta(days=1)).strftime("%d/%m/%Y"), "Sauvegarde"),
                ((self.today - timedelta(days=30)).strftime("%d/%m/%Y"), "Destruction"),
            ],
        )
        test, backup, destruction = (dict(zip(header, e, strict=True)) for e in entries)
        self.assertEqual(
            (test["Résultat ou méthode"], test["Durée (minutes)"]),
            ("Oui, tout s'ouvre normalement", "25"),
        )
        self.assertEqual((backup["Par"], backup["Remarque"]), ("Sophie Bernard", "'+1+1"))
        self.assertEqual(destruction["Attestation"], "'@ATT-118")

    def test_the_pdf_has_the_plan_its_gaps_and_the_log(self):
        response = self.client.get(self.url("export", "sauvegardes", "pdf"))
        self.assertEqual(response["Content-Type"], "application/pdf")
        text = " ".join(pdf_text(response.content).split())
        self.assertIn("Plan et journal des sauvegardes", text)
        self.assertIn("Logiciel métier, documents → Disque 1", text)
        # Everything at the practice: the gap, with its measure and its source.
        self.assertIn("Des données ne sont pas copiées dans deux lieux différents", text)
        self.assertIn("Garder une copie chiffrée des sauvegardes hors du cabinet", text)
        self.assertIn("Dépliant de cybersécurité à l'usage des infirmiers libéraux", text)
        self.assertIn("Le dossier d'un patient test", text)
        self.assertIn("@ATT-118", text)

    def test_unknown_exports_are_404(self):
        self.assertEqual(self.client.get(self.url("export", "plan", "pdf")).status_code, 404)
        self.assertEqual(self.client.get(self.url("export", "sauvegardes", "csv")).status_code, 404)
