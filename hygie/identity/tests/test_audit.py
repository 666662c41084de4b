"""The audit on small hand-made files: each French error pattern, twins, collisions,
capped blocks, anomalies (issue 18; patterns from the anchors' « French specifics »).

Every case sits in a file of fictional background people, so that the model's u
probabilities are measured on something like a real file.
"""

from __future__ import annotations

import datetime
import random
import shutil
import unittest

import pyarrow as pa
from django.test import SimpleTestCase
from stdnum.fr import nir as stdnum_nir

from hygie.identity.audit import CANONICAL_COLUMNS, audit, nircheck

SURNAMES = [
    "MARTIN",
    "BERNARD",
    "THOMAS",
    "PETIT",
    "ROBERT",
    "RICHARD",
    "DURAND",
    "DUBOIS",
    "MOREAU",
    "LAURENT",
    "SIMON",
    "MICHEL",
    "LEFEBVRE",
    "LEROY",
    "ROUX",
    "DAVID",
    "BERTRAND",
    "MOREL",
    "FOURNIER",
    "GIRARD",
    "BONNET",
    "DUPONT",
    "LAMBERT",
    "FONTAINE",
]
FIRST = {
    "M": ["PIERRE", "PAUL", "LUC", "MARC", "HUGO", "LOUIS", "NOAH", "TOM", "YVES", "GUY"],
    "F": ["ANNE", "EMMA", "JADE", "ROSE", "LINA", "ZOE", "MIA", "LOU", "EVA", "IRIS"],
}
PLACES = ["75056", "69123", "13055", "33063", "31555", "59350", "44109", "67482"]


def nir(sex: str, date: str, place: str, order: int = 1, key: bool = True) -> str:
    body = f"{1 if sex == 'M' else 2}{date[2:4]}{date[5:7]}{place}{order:03d}"
    return body + (stdnum_nir.calc_check_digits(body) if key else "")


def background(n: int = 2000, seed: int = 7) -> list[dict]:
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        sex = rng.choice("MF")
        date = (
            datetime.date(1930, 1, 1) + datetime.timedelta(days=rng.randrange(33000))
        ).isoformat()
        place = rng.choice(PLACES)
        rows.append(
            {
                "identifiant": f"F{i:05d}",
                "nom_naissance": rng.choice(SURNAMES)
                + rng.choice(["", "EAU", "IN", "OT", "ET", "ARD"]),
                "nom_utilise": "",
                "prenoms": rng.choice(FIRST[sex]),
                "sexe": sex,
                "date_naissance": date,
                "lieu_naissance": place,
                "nir": nir(sex, date, place, order=i % 999 + 1),
                "statut": "QUAL",
            }
        )
    return rows


def person(ident, nom, prenoms, sexe, date, lieu="75056", nir_value="", usage="", statut="PROV"):
    return {
        "identifiant": ident,
        "nom_naissance": nom,
        "nom_utilise": usage,
        "prenoms": prenoms,
        "sexe": sexe,
        "date_naissance": date,
        "lieu_naissance": lieu,
        "nir": nir_value,
        "statut": statut,
    }


def table(rows: list[dict]) -> pa.Table:
    return pa.table({c: [r[c] for r in rows] for c in CANONICAL_COLUMNS})


def run_audit(cases: list[dict], **options):
    return audit(table(background() + cases), **options)


def doublons(result) -> set[frozenset]:
    return {frozenset((p.id_a, p.id_b)) for p in result.pairs if p.kind == "doublon"}


def collisions(result) -> set[frozenset]:
    return {frozenset((p.id_a, p.id_b)) for p in result.pairs if p.kind == "collision"}


ORIGINAL = person(
    "A1",
    "LE GALL",
    "JEAN-PIERRE MICHEL",
    "M",
    "1964-03-08",
    "29232",
    nir("M", "1964-03-08", "29232", 17),
    statut="QUAL",
)

# (pattern, the duplicate of ORIGINAL as it was typed)
PATTERNS = [
    (
        "accents et minuscules",
        person("B1", "Le Gäll", "Jean-Pierre Michel", "M", "1964-03-08", "29232"),
    ),
    ("premier prénom seul", person("B2", "LE GALL", "JEAN-PIERRE", "M", "1964-03-08", "29232")),
    ("prénom tronqué au premier mot", person("B3", "LE GALL", "JEAN", "M", "1964-03-08", "29232")),
    (
        "prénom composé sans trait d'union",
        person("B4", "LE GALL", "JEAN PIERRE MICHEL", "M", "1964-03-08", "29232"),
    ),
    ("particule collée", person("B5", "LEGALL", "JEAN-PIERRE", "M", "1964-03-08", "29232")),
    ("jour et mois inversés", person("B6", "LE GALL", "JEAN-PIERRE", "M", "1964-08-03", "29232")),
    (
        "date inconnue au 1er janvier",
        person("B7", "LE GALL", "JEAN-PIERRE MICHEL", "M", "1964-01-01", "29232"),
    ),
    (
        "date inconnue au 31 décembre",
        person("B8", "LE GALL", "JEAN-PIERRE MICHEL", "M", "1964-12-31", "29232"),
    ),
    (
        "faute de frappe dans le nom",
        person("B9", "LE GAL", "JEAN-PIERRE", "M", "1964-03-08", "29232"),
    ),
    (
        "faute de frappe dans le prénom",
        person("B10", "LE GALL", "JEAN-PEIRRE", "M", "1964-03-08", "29232"),
    ),
    (
        "NIR absent, lieu absent",
        person("B11", "LE GALL", "JEAN-PIERRE MICHEL", "M", "1964-03-08", ""),
    ),
    (
        "faute dans l'année",
        person("B12", "LE GALL", "JEAN-PIERRE MICHEL", "M", "1965-03-08", "29232"),
    ),
]


class FrenchErrorPatternsTest(SimpleTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.result = run_audit([ORIGINAL] + [dup for _name, dup in PATTERNS])

    def test_each_pattern_is_found_as_a_doublon(self):
        found = doublons(self.result)
        for name, dup in PATTERNS:
            with self.subTest(name):
                self.assertIn(frozenset(("A1", dup["identifiant"])), found)

    def test_the_duplicates_form_one_group(self):
        group = next(g for g in self.result.groups if "A1" in g)
        self.assertEqual(set(group), {"A1"} | {dup["identifiant"] for _n, dup in PATTERNS})

    def test_pairs_say_which_traits_agree_and_differ(self):
        pair = next(p for p in self.result.pairs if {p.id_a, p.id_b} == {"A1", "B6"})
        self.assertIn("nom_naissance", pair.agree)
        self.assertIn("date_naissance", pair.agree)  # an inversion counts as agreement
        self.assertGreaterEqual(pair.probability, 0.95)
        self.assertLessEqual(pair.probability, 1.0)


class CompoundAndCrossedNamesTest(SimpleTestCase):
    def test_compound_surname_written_three_ways(self):
        cases = [
            person(
                "C1",
                "MARTIN--DURAND",
                "CLAIRE",
                "F",
                "1990-05-17",
                "44109",
                nir("F", "1990-05-17", "44109", 3),
                statut="QUAL",
            ),
            person("C2", "MARTIN DURAND", "CLAIRE", "F", "1990-05-17", "44109"),
            person("C3", "MARTIN", "CLAIRE", "F", "1990-05-17", "44109"),
        ]
        found = doublons(run_audit(cases))
        self.assertIn(frozenset(("C1", "C2")), found)
        self.assertIn(frozenset(("C1", "C3")), found)

    def test_birth_and_used_names_crossed(self):
        cases = [
            person(
                "D1",
                "ROUSSEAU",
                "MONIQUE",
                "F",
                "1948-10-22",
                "33063",
                nir("F", "1948-10-22", "33063", 5),
                usage="FAURE",
                statut="QUAL",
            ),
            person("D2", "FAURE", "MONIQUE", "F", "1948-10-22", "33063"),
            person("D3", "FAURE", "MONIQUE", "F", "1948-10-22", "33063", usage="ROUSSEAU"),
        ]
        found = doublons(run_audit(cases))
        self.assertIn(frozenset(("D1", "D2")), found)
        self.assertIn(frozenset(("D1", "D3")), found)


class TwinsAndRelativesTest(SimpleTestCase):
    def test_twins_are_never_doublons_nor_grouped(self):
        date, place = "2011-06-14", "31555"
        cases = [
            person(
                "T1", "GARCIA", "LUCAS", "M", date, place, nir("M", date, place, 101), statut="QUAL"
            ),
            person(
                "T2", "GARCIA", "THEO", "M", date, place, nir("M", date, place, 102), statut="QUAL"
            ),
            person("T3", "GARCIA", "LUCAS", "M", date, place),  # a duplicate of T1
            person("T4", "GARCIA", "LOUISE", "F", date, place),  # a twin sister
            person(
                "T5", "GARCIA", "LOUIS", "M", date, place
            ),  # a triplet, one letter away from her
        ]
        result = run_audit(cases)
        found = doublons(result)
        self.assertIn(frozenset(("T1", "T3")), found)
        for twin_pair in [("T1", "T2"), ("T2", "T3"), ("T1", "T4"), ("T4", "T5"), ("T1", "T5")]:
            with self.subTest(twin_pair):
                self.assertNotIn(frozenset(twin_pair), found)
        for group in result.groups:
            self.assertFalse({"T1", "T2"} <= set(group))
        self.assertGreaterEqual(result.summary["jumeaux_ou_apparentes"], 2)

    def test_siblings_with_the_same_surname_and_place(self):
        cases = [
            person("S1", "LAMBERT", "CHLOE", "F", "2001-02-03", "59350"),
            person("S2", "LAMBERT", "MANON", "F", "2003-02-03", "59350"),
        ]
        self.assertNotIn(frozenset(("S1", "S2")), doublons(run_audit(cases)))


class CollisionTest(SimpleTestCase):
    def test_one_nir_on_parent_and_child_is_a_collision_never_a_doublon(self):
        parent_nir = nir("F", "1975-09-30", "67482", 44)
        cases = [
            person("P1", "WEBER", "SOPHIE", "F", "1975-09-30", "67482", parent_nir, statut="QUAL"),
            person("P2", "WEBER", "LEA", "F", "2006-04-12", "67482", parent_nir),
            person("P3", "WEBER", "SOPHIE", "F", "1975-09-30", "67482"),  # a true duplicate of P1
        ]
        result = run_audit(cases)
        self.assertIn(frozenset(("P1", "P2")), collisions(result))
        self.assertNotIn(frozenset(("P1", "P2")), doublons(result))
        self.assertIn(frozenset(("P1", "P3")), doublons(result))
        for group in result.groups:
            self.assertFalse({"P1", "P2"} <= set(group))
        kinds = {(a.identifiant, a.kind) for a in result.anomalies}
        self.assertIn(("P2", "nir_incoherent"), kinds)

    def test_groups_never_cross_a_collision(self):
        shared = nir("M", "1950-01-20", "13055", 9)
        cases = [
            person("Q1", "FABRE", "ANDRE", "M", "1950-01-20", "13055", shared, statut="QUAL"),
            person("Q2", "FABRE", "ANDRE", "M", "1950-01-20", "13055"),
            person("Q3", "FABRE", "ANDRE", "M", "1950-01-20", "13055"),
            person("Q4", "FABRE", "RENE", "M", "1950-01-20", "13055", shared),
        ]
        result = run_audit(cases)
        self.assertIn(frozenset(("Q1", "Q4")), collisions(result))
        for group in result.groups:
            self.assertFalse({"Q1", "Q4"} <= set(group))


class OversizedBlockTest(SimpleTestCase):
    def test_a_block_over_the_cap_is_split_then_dropped_without_blowing_up(self):
        rows = [
            person(f"M{i}", "MARTIN", "JEAN", "M", "1960-01-01", PLACES[i % 2]) for i in range(120)
        ]
        result = audit(table(background(300) + rows), block_cap=50)
        self.assertGreater(result.summary["blocs_plafonnes_total"], 0)
        # 120 identical records: no pair from the dropped blocks, and no explosion.
        self.assertLess(result.summary["paires_candidates"], 120 * 119 / 2)


class AnomaliesTest(SimpleTestCase):
    def test_anomalies(self):
        good = nir("M", "1980-07-14", "75056", 12)
        bad_key = good[:13] + ("01" if good[13:] != "01" else "02")
        cases = [
            person("X1", "DUVAL", "MARC", "M", "1980-07-14", "75056", bad_key),
            person("X2", "DUVAL", "MARC", "M", "1980-02-30", "75056"),
            person("X3", "", "MARC", "", "1980-07-14", "75056"),
            person("X4", "Duval", "Marc", "M", "1980-07-14", "75056", good, statut="QUAL"),
            person("X5", "DUVAL", "MARC", "F", "1980-07-14", "75056", good),
        ]
        kinds = {(a.identifiant, a.kind) for a in run_audit(cases).anomalies}
        self.assertIn(("X1", "nir_cle"), kinds)
        self.assertIn(("X2", "date_impossible"), kinds)
        self.assertIn(("X3", "traits_manquants"), kinds)
        self.assertIn(("X4", "traits_ins_casse"), kinds)
        self.assertIn(("X5", "nir_incoherent"), kinds)

    def test_nir_check_agrees_with_stdnum_on_corsica(self):
        # Keys from python-stdnum's doctests and regulation.md §2.6.
        for number, valid in [
            ("253072A07300443", True),
            ("253072B07300470", True),
            ("255081416802538", True),
            ("255081416802539", False),
        ]:
            with self.subTest(number):
                found = nircheck.findings(number, "", "", "")
                self.assertEqual(valid, not any(k == "nir_cle" for k, _m in found))


class ProgressTest(SimpleTestCase):
    def test_progress_is_reported_as_work_advances(self):
        seen = []
        audit(table(background(200)), progress=lambda share, step: seen.append((share, step)))
        shares = [s for s, _ in seen]
        self.assertEqual(shares, sorted(shares))
        self.assertEqual(shares[0], 0.0)
        self.assertEqual(shares[-1], 1.0)
        self.assertGreater(len(seen), 5)


@unittest.skipUnless(shutil.which("java"), "Spark needs a Java runtime (install a headless JRE)")
class SparkTest(SimpleTestCase):
    def test_spark_gives_the_same_result_as_duckdb(self):
        try:
            import pyspark  # noqa: F401
        except ImportError:
            self.skipTest("pyspark is not installed (the « spark » extra)")
        cases = [ORIGINAL] + [dup for _n, dup in PATTERNS]
        data = table(background(300) + cases)
        a = audit(data, engine="duckdb")
        b = audit(data, engine="spark")
        self.assertEqual(sorted(a.pairs, key=_key), sorted(b.pairs, key=_key))
        self.assertEqual(a.groups, b.groups)
        self.assertEqual(sorted(a.anomalies), sorted(b.anomalies))


def _key(p):
    return (p.id_a, p.id_b, p.kind)
