"""The échéances of patients' requests cite the content library's legal
deadlines, with the durations the law's clocks count (`hygie.law.rights`)."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.test import SimpleTestCase

from hygie.law.rights import RecordAge, Right, clocks

PARIS = ZoneInfo("Europe/Paris")


def paris(*args) -> datetime:
    return datetime(*args, tzinfo=PARIS)


class LegalDeadlinesLibrary(SimpleTestCase):
    """The échéances cite the content library's legal deadlines: the durations
    it states are the ones the clocks count."""

    def test_each_rule_exists_and_states_the_clock_duration(self):
        from hygie.content.loader import LIBRARY_DIR, parse_yaml
        from hygie.law import rights as c
        from hygie.rights.actions import RULES

        shipped = parse_yaml((LIBRARY_DIR / "legal_deadlines.yaml").read_text())
        rules = {item["id"]: item for item in shipped["items"]}

        expected = {
            "dossier": {"value": c.RECORD_DAYS, "unit": "days"},
            "dossier-ancien": {"value": c.OLD_RECORD_MONTHS, "unit": "months"},
            "reponse": {"value": c.GDPR_MONTHS, "unit": "months"},
        }
        self.assertEqual(set(RULES), set(expected))
        for key, rule in RULES.items():
            with self.subTest(rule):
                self.assertIn(rule, rules)
                self.assertEqual(rules[rule]["duration"], expected[key])
        for rule in ("csp-acces-dossier", "csp-acces-dossier-ancien"):
            minimum = rules[rule]["minimum"]
            self.assertEqual(minimum, {"value": c.REFLECTION_HOURS, "unit": "hours"})

    def test_every_answer_limit_has_a_rule(self):
        from hygie.law.rights import answer_limits
        from hygie.rights.actions import RULES

        for right in Right:
            for age in RecordAge:
                for extended in (False, True):
                    found = clocks(paris(2026, 3, 5, 9, 0), right, age=age, extended=extended)
                    for clock in answer_limits(found):
                        self.assertIn(clock.key, RULES)
