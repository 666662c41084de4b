"""The clocks and obligations of an incident, each case citing the article it checks."""

from datetime import UTC, datetime
from unittest import TestCase
from zoneinfo import ZoneInfo

from hygie.law.incident import (
    ObligationKey,
    Qualification,
    Risk,
    State,
    cnil_notification,
    complaint,
    delay_reasons_needed,
    health_report,
    insurer_declaration,
    obligations,
    persons_communication,
    register_entry,
    standing,
    working_days_after,
)

PARIS = ZoneInfo("Europe/Paris")


def paris(*args, fold: int = 0) -> datetime:
    return datetime(*args, tzinfo=PARIS, fold=fold)


class Clocks(TestCase):
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


class Obligations(TestCase):
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


class Insurer(TestCase):
    """Code des assurances L113-2 (4°): the loss is declared within the contract's
    time, here in working days (Monday to Friday, French public holidays excluded)."""

    # (case, aware at, working days, due at 23:59 Paris time)
    CASES = [
        ("a Wednesday, five days", paris(2026, 6, 10, 8, 5), 5, paris(2026, 6, 17, 23, 59)),
        ("a Friday evening skips the weekend", paris(2026, 6, 12, 23, 50), 2, paris(2026, 6, 16, 23, 59)),
        ("a Saturday counts from Monday", paris(2026, 6, 13, 10, 0), 1, paris(2026, 6, 15, 23, 59)),
        # 14 May 2026 is Ascension Day, 25 May Whit Monday.
        ("Ascension Day is skipped", paris(2026, 5, 13, 9, 0), 1, paris(2026, 5, 15, 23, 59)),
        ("Whit Monday is skipped", paris(2026, 5, 22, 9, 0), 1, paris(2026, 5, 26, 23, 59)),
        # 25 December and 1 January, across the year.
        ("Christmas to the new year", paris(2026, 12, 24, 17, 0), 5, paris(2027, 1, 4, 23, 59)),
        # Summer time starts on 29 March 2026: the due time stays 23:59 in Paris.
        ("across the change to summer time", paris(2026, 3, 27, 18, 0), 1, paris(2026, 3, 30, 23, 59)),
    ]  # fmt: skip

    def test_working_days(self):
        for case, aware, days, due in self.CASES:
            with self.subTest(case):
                self.assertEqual(working_days_after(aware, days), due)
                o = insurer_declaration(Qualification(aware, insurer_days=days))
                self.assertTrue(o.required)
                self.assertEqual(o.due_at, due)

    def test_without_the_contracts_time_there_is_no_clock(self):
        o = insurer_declaration(Qualification(paris(2026, 6, 10, 8, 5)))
        self.assertFalse(o.required)
        self.assertIsNone(o.due_at)
        self.assertIn("délai", o.reason)


class HealthReport(TestCase):
    """CSP L1111-8-2: the signalement portal, by kind of organisation."""

    CASES = [
        ("cabinet", False),
        ("cabinet_groupe", False),
        ("msp", False),
        ("cpts", False),
        # « organismes et services exerçant des activités [...] de soins »: reported out of prudence.
        ("centre_sante", True),
    ]

    def test_table(self):
        for kind, required in self.CASES:
            with self.subTest(kind):
                o = health_report(Qualification(paris(2026, 6, 10, 8, 5), org_kind=kind))
                self.assertEqual(o.required, required)
                self.assertIn("L1111-8-2", o.basis)
                self.assertIsNone(o.due_at)


class Standings(TestCase):
    """Where an obligation stands: the one place that decides it."""

    AWARE = paris(2026, 6, 10, 8, 5)  # the CNIL's 72 hours end on 13 June at 08:05
    BEFORE, AFTER = paris(2026, 6, 12, 9, 0), paris(2026, 6, 14, 9, 0)

    # (case, risk, done at, now, state, on time)
    CASES = [
        ("required, not met, in time", Risk.RISK, None, BEFORE, State.TO_DO, None),
        ("required, not met, too late", Risk.RISK, None, AFTER, State.LATE, None),
        ("met within the 72 hours", Risk.RISK, BEFORE, AFTER, State.DONE, True),
        ("met after the 72 hours", Risk.RISK, paris(2026, 6, 13, 8, 6), AFTER, State.DONE, False),
        ("met at the last minute", Risk.RISK, paris(2026, 6, 13, 8, 5), AFTER, State.DONE, True),
        ("no risk: not required", Risk.NONE, None, AFTER, State.NOT_REQUIRED, None),
        # Notified out of prudence: done, with no clock to be late against.
        ("not required, yet notified", Risk.NONE, BEFORE, AFTER, State.DONE, None),
    ]

    def test_the_cnil_notification(self):
        for case, risk, done_at, now, state, on_time in self.CASES:
            with self.subTest(case, article="RGPD art. 33(1)"):
                o = cnil_notification(Qualification(aware_at=self.AWARE, risk=risk))
                found = standing(o, done_at, now)
                self.assertEqual(found.state, state)
                self.assertEqual(found.on_time, on_time)

    def test_an_obligation_without_a_clock_is_never_late(self):
        # Art. 34(1): « sans délai excessif », no fixed time.
        o = persons_communication(Qualification(aware_at=self.AWARE, risk=Risk.HIGH))
        self.assertEqual(standing(o, None, paris(2027, 1, 1, 0, 0)).state, State.TO_DO)
        self.assertIsNone(standing(o, self.AFTER, self.AFTER).on_time)

    def test_the_reasons_for_the_delay_after_72_hours(self):
        # RGPD art. 33(1): « accompagnée des motifs du retard ».
        self.assertFalse(delay_reasons_needed(self.AWARE, paris(2026, 6, 13, 8, 5)))
        self.assertTrue(delay_reasons_needed(self.AWARE, paris(2026, 6, 13, 8, 6)))

    def test_the_breach_register_is_met_by_hygies_own(self):
        # RGPD art. 33(5): the breach is documented. Hygie's breach register lists
        # every incident with personal data, from the moment it is listed there.
        listed = paris(2026, 6, 10, 8, 20)
        # (case, qualification, state, done at)
        cases = [
            ("listed in Hygie's register", dict(listed_at=listed), State.DONE, listed),
            ("not listed (yet)", dict(listed_at=None), State.TO_DO, None),
            ("no personal data", dict(personal_data=False, listed_at=listed), State.NOT_REQUIRED, None),
        ]  # fmt: skip
        for case, fields, state, done_at in cases:
            with self.subTest(case, article="RGPD art. 33(5)"):
                o = register_entry(Qualification(aware_at=self.AWARE, **fields))
                found = standing(o, None, self.AFTER)
                self.assertEqual(found.state, state)
                self.assertEqual(found.done_at, done_at)
                self.assertIsNone(found.on_time)  # no clock

    def test_a_register_kept_elsewhere_too_is_told_by_its_own_record(self):
        o = register_entry(Qualification(aware_at=self.AWARE, listed_at=self.BEFORE))
        self.assertEqual(standing(o, self.AFTER, self.AFTER).done_at, self.AFTER)


class ObligationKeyTestCase(TestCase):
    def test_the_keys_are_the_values_stored_and_exported(self):
        # Deadlines, fulfilments and the journal keep these strings: they never change.
        self.assertEqual([key.value for key in ObligationKey], ["cnil", "personnes", "plainte"])
        self.assertEqual(ObligationKey.CNIL, "cnil")
        self.assertEqual(f"{ObligationKey.PLAINTE}", "plainte")
