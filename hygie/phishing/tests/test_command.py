"""`hygie messages analyser`: one line per input, the unreadable ones said in
French while the others still run."""

from __future__ import annotations

import io
import json
import tempfile
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import TestCase

from hygie.phishing.tests.base import TAX_REFUND_EML, VITALE_SMS


class CommandTestCase(TestCase):
    def setUp(self):
        folder = tempfile.TemporaryDirectory()
        self.addCleanup(folder.cleanup)
        self.dir = Path(folder.name)

    def file(self, name: str, content: str | bytes) -> str:
        path = self.dir / name
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_bytes(content)
        return str(path)

    def run_command(self, *args) -> tuple[list[str], CommandError | None]:
        out = io.StringIO()
        try:
            call_command("messages", "analyser", *args, stdout=out)
        except CommandError as error:
            return out.getvalue().splitlines(), error
        return out.getvalue().splitlines(), None

    def test_it_prints_one_json_object_per_input_in_order(self):
        eml = self.file("impots.eml", TAX_REFUND_EML)
        txt = self.file("vitale.txt", VITALE_SMS)
        jsonl = self.file(
            "sms.jsonl",
            json.dumps({"id": "s1", "text": VITALE_SMS})
            + "\n\n"
            + json.dumps(
                {"id": 2, "text": "Bonjour, rendez-vous décalé à 15 h.", "sender": "Dr Martin"}
            ),
        )
        lines, error = self.run_command(eml, txt, "--sms", jsonl, "--json")
        self.assertIsNone(error)
        results = [json.loads(line) for line in lines]
        self.assertEqual([r["id"] for r in results], ["impots.eml", "vitale.txt", "s1", "2"])
        self.assertEqual([r["canal"] for r in results], ["email", "sms", "sms", "sms"])
        for result in results:
            self.assertIn(result["verdict"], ("dangereux", "suspect", "aucun_signe"))
            self.assertIsInstance(result["score"], int | float)
            self.assertIsInstance(result["signaux"], list)
            for signal in result["signaux"]:
                self.assertTrue({"regle", "explication"} <= set(signal))

    def test_without_json_each_line_is_readable_french(self):
        txt = self.file("rdv.txt", "Bonjour, votre rendez-vous est confirmé.")
        lines, error = self.run_command(txt)
        self.assertIsNone(error)
        self.assertEqual(len(lines), 1)
        self.assertRegex(
            lines[0],
            r"^rdv.txt : (Dangereux|Suspect|Aucun signe d'hameçonnage trouvé) \(score [\d,]+\)",
        )

    def test_unreadable_inputs_are_said_in_french_and_the_others_still_run(self):
        good = self.file("bon.txt", VITALE_SMS)
        binary = self.file("binaire.txt", b"\x00\x01\x02\x00")
        empty = self.file("vide.eml", b"")
        other = self.file("photo.jpg", b"\xff\xd8\xff")
        jsonl = self.file(
            "lot.jsonl",
            'pas du json\n{"id": "x"}\n[1, 2]\n' + json.dumps({"id": "ok", "text": "Salut"}),
        )
        lines, error = self.run_command(
            good, binary, str(self.dir / "absent.eml"), empty, other, "--sms", jsonl, "--json"
        )
        results = [json.loads(line) for line in lines]
        self.assertEqual(
            [r["id"] for r in results],
            [
                "bon.txt",
                "binaire.txt",
                "absent.eml",
                "vide.eml",
                "photo.jpg",
                "lot.jsonl:1",
                "lot.jsonl:2",
                "lot.jsonl:3",
                "ok",
            ],
        )
        errors = {r["id"]: r["erreur"] for r in results if "erreur" in r}
        self.assertEqual(
            set(errors),
            {
                "binaire.txt",
                "absent.eml",
                "vide.eml",
                "photo.jpg",
                "lot.jsonl:1",
                "lot.jsonl:2",
                "lot.jsonl:3",
            },
        )
        self.assertIn("pas de texte lisible", errors["binaire.txt"])
        self.assertIn("Fichier introuvable", errors["absent.eml"])
        self.assertEqual(errors["vide.eml"], "Ce fichier est vide.")
        self.assertIn("n'est pas un fichier pris en charge", errors["photo.jpg"])
        self.assertIn("Ligne 1 de lot.jsonl", errors["lot.jsonl:1"])
        self.assertIn('le champ "text"', errors["lot.jsonl:2"])
        self.assertIn("verdict", results[0])
        self.assertIn("verdict", results[-1])
        # Exit status 1, and how many could not be read.
        self.assertEqual(error.returncode, 1)
        self.assertEqual(str(error), "7 messages illisibles sur 9.")

    def test_a_readable_line_says_why_an_input_could_not_be_read(self):
        lines, error = self.run_command(str(self.dir / "absent.eml"))
        self.assertEqual(
            lines, [f"absent.eml : illisible — Fichier introuvable : {self.dir / 'absent.eml'}."]
        )
        self.assertEqual(str(error), "1 message illisible sur 1.")

    def test_a_missing_jsonl_file_is_one_unreadable_input(self):
        lines, error = self.run_command("--sms", str(self.dir / "absent.jsonl"), "--json")
        self.assertEqual(json.loads(lines[0])["id"], "absent.jsonl")
        self.assertEqual(error.returncode, 1)

    def test_nothing_to_analyse_is_a_usage_error(self):
        lines, error = self.run_command()
        self.assertEqual(lines, [])
        self.assertEqual(error.returncode, 2)
        self.assertIn("Donnez au moins un fichier", str(error))

    def test_the_seed_s_tax_refund_is_dangerous(self):
        lines, _ = self.run_command(self.file("impots.eml", TAX_REFUND_EML), "--json")
        result = json.loads(lines[0])
        self.assertEqual(result["verdict"], "dangereux")
        self.assertTrue(result["signaux"])
