"""The labelled set of bench/messages keeps its shape: enough messages on each
side, valid labels, e-mails the standard library reads, a fifth of hard cases,
and only telephone numbers reserved for fiction. Detection figures are
measured by bench/messages/run.py, never asserted here."""

import csv
import email
import email.policy
import json
import re
from collections import Counter
from pathlib import Path

from django.test import SimpleTestCase

SET = Path(__file__).resolve().parents[3] / "bench" / "messages"
LABELS = {"phishing", "legitime"}
AT_LEAST = {
    ("sms", "phishing"): 150,
    ("sms", "legitime"): 150,
    ("email", "phishing"): 80,
    ("email", "legitime"): 80,
}
HARD_SHARE = 0.20

# French numbers the set may show: the ranges ARCEP reserves for fiction, the
# brief's 06 00 00 00 xx, premium-rate numbers of lures (08 99 00 00 xx), and
# the short numbers of public services that real messages give.
FICTIONAL_NUMBER = re.compile(
    r"^0(?:1 ?99 ?00|2 ?61 ?91|3 ?53 ?01|4 ?65 ?71|5 ?36 ?49|6 ?39 ?98|9 ?99 ?00|6 ?00 ?00 ?00|8 ?99 ?00 ?00)"
)
FRENCH_NUMBER = re.compile(r"(?<![\d/.,-])(?:\+33 ?|0)[1-9](?:[ .]?\d\d){4}(?![\d/])")


def sms_rows() -> list[dict]:
    with (SET / "sms.jsonl").open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def email_rows() -> list[dict]:
    with (SET / "emails" / "labels.csv").open(encoding="utf-8", newline="") as rows:
        return list(csv.DictReader(rows))


def national(number: str) -> str:
    number = re.sub(r"[ .]", "", number)
    return "0" + number[3:] if number.startswith("+33") else number


class EvaluationSetTestCase(SimpleTestCase):
    def test_each_channel_has_enough_messages_on_each_side(self):
        counts = Counter(("sms", row["label"]) for row in sms_rows())
        counts.update(("email", row["label"]) for row in email_rows())
        for key, minimum in AT_LEAST.items():
            with self.subTest(channel=key[0], label=key[1]):
                self.assertGreaterEqual(counts[key], minimum)

    def test_every_sms_has_a_valid_label_and_its_fields(self):
        for row in sms_rows():
            with self.subTest(id=row.get("id")):
                self.assertEqual(set(row), {"id", "text", "sender", "label", "hard", "theme"})
                self.assertIn(row["label"], LABELS)
                self.assertIsInstance(row["hard"], bool)
                self.assertIsInstance(row["sender"], str)
                self.assertTrue(row["text"].strip())
                self.assertRegex(row["theme"], r"^[a-z0-9-]+$")

    def test_every_email_is_labelled_once_in_the_folder_of_its_label(self):
        listed = email_rows()
        for row in listed:
            with self.subTest(file=row["file"]):
                self.assertIn(row["label"], LABELS)
                self.assertIn(row["hard"], {"true", "false"})
                self.assertRegex(row["theme"], r"^[a-z0-9-]+$")
                self.assertEqual(row["file"].split("/")[0], row["label"])
                self.assertTrue((SET / "emails" / row["file"]).is_file())
        on_disk = sorted(
            str(path.relative_to(SET / "emails")) for path in (SET / "emails").glob("*/*.eml")
        )
        self.assertEqual(sorted(row["file"] for row in listed), on_disk)

    def test_ids_are_unique(self):
        sms_ids = [row["id"] for row in sms_rows()]
        email_ids = [Path(row["file"]).stem for row in email_rows()]
        self.assertEqual(len(sms_ids), len(set(sms_ids)))
        self.assertEqual(len(email_ids), len(set(email_ids)))
        self.assertFalse(set(sms_ids) & set(email_ids))

    def test_every_email_parses_with_the_standard_library(self):
        for row in email_rows():
            with self.subTest(file=row["file"]):
                raw = (SET / "emails" / row["file"]).read_bytes()
                message = email.message_from_bytes(raw, policy=email.policy.default)
                for header in ("From", "To", "Subject", "Date", "Message-ID", "Received"):
                    self.assertTrue(message[header], header)
                # The receiving system's verdict on the sender, topmost.
                self.assertTrue(message.get_all("Authentication-Results"))
                self.assertEqual(message.defects, [])
                for part in message.walk():
                    self.assertEqual(part.defects, [])
                    if part.get_content_maintype() == "text":
                        self.assertIsInstance(part.get_content(), str)
                self.assertIsNotNone(message.get_body(preferencelist=("plain", "html")))

    def test_a_fifth_of_each_side_of_each_channel_is_hard(self):
        sides = Counter()
        hard = Counter()
        for row in sms_rows():
            sides["sms", row["label"]] += 1
            hard["sms", row["label"]] += row["hard"]
        for row in email_rows():
            sides["email", row["label"]] += 1
            hard["email", row["label"]] += row["hard"] == "true"
        for key in AT_LEAST:
            with self.subTest(channel=key[0], label=key[1]):
                self.assertGreaterEqual(hard[key] / sides[key], HARD_SHARE)

    def test_telephone_numbers_are_fictional(self):
        texts = [f"{row['sender']} {row['text']}" for row in sms_rows()]
        for row in email_rows():
            message = email.message_from_bytes(
                (SET / "emails" / row["file"]).read_bytes(), policy=email.policy.default
            )
            body = message.get_body(preferencelist=("plain", "html"))
            texts.append(body.get_content() if body else "")
        for text in texts:
            for number in FRENCH_NUMBER.findall(text):
                with self.subTest(number=number):
                    self.assertRegex(national(number), FICTIONAL_NUMBER)
