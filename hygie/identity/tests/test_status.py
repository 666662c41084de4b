"""The RNIV status helper and the MSSanté checks, table by table.

Sources: RNIV [EXI SI 07] (four exclusive statuses from two criteria),
[EXI SI 08] (only QUAL lets the matricule INS travel with health data),
[EXI SI 09] (DOUT and FICT force PROV), as quoted by the FR Core guide;
identito-na.fr (high-trust documents); ARS Auvergne-Rhône-Alpes (special
cases); FR Core and ANS examples (`<matricule>@patient.mssante.fr`);
ANS MSSanté (trust space under mssante.fr); seeds 002 and 003.
"""

from __future__ import annotations

from unittest import TestCase

from hygie.identity import mssante, status

# (insi, document, attribute, expected status) — RNIV [EXI SI 07] and [EXI SI 09]
STATUSES = [
    (False, False, "", "PROV"),
    (True, False, "", "RECUP"),
    (False, True, "", "VALI"),
    (True, True, "", "QUAL"),
    (True, True, "DOUT", "PROV"),
    (True, True, "FICT", "PROV"),
    (False, True, "DOUT", "PROV"),
]

# (address, kind, trusted) — ANS MSSanté; seed 003 « Messagerie classique versus MSSanté »
RECIPIENTS = [
    ("dupont@ch-xyz.mssante.fr", "mssante", True),
    ("cardiologie@ch-xyz.mssante.fr", "mssante", True),
    ("Dr.Martin@Medecin.MSSante.fr", "mssante", True),
    ("279035121518989@patient.mssante.fr", "patient", True),
    ("288091234567823@patient.mssante.fr", "patient", True),
    ("dr.martin@gmail.com", "webmail", False),
    ("secretariat@orange.fr", "webmail", False),
    ("accueil@cabinet-martin.fr", "ordinaire", False),
    ("contact@mssante-fr.com", "imitation", False),
    ("x@mssante.fr.example.com", "imitation", False),
    ("pas une adresse", "invalide", False),
    ("", "invalide", False),
]


class StatusTestCase(TestCase):
    def test_the_status_follows_from_the_two_criteria(self):
        for insi, document, attribute, expected in STATUSES:
            with self.subTest(insi=insi, document=document, attribute=attribute):
                outcome = status.assess(insi=insi, document=document, attribute=attribute)
                self.assertEqual(outcome.status.code, expected)

    def test_only_a_qualified_identity_lets_the_matricule_travel(self):
        # RNIV [EXI SI 08]
        for code, (insi, document) in {"PROV": (0, 0), "RECUP": (1, 0), "VALI": (0, 1)}.items():
            with self.subTest(code=code):
                outcome = status.assess(insi=bool(insi), document=bool(document))
                self.assertFalse(outcome.qualified)
                self.assertTrue(any("matricule INS ne doit pas" in p.text for p in outcome.forbids))
        qualified = status.assess(insi=True, document=True)
        self.assertTrue(qualified.qualified)
        self.assertTrue(any("patient.mssante.fr" in p.text for p in qualified.allows))

    def test_a_doubtful_identity_is_locked_and_insi_is_not_queried(self):
        # RNIV [EXI SI 09]
        outcome = status.assess(insi=True, document=True, attribute="DOUT")
        self.assertEqual(outcome.next_steps, [])
        self.assertTrue(any("interroger le téléservice INSi" in p.text for p in outcome.forbids))
        with self.assertRaises(status.StatusError):
            status.assess(insi=False, document=False, attribute="DOUT+FICT")

    def test_the_transitions_of_each_status(self):
        self.assertEqual(
            [t.end for t in status.assess(insi=False, document=False).next_steps],
            ["RECUP", "VALI"],
        )
        recup = status.assess(insi=True, document=False).next_steps
        self.assertEqual(recup[0].end, "QUAL")
        self.assertTrue(recup[-1].unverified)  # the downgrade rule is [U]

    def test_unverified_rules_are_flagged(self):
        flagged = [p for p in status.HIGH_TRUST_DOCUMENTS if p.unverified]
        self.assertEqual(len(flagged), 2)
        self.assertTrue(status.SPECIAL_CASES["ase"][1].unverified)
        self.assertFalse(status.SPECIAL_CASES["mineur"][1].unverified)
        outcome = status.assess(insi=False, document=False, special_case="ehpad")
        self.assertIn("carte Vitale avec photographie", outcome.special_case.text)
        with self.assertRaises(status.StatusError):
            status.assess(insi=False, document=False, special_case="prison")


class MssanteTestCase(TestCase):
    def test_the_patient_address_needs_a_qualified_identity(self):
        # FR Core example; RNIV [EXI SI 08] by inference.
        given = mssante.patient_address("2 79 03 51 215 189 89", "QUAL")
        self.assertEqual(given.address, "279035121518989@patient.mssante.fr")
        for code in ("PROV", "RECUP", "VALI", ""):
            with self.subTest(code=code):
                refused = mssante.patient_address("279035121518989", code)
                self.assertEqual(refused.address, "")
                self.assertIn("seule une identité qualifiée", refused.refusals[0])

    def test_the_patient_address_needs_the_full_valid_matricule(self):
        for matricule in ("2790351215189", "279035121518988", "", "27903512151898A"):
            with self.subTest(matricule=matricule):
                refused = mssante.patient_address(matricule, "QUAL")
                self.assertEqual(refused.address, "")
                self.assertTrue(refused.refusals)
        test_oid = mssante.patient_address("279035121518989", "QUAL", "1.2.250.1.213.1.4.10")
        self.assertEqual(test_oid.address, "")

    def test_the_recipient_check(self):
        for address, kind, trusted in RECIPIENTS:
            with self.subTest(address=address):
                result = mssante.check_recipient(address)
                self.assertEqual((result.kind, result.trusted), (kind, trusted))
                self.assertTrue(result.verdict)
                if kind != "invalide":
                    self.assertTrue(result.meaning and result.sources)

    def test_a_patient_address_with_a_wrong_matricule_is_said_false(self):
        self.assertIn(
            "fausse", mssante.check_recipient("288091234567823@patient.mssante.fr").verdict
        )


class FrenchTestCase(TestCase):
    def test_every_message_reads_right(self):
        from hygie.identity import nir
        from hygie.identity.tests.test_nir import KEYS, SHAPES, STRUCTURE, TRAITS
        from hygie.tests.test_french import problems_in

        lines = []
        for number in [r[0] for r in KEYS + SHAPES + STRUCTURE]:
            for oid in ("", "1.2.250.1.213.1.4.9", "1.2.250.1.213.1.4.11", "9.9"):
                lines += [f.message for f in nir.check(number, oid=oid).findings]
        for number, traits, *_ in TRAITS:
            lines += [f.message for f in nir.check(number, **traits).findings]
        lines += [f.message for f in nir.check("2550814168025", sex="M").findings]
        for insi, document, attribute, _ in STATUSES:
            for case in ("", *status.SPECIAL_CASES):
                o = status.assess(
                    insi=insi, document=document, attribute=attribute, special_case=case
                )
                lines += [p.text for p in o.why + o.allows + o.forbids]
                lines += [o.special_case.text] if o.special_case else []
        lines += [p.text for p in status.HIGH_TRUST_DOCUMENTS]
        for address, *_ in RECIPIENTS:
            r = mssante.check_recipient(address)
            lines += [r.verdict, *r.meaning]
        for code in status.STATUSES:
            lines += mssante.patient_address("279035121518988", code).refusals
        self.assertEqual(problems_in(lines), [])
