"""Retention rules in words, completeness and the DPO decision, each case citing
what it checks (the retention dates are the law's: hygie/law/tests/test_retention.py)."""

from unittest import TestCase

from hygie.law.retention import Period
from hygie.register import completeness
from hygie.register.dpo import Answers, decide
from hygie.register.retention import Rule

# Référentiel CNIL des cabinets médicaux et paramédicaux (délibération 2020-081):
# « vingt ans à compter de la date de la dernière prise en charge du patient :
# en base active, pendant une durée de cinq ans [...] puis [...] sous la forme
# archivée sur un support distinct pendant quinze ans ».
RECORD = Rule(
    what="Dossier médical",
    active=Period(5, "years"),
    archive=Period(15, "years"),
    starts="la dernière prise en charge du patient",
    fate="destruction",
)
# Code de la sécurité sociale R161-47: copies of the FSE, 3 months.
FSE = Rule(
    what="Copies des FSE", active=Period(3, "months"), starts="leur envoi", fate="destruction"
)


class RetentionTestCase(TestCase):
    def test_described_in_french(self):
        self.assertEqual(
            RECORD.describe(),
            "5 ans en base active, puis 15 ans en archive sur un support distinct, à compter "
            "de la dernière prise en charge du patient ; puis destruction.",
        )
        self.assertEqual(
            FSE.describe(), "3 mois en base active, à compter de leur envoi ; puis destruction."
        )

    def test_described_to_patients_in_plain_words(self):
        self.assertEqual(
            RECORD.plain(),
            "5 ans dans les dossiers en cours, puis 15 ans en archive, à compter de la "
            "dernière prise en charge du patient ; ensuite, destruction.",
        )
        minors = Rule(**{**RECORD.__dict__, "minors_until": 28})
        self.assertIn("(pour un enfant, au moins jusqu'à ses 28 ans).", minors.plain())
        self.assertEqual(FSE.plain(), "3 mois, à compter de leur envoi ; ensuite, destruction.")

    def test_a_starting_event_typed_by_the_practice_reads_right(self):
        for starts, text in [
            ("le départ du salarié", "à compter du départ du salarié"),
            ("l'envoi de la facture", "à compter de l'envoi de la facture"),
            ("leur envoi", "à compter de leur envoi"),
            ("une demande du patient", "à compter d'une demande du patient"),
        ]:
            with self.subTest(starts):
                rule = Rule(**{**FSE.__dict__, "starts": starts})
                self.assertIn(text, rule.describe())
                self.assertIn(text, rule.plain())


class DpoTestCase(TestCase):
    """Référentiel 2020-081: DPO and AIPD for a group sharing an information
    system from 10,000 patients a year; RGPD art. 35(3)(b) and 37(1)(c)."""

    CASES = [
        ("individual practice", Answers(False, False, 3000), False, False),
        ("individual practice, many patients", Answers(False, True, 12000), False, False),
        ("group without a shared system", Answers(True, False, 20000), False, False),
        ("group sharing a system, below the threshold", Answers(True, True, 9999), False, False),
        ("group sharing a system, at the threshold", Answers(True, True, 10000), True, True),
        ("other large-scale processing", Answers(False, False, 100, True), True, True),
    ]

    def test_table(self):
        for case, answers, dpo, aipd in self.CASES:
            with self.subTest(case):
                decision = decide(answers)
                self.assertEqual((decision.dpo, decision.aipd), (dpo, aipd))
                self.assertTrue(decision.reasons)


def complete_snapshot() -> dict:
    return {
        "controller": {"name": "Dr Martin", "contact": "05 56 00 00 00"},
        "processings": [
            {
                "title": "Dossier des patients",
                "purposes": ["Suivi des patients"],
                "persons": ["Patients"],
                "data_categories": ["Santé"],
                "recipients": ["Équipe de soins"],
                "transfers": "Aucun",
                "retention": [{"what": "Dossier"}],
                "security": ["Sauvegarde"],
            }
        ],
        "processors": [],
        "dpo": {"dpo_required": False},
    }


class CompletenessTestCase(TestCase):
    """RGPD art. 30(1)(a) to (g)."""

    def test_complete(self):
        self.assertEqual(completeness.missing(complete_snapshot()), [])

    def test_each_missing_field_is_named_with_its_letter(self):
        cases = [
            ("purposes", "(b)"),
            ("persons", "(c)"),
            ("data_categories", "(c)"),
            ("recipients", "(d)"),
            ("transfers", "(e)"),
            ("retention", "(f)"),
            ("security", "(g)"),
        ]
        for key, letter in cases:
            with self.subTest(key):
                data = complete_snapshot()
                data["processings"][0][key] = [] if key != "transfers" else ""
                (gap,) = completeness.missing(data)
                self.assertIn(letter, gap)
                self.assertIn("Dossier des patients", gap)

    def test_controller_processings_and_dpo(self):
        data = complete_snapshot()
        data["controller"]["contact"] = ""
        self.assertIn("(a)", completeness.missing(data)[0])
        self.assertTrue(completeness.missing({**complete_snapshot(), "processings": []}))
        self.assertIn("délégué", completeness.missing({**complete_snapshot(), "dpo": None})[0])

    def test_processor_warnings(self):
        data = complete_snapshot()
        data["processors"] = [
            {
                "name": "Hébergeur",
                "hds": "inconnu",
                "clauses": {"a": True, "b": False},
                "location": "inconnu",
            }
        ]
        found = completeness.warnings(data)
        self.assertEqual(len(found), 3)
        self.assertIn("HDS", found[0])

    def test_a_contract_without_any_clause_is_warned_of(self):
        data = complete_snapshot()
        data["processors"] = [{"name": "Éditeur", "hds": "oui", "clauses": {}, "location": "eee"}]
        (found,) = completeness.warnings(data)
        self.assertIn("art. 28", found)
        data["processors"][0]["clauses"] = {"instructions": True}
        self.assertEqual(completeness.warnings(data), [])
