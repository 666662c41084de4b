"""Shape checks shared by the sets written apart from the rules: the control
set (bench/messages/controle, never used to tune) and the tuning set
(bench/messages/reglage). Counts, labels, ids, e-mails the standard library
reads; never what the analyser says about them."""

import csv
import email
import email.policy
import json
import re
from collections import Counter
from pathlib import Path

from hygie.phishing.tests.test_evaluation_set import FICTIONAL_NUMBER, FRENCH_NUMBER, national

MESSAGES = Path(__file__).resolve().parents[3] / "bench" / "messages"
LABELS = {"phishing", "legitime"}


class IndependentSetChecks:
    """Mixed into a TestCase with ROOT (the set's folder), PREFIX (of its ids),
    SMS and EMAILS (messages on each side), HARD_SMS and HARD_EMAILS (the
    bounds of hard cases on each side)."""

    ROOT: Path
    PREFIX: str
    SMS: int
    EMAILS: int
    HARD_SMS: tuple[int, int]
    HARD_EMAILS: tuple[int, int]

    def sms_rows(self) -> list[dict]:
        with (self.ROOT / "sms.jsonl").open(encoding="utf-8") as lines:
            return [json.loads(line) for line in lines if line.strip()]

    def email_rows(self) -> list[dict]:
        with (self.ROOT / "emails" / "labels.csv").open(encoding="utf-8", newline="") as table:
            return list(csv.DictReader(table))

    def parsed(self, name: str) -> email.message.EmailMessage:
        raw = (self.ROOT / "emails" / name).read_bytes()
        return email.message_from_bytes(raw, policy=email.policy.default)

    # SMS

    def test_it_holds_as_many_phishing_as_legitimate_sms(self):
        self.assertEqual(
            Counter(row["label"] for row in self.sms_rows()),
            {"phishing": self.SMS, "legitime": self.SMS},
        )

    def test_each_sms_has_exactly_the_documented_fields(self):
        for row in self.sms_rows():
            with self.subTest(row.get("id")):
                self.assertEqual(set(row), {"id", "text", "sender", "label", "hard", "theme"})
                self.assertIn(row["label"], LABELS)
                self.assertIsInstance(row["hard"], bool)
                self.assertTrue(row["text"].strip())
                self.assertIsInstance(row["sender"], str)
                self.assertRegex(row["theme"], r"^[a-z0-9_-]+$")

    def test_sms_ids_are_unique_and_numbered(self):
        ids = [row["id"] for row in self.sms_rows()]
        self.assertEqual(len(ids), len(set(ids)))
        for sms_id in ids:
            self.assertRegex(sms_id, rf"^{self.PREFIX}-sms-\d{{3}}$")

    def test_hard_sms_are_within_bounds_on_each_side(self):
        low, high = self.HARD_SMS
        for label in LABELS:
            hard = sum(row["hard"] for row in self.sms_rows() if row["label"] == label)
            with self.subTest(label):
                self.assertGreaterEqual(hard, low)
                self.assertLessEqual(hard, high)

    def test_french_numbers_in_sms_are_reserved_for_fiction(self):
        for row in self.sms_rows():
            for number in FRENCH_NUMBER.findall(row["text"] + " / " + row["sender"]):
                with self.subTest(id=row["id"], number=number):
                    self.assertRegex(national(number), FICTIONAL_NUMBER)

    # E-mails

    def test_it_holds_as_many_phishing_as_legitimate_emails(self):
        self.assertEqual(
            Counter(row["label"] for row in self.email_rows()),
            {"phishing": self.EMAILS, "legitime": self.EMAILS},
        )

    def test_the_table_lists_every_eml_file_once_and_nothing_else(self):
        files = [row["file"] for row in self.email_rows()]
        self.assertEqual(len(files), len(set(files)))
        on_disk = sorted(path.name for path in (self.ROOT / "emails").glob("*.eml"))
        self.assertEqual(sorted(files), on_disk)

    def test_each_row_has_the_documented_columns(self):
        for row in self.email_rows():
            with self.subTest(row["file"]):
                self.assertEqual(list(row), ["file", "label", "hard", "theme"])
                self.assertRegex(row["file"], rf"^{self.PREFIX}-mail-\d{{3}}\.eml$")
                self.assertIn(row["label"], LABELS)
                self.assertIn(row["hard"], {"true", "false"})
                self.assertRegex(row["theme"], r"^[a-z0-9_-]+$")

    def test_hard_emails_are_within_bounds_on_each_side(self):
        low, high = self.HARD_EMAILS
        for label in LABELS:
            hard = [r for r in self.email_rows() if r["label"] == label and r["hard"] == "true"]
            with self.subTest(label):
                self.assertGreaterEqual(len(hard), low)
                self.assertLessEqual(len(hard), high)

    def test_every_eml_parses_with_the_standard_library_without_defects(self):
        for row in self.email_rows():
            with self.subTest(row["file"]):
                message = self.parsed(row["file"])
                for part in message.walk():
                    self.assertEqual(part.defects, [])
                    if part.get_content_maintype() == "text":
                        part.get_content()
                self.assertIsNotNone(message.get_body(("plain", "html")))

    def test_every_eml_has_a_sender_a_date_an_id_and_the_receivers_authentication_results(self):
        for row in self.email_rows():
            with self.subTest(row["file"]):
                message = self.parsed(row["file"])
                self.assertTrue(message["From"])
                self.assertIsNotNone(message["Date"].datetime)
                self.assertRegex(str(message["Message-ID"]).strip(), r"^<[^<>@\s]+@[^<>@\s]+>$")
                self.assertTrue(message.get_all("Authentication-Results"))
                self.assertTrue(message.get_all("Received"))

    def test_message_ids_are_unique(self):
        ids = [str(self.parsed(row["file"])["Message-ID"]) for row in self.email_rows()]
        self.assertEqual(len(ids), len(set(ids)))

    # Both

    def test_sms_and_email_ids_never_collide(self):
        sms = {row["id"] for row in self.sms_rows()}
        mails = {re.sub(r"\.eml$", "", row["file"]) for row in self.email_rows()}
        self.assertFalse(sms & mails)
