"""The tuning set of bench/messages/reglage keeps its shape.

Written apart from the rules and measured once untouched, it now serves to
tune them; these tests check its counts, labels and form, never what the
analyser says about it.
"""

from unittest import TestCase

from hygie.phishing.tests.independent import MESSAGES, IndependentSetChecks


class TuningSetTestCase(IndependentSetChecks, TestCase):
    ROOT = MESSAGES / "reglage"
    PREFIX = "r"
    SMS = 200
    EMAILS = 140
    HARD_SMS = (50, 130)
    HARD_EMAILS = (35, 100)
