"""The public calculator counts through the law package: it imports no other
capability (an incident's clocks are the law's, not the incidents app's)."""

from pathlib import Path
from unittest import TestCase

from hygie.law.tests.test_purity import imports

CALCULATOR = Path(__file__).parent.parent / "calculator.py"
# The foundation, the law and the calculator's own capability.
ALLOWED = {"accounts", "content", "deadlines", "journal", "law", "lib", "orgs", "rights"}


class CalculatorImportsTestCase(TestCase):
    def test_the_calculator_imports_no_other_capability(self):
        found = imports(CALCULATOR.read_text(), "hygie.rights")
        others = [
            f"calculator.py:{line}: {module}"
            for line, module in found
            if module.startswith("hygie.") and module.split(".")[1] not in ALLOWED
        ]
        self.assertEqual(others, [])
        self.assertIn("hygie.law.incident", {module for _, module in found})
