"""The clocks and obligations of an incident, each case citing the article it checks."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from django.test import SimpleTestCase

from hygie.incidents.obligations import (
    Qualification,
    Risk,
    cnil_notification,
    complaint,
    obligations,
    persons_communication,
    register_entry,
)

PARIS = ZoneInfo("Europe/Paris")


def paris(*args, fold: int = 0) -> datetime:
    return datetime(*args, tzinfo=PARIS, fold=fold)


class Clocks(SimpleTestCase):
    """RGPD art. 33(1) and code des assurances L12-10-1: 72 hours from awareness."""

    # (case, aware at, CNIL and complaint due, in Paris time)
    CASES = [
        ("an ordinary weekday", paris(2026, 6, 10, 8, 5), paris(2026, 6, 13, 8, 5)),
        ("just before midnight", paris(2026, 6, 10, 23, 59, 30), paris(2026, 6, 13, 23, 59, 30)),
        ("just after midnight", paris(2026, 6, 11, 0, 0, 30), paris(2026, 6, 14, 0, 0, 30)),
        # Summer time starts on 29 March 2026 at 02:00: 72 elapsed hours end
        # one hour later on the clock.
        ("across the change to summer time", paris(2026, 3, 27, 23, 30), paris(2026, 3, 31, 0, 30)),
        # Winter time starts on 25 October 2026 at 03:00: one hour earlier.
        (
            "across the change to winter time",
            paris(2026, 10, 23, 23, 30),
            paris(2026, 10, 26, 22, 30),
        ),
        ("on New Year's Eve", paris(2026, 12, 31, 22, 0), paris(2027, 1, 3, 22, 0)),
    ]

    def test_72_hours_from_awareness(self):
        for case, aware, due in self.CASES:
            q = Qualification(aware_at=aware, risk=Risk.RISK)
            with self.subTest(case, article="RGPD art. 33(1)"):
                self.assertEqual(cnil_notification(q).due_at, due)
            with self.subTest(case, article="Code des assurances L12-10-1"):
                self.assertEqual(complaint(q).due_at, due)
            # Exactly 72 elapsed hours, whatever the clock shows (subtracting
            # two times of one zone would count on the wall clock: in UTC).
            elapsed = due.astimezone(UTC) - aware.astimezone(UTC)
            self.assertEqual(elapsed.total_seconds(), 72 * 3600)

    def test_declared_after_the_fact(self):
        # Discovered on Monday morning, declared on Thursday: the clock started
        # on Monday and has already run out (art. 33(1); 33(4) asks for the
        # reasons of the delay).
        q = Qualification(aware_at=paris(2026, 6, 8, 8, 0), risk=Risk.HIGH)
        declared = paris(2026, 6, 11, 9, 0)
        self.assertTrue(cnil_notification(q).late(declared))
        self.assertTrue(complaint(q).late(declared))
        self.assertFalse(cnil_notification(q).late(paris(2026, 6, 11, 7, 59)))

    def test_late_in_the_repeated_hour(self):
        # On 25 October 2026 Paris lives 02:00 to 03:00 twice. Due at 02:30 summer
        # time (00:30 UTC); at 02:10 winter time (01:10 UTC) it is late, though
        # the wall clock shows an earlier time.
        q = Qualification(aware_at=paris(2026, 10, 22, 2, 30), risk=Risk.RISK)
        due = cnil_notification(q).due_at
        self.assertEqual(due.astimezone(UTC), datetime(2026, 10, 25, 0, 30, tzinfo=UTC))
        self.assertTrue(cnil_notification(q).late(paris(2026, 10, 25, 2, 10, fold=1)))
        self.assertFalse(cnil_notification(q).late(paris(2026, 10, 25, 2, 10, fold=0)))

    def test_naive_time_refused(self):
        with self.assertRaises(ValueError):
            cnil_notification(Qualification(aware_at=datetime(2026, 6, 10, 8, 0)))


class Obligations(SimpleTestCase):
    AWARE = paris(2026, 6, 10, 8, 5)

    def test_table(self):
        # (article checked, qualification, CNIL required, persons required, complaint required)
        cases = [
            ("33(1): a risk calls for notification", dict(risk=Risk.RISK), True, False, True),
            ("33(1): unassessed risk, the clock runs", dict(risk=Risk.UNKNOWN), True, False, True),
            ("33(1): no risk, no notification", dict(risk=Risk.NONE), False, False, True),
            ("34(1): high risk, tell the persons", dict(risk=Risk.HIGH), True, True, True),
            ("34(3)(a): encrypted", dict(risk=Risk.HIGH, unintelligible=True), True, False, True),
            ("34(3)(b): risk removed", dict(risk=Risk.HIGH, risk_removed=True), True, False, True),
            ("34(3)(c): public communication", dict(risk=Risk.HIGH, disproportionate=True), True, True, True),
            ("no personal data", dict(personal_data=False, risk=Risk.HIGH), False, False, True),
            ("L12-10-1: no attack, no complaint clock", dict(risk=Risk.RISK, malicious=False), True, False, False),
        ]  # fmt: skip
        for case, fields, cnil, persons, plainte in cases:
            q = Qualification(aware_at=self.AWARE, **fields)
            with self.subTest(case):
                self.assertEqual(cnil_notification(q).required, cnil)
                self.assertEqual(persons_communication(q).required, persons)
                self.assertEqual(complaint(q).required, plainte)

    def test_persons_have_no_fixed_clock(self):
        # Art. 34(1): « dans les meilleurs délais », no number of hours.
        self.assertIsNone(persons_communication(Qualification(self.AWARE, risk=Risk.HIGH)).due_at)

    def test_public_communication_replaces_it(self):
        o = persons_communication(Qualification(self.AWARE, risk=Risk.HIGH, disproportionate=True))
        self.assertIn("communication publique", o.title)
        self.assertEqual(o.basis, "RGPD, art. 34(3)(c)")

    def test_every_breach_goes_to_the_register(self):
        # Art. 33(5): notified or not.
        for risk in Risk:
            with self.subTest(risk=risk):
                self.assertTrue(register_entry(Qualification(self.AWARE, risk=risk)).required)
        self.assertFalse(register_entry(Qualification(self.AWARE, personal_data=False)).required)

    def test_each_obligation_names_its_ground_and_rule(self):
        for o in obligations(Qualification(self.AWARE, risk=Risk.HIGH)):
            with self.subTest(o.key):
                self.assertTrue(o.basis)
                self.assertTrue(o.reason)
        rules = {o.key: o.rule for o in obligations(Qualification(self.AWARE))}
        self.assertEqual(rules["cnil"], "rgpd-33-notification-cnil")
        self.assertEqual(rules["plainte"], "assurance-plainte-72h")
