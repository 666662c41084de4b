"""The control set of bench/messages/controle keeps its shape.

It is written apart from the analyser's rules and from the main evaluation set,
and serves only to measure how the rules generalise; these tests check its
counts, labels and form, never what the analyser says about it.
"""

from unittest import TestCase

from hygie.phishing.tests.independent import MESSAGES, IndependentSetChecks


class ControlSetTestCase(IndependentSetChecks, TestCase):
    ROOT = MESSAGES / "controle"
    PREFIX = "c"
    SMS = 80
    EMAILS = 40
    HARD_SMS = (16, 28)
    HARD_EMAILS = (8, 14)

    def test_it_is_described_in_its_readme(self):
        readme = (self.ROOT / "README.md").read_text(encoding="utf-8")
        self.assertIn("never to tune", readme)
