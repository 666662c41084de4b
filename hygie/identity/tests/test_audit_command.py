"""`hygie identite auditer FICHIER --sortie PAIRES.csv` on a small canonical file."""

from __future__ import annotations

import csv
import io
import tempfile
import zipfile
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import TestCase

from hygie.identity.audit import CANONICAL_COLUMNS
from hygie.identity.audit_command import PAIR_COLUMNS
from hygie.identity.tests.test_audit import ORIGINAL, PATTERNS, background


class AuditCommandTest(TestCase):
    def setUp(self):
        self.dir = Path(tempfile.mkdtemp())
        self.path = self.dir / "identites.csv"
        rows = background(300) + [ORIGINAL] + [dup for _n, dup in PATTERNS]
        rows.append(dict(ORIGINAL, identifiant="=HYPERLIEN()", prenoms="JEAN-PIERRE"))
        with self.path.open("w", encoding="utf-8", newline="") as f:
            writer = csv.writer(f, delimiter=";")
            writer.writerow(CANONICAL_COLUMNS)
            writer.writerows([[r[c] for c in CANONICAL_COLUMNS] for r in rows])

    def test_pairs_and_summary(self):
        out, err = io.StringIO(), io.StringIO()
        target = self.dir / "paires.csv"
        call_command(
            "identite", "auditer", str(self.path), "--sortie", str(target), stdout=out, stderr=err
        )
        self.assertIn("Doublons potentiels", out.getvalue())
        with target.open(encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        self.assertEqual(list(rows[0]), PAIR_COLUMNS)
        pair = next(r for r in rows if {r["identifiant_a"], r["identifiant_b"]} == {"A1", "B6"})
        self.assertEqual(pair["type"], "doublon")
        self.assertGreaterEqual(float(pair["probabilite"]), 0.95)
        # A cell that a spreadsheet would run as a formula is neutralised.
        self.assertTrue(
            any(
                r["identifiant_a"] == "'=HYPERLIEN()" or r["identifiant_b"] == "'=HYPERLIEN()"
                for r in rows
            )
        )

    def test_missing_file_is_a_clear_french_error(self):
        with self.assertRaisesMessage(CommandError, "Fichier introuvable"):
            call_command("identite", "auditer", str(self.dir / "absent.csv"))


def practice_export(rows: list[dict]) -> bytes:
    """The rows as a practice software exports them: French headers, commas,
    Windows-1252, dates as JJ/MM/AAAA, NIRs with spaces."""
    header = (
        "N° dossier,Nom de naissance,Nom d'usage,Prénoms,Sexe,Né(e) le,Lieu de naissance,NIR,Statut"
    )
    lines = [header]
    for r in rows:
        y, m, d = r["date_naissance"].split("-")
        nir = r["nir"]
        lines.append(
            ",".join(
                [
                    r["identifiant"],
                    r["nom_naissance"],
                    r["nom_utilise"],
                    r["prenoms"],
                    r["sexe"],
                    f"{d}/{m}/{y}",
                    r["lieu_naissance"],
                    f"{nir[:1]} {nir[1:3]} {nir[3:5]} {nir[5:]}" if nir else "",
                    r["statut"],
                ]
            )
        )
    return ("\r\n".join(lines) + "\r\n").encode("cp1252", errors="replace")


class AuditCommandPracticeExportTest(TestCase):
    """The command reads any practice export through the intake."""

    def setUp(self):
        self.dir = Path(tempfile.mkdtemp())

    def run_on(self, data: bytes, name: str = "export.csv", *args):
        path = self.dir / name
        path.write_bytes(data)
        out, err = io.StringIO(), io.StringIO()
        call_command("identite", "auditer", str(path), *args, stdout=out, stderr=err)
        return out.getvalue(), err.getvalue()

    def test_a_practice_export_is_read_with_its_french_headers(self):
        rows = background(200) + [ORIGINAL] + [dup for _n, dup in PATTERNS]
        data = practice_export(rows)
        # A line the intake cannot read: an impossible date, named by line and column.
        data += b"Z9,DURAND,,PAUL,M,31/02/1970,75056,,\r\n"
        target = self.dir / "paires.csv"
        out, err = self.run_on(data, "export.csv", "--sortie", str(target))
        self.assertIn("Doublons potentiels", out)
        self.assertIn("Problèmes de lecture : 1", out)
        self.assertIn("Colonne « Né(e) le » : Date de naissance", err)
        line = len(rows) + 2
        self.assertRegex(err, rf"Ligne {line}, colonne [^:]+: Date de naissance impossible")
        with target.open(encoding="utf-8") as f:
            pairs = list(csv.DictReader(f))
        self.assertTrue(
            any(
                {p["identifiant_a"], p["identifiant_b"]} == {"A1", "B6"} and p["type"] == "doublon"
                for p in pairs
            )
        )

    def test_an_xlsx_export_is_read(self):
        from hygie.identity.tests.test_intake import xlsx_bytes

        header = ["IPP", "Nom de naissance", "Prénom(s)", "Sexe", "Date de naissance", "NIR"]
        body = [
            [
                r["identifiant"],
                r["nom_naissance"],
                r["prenoms"],
                r["sexe"],
                r["date_naissance"],
                r["nir"],
            ]
            for r in [ORIGINAL, PATTERNS[0][1], *background(50)]
        ]
        out, _err = self.run_on(xlsx_bytes({"Patients": [header, *body]}), "export.xlsx")
        self.assertIn("52 identités analysées", out)

    def test_a_file_the_intake_refuses_is_a_french_error(self):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as z:
            z.writestr("patients.txt", "rien")
        with self.assertRaises(CommandError) as caught:
            self.run_on(buffer.getvalue(), "patients.csv")
        self.assertIn("patients.csv :", str(caught.exception))

    def test_the_command_needs_no_database(self):
        from hygie.identity import audit_command

        self.assertFalse(audit_command.NEEDS_DATABASE)
