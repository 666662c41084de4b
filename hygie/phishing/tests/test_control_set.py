"""The control set of bench/messages/controle keeps its shape.

It is written apart from the analyser's rules and from the main evaluation set,
and serves only to measure how the rules generalise; these tests check its
counts, labels and form, never what the analyser says about it.
"""

import csv
import email
import email.policy
import json
import re
from collections import Counter
from pathlib import Path
from unittest import TestCase

CONTROL = Path(__file__).resolve().parents[3] / "bench" / "messages" / "controle"
LABELS = {"phishing", "legitime"}


def sms_rows() -> list[dict]:
    with (CONTROL / "sms.jsonl").open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def email_rows() -> list[dict]:
    with (CONTROL / "emails" / "labels.csv").open(encoding="utf-8", newline="") as table:
        return list(csv.DictReader(table))


def parsed(name: str) -> email.message.EmailMessage:
    raw = (CONTROL / "emails" / name).read_bytes()
    return email.message_from_bytes(raw, policy=email.policy.default)


class ControlSms(TestCase):
    def test_it_holds_80_phishing_and_80_legitimate_sms(self):
        self.assertEqual(
            Counter(row["label"] for row in sms_rows()), {"phishing": 80, "legitime": 80}
        )

    def test_each_sms_has_exactly_the_documented_fields(self):
        for row in sms_rows():
            with self.subTest(row.get("id")):
                self.assertEqual(set(row), {"id", "text", "sender", "label", "hard", "theme"})
                self.assertIn(row["label"], LABELS)
                self.assertIsInstance(row["hard"], bool)
                self.assertTrue(row["text"].strip())
                self.assertTrue(row["sender"].strip())
                self.assertRegex(row["theme"], r"^[a-z0-9_-]+$")

    def test_sms_ids_are_unique_and_numbered(self):
        ids = [row["id"] for row in sms_rows()]
        self.assertEqual(len(ids), len(set(ids)))
        for sms_id in ids:
            self.assertRegex(sms_id, r"^c-sms-\d{3}$")

    def test_about_a_quarter_of_each_side_are_hard_cases(self):
        for label in LABELS:
            hard = sum(row["hard"] for row in sms_rows() if row["label"] == label)
            with self.subTest(label):
                self.assertGreaterEqual(hard, 16)
                self.assertLessEqual(hard, 28)


class ControlEmails(TestCase):
    def test_it_holds_40_phishing_and_40_legitimate_emails(self):
        self.assertEqual(
            Counter(row["label"] for row in email_rows()), {"phishing": 40, "legitime": 40}
        )

    def test_the_table_lists_every_eml_file_once_and_nothing_else(self):
        files = [row["file"] for row in email_rows()]
        self.assertEqual(len(files), len(set(files)))
        on_disk = sorted(path.name for path in (CONTROL / "emails").glob("*.eml"))
        self.assertEqual(sorted(files), on_disk)

    def test_each_row_has_the_documented_columns(self):
        for row in email_rows():
            with self.subTest(row["file"]):
                self.assertEqual(list(row), ["file", "label", "hard", "theme"])
                self.assertRegex(row["file"], r"^c-mail-\d{3}\.eml$")
                self.assertIn(row["label"], LABELS)
                self.assertIn(row["hard"], {"true", "false"})
                self.assertRegex(row["theme"], r"^[a-z0-9_-]+$")

    def test_about_a_quarter_of_each_side_are_hard_cases(self):
        for label in LABELS:
            hard = [r for r in email_rows() if r["label"] == label and r["hard"] == "true"]
            with self.subTest(label):
                self.assertGreaterEqual(len(hard), 8)
                self.assertLessEqual(len(hard), 14)

    def test_every_eml_parses_with_the_standard_library_without_defects(self):
        for row in email_rows():
            with self.subTest(row["file"]):
                message = parsed(row["file"])
                for part in message.walk():
                    self.assertEqual(part.defects, [])
                    if part.get_content_maintype() == "text":
                        part.get_content()
                self.assertIsNotNone(message.get_body(("plain", "html")))

    def test_every_eml_has_a_sender_a_date_an_id_and_the_receivers_authentication_results(self):
        for row in email_rows():
            with self.subTest(row["file"]):
                message = parsed(row["file"])
                self.assertTrue(message["From"])
                self.assertIsNotNone(message["Date"].datetime)
                self.assertRegex(str(message["Message-ID"]), r"^<[^<>@\s]+@[^<>@\s]+>$")
                self.assertTrue(message.get_all("Authentication-Results"))
                self.assertTrue(message.get_all("Received"))

    def test_message_ids_are_unique(self):
        ids = [str(parsed(row["file"])["Message-ID"]) for row in email_rows()]
        self.assertEqual(len(ids), len(set(ids)))


class ControlSet(TestCase):
    def test_sms_and_email_ids_never_collide(self):
        sms = {row["id"] for row in sms_rows()}
        mails = {re.sub(r"\.eml$", "", row["file"]) for row in email_rows()}
        self.assertFalse(sms & mails)

    def test_it_is_described_in_its_readme(self):
        readme = (CONTROL / "README.md").read_text(encoding="utf-8")
        self.assertIn("never to tune", readme)
