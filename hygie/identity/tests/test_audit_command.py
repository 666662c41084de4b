"""`hygie identite auditer FICHIER --sortie PAIRES.csv` on a small canonical file."""

from __future__ import annotations

import csv
import io
import tempfile
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
