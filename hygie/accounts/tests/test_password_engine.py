"""The password engine (hygie-passwords.js in V8): CNIL cases, uses, weaknesses.

The same bundle runs in the « Mots de passe » page; these tables check it as
the server loads it.
"""

from __future__ import annotations

from django.test import SimpleTestCase

from hygie.accounts import engine

# CNIL délibération n° 2022-100 du 21 juillet 2022 (recommandation relative aux
# mots de passe): case 1, password alone, 80 bits (its three examples, and a
# strength score of 3); case 2, with a restriction of access, 50 bits (examples
# from one secondary source, « à vérifier »; or 50 bits of composition; score 2);
# case 3, unlock code of a device kept by its owner, 13 bits (a 4-digit PIN is
# 13.3 bits) that is not among the first codes tried.
# (password, strongest case met, case 1's rule or None)
CASES = [
    ("Vk7#qL9!mZ2@", 1, "Au moins 12 caractères avec majuscules, minuscules, chiffres"),
    ("Qx7mVt9rLk2wPz", 1, "Au moins 14 caractères avec majuscules, minuscules et chiffres."),
    ("cheval lampe nuage orage piano tasse verre", 1, "Une phrase de passe d'au moins 7 mots."),
    # Case 1's composition, but guessed too easily: case 2 at best.
    ("Marseille2024!", 2, "Au moins 12 caractères avec majuscules, minuscules, chiffres"),
    # Case 1's composition and a good estimate, but made almost only of a
    # club, a city and a year, what an attacker assembles first: case 2.
    ("PSG-Marseille-2025", 2, "Au moins 12 caractères avec majuscules, minuscules, chiffres"),
    ("Lucas1990!Lyon", 2, "Au moins 12 caractères avec majuscules, minuscules, chiffres"),
    # A city among words of one's own: case 1.
    ("Jardin#Lyon42Bleu", 1, "Au moins 12 caractères avec majuscules, minuscules, chiffres"),
    # Seed 003's example, 12 characters without a special one: case 2.
    ("Motdepasse12", 2, None),
    ("Kv8#pLm2", 2, None),
    # Five words: case 2's second example.
    ("cheval lampe nuage orage piano", 2, None),
    # Four random digits: a phone's code, case 3.
    ("4829", 3, None),
    ("azertyuiop", 3, None),
    # Among the first codes tried: no case at all.
    ("1234", 0, None),
    ("0000", 0, None),
    ("1985", 0, None),
    ("123", 0, None),
    ("P@ssw0rd", 0, None),
    ("", 0, None),
]

# (password, kind, token) — ANSSI 2021, R35-R38: nothing personal or easy to
# guess; zxcvbn-ts with language-fr and Hygie's own lists (communes, clubs,
# health words, AZERTY keyboard).
WEAKNESSES = [
    ("Nathalie2024!", "firstname", "Nathalie"),
    ("Dubois#2024", "surname", "Dubois"),
    ("Marseille13!", "place", "Marseille"),
    ("Besançon2023", "place", "Besançon"),
    ("Allezlom13!", "club", "Allezlom"),
    ("Docteur123!", "word", "Docteur"),
    ("azerty", "keyboard", "azerty"),
    ("qsdfgh", "keyboard", "qsdfgh"),
    ("wxcvbn", "keyboard", "wxcvbn"),
    ("&é\"'(", "keyboard", "&é\"'("),
    ("Cabinet2024!", "year", "2024"),
    ("Zoe14071985!", "date", "14071985"),
    ("M3d3cin!2024", "substitution", "M3d3cin"),
    ("lielos-Rouge-48", "reversed", "lielos"),
    ("aaaaaa", "repeat", "aaaaaa"),
    ("abcabcabc", "repeat", "abcabcabc"),
    ("abcdef", "sequence", "abcdef"),
    ("lundimardimercredi", "sequence", "lundimardimercredi"),
    ("motdepasse", "common", "motdepasse"),
]

USER = ["Claire Garnier", "claire.garnier@orange.fr", "Cabinet du Parc"]

# (password, keys of the uses it fits) — uses of the page, each with its case.
USES = [
    (
        "Vk7#qL9!mZ2@",
        {
            "compte-en-ligne",
            "logiciel-metier",
            "session",
            "wifi",
            "gestionnaire",
            "code-deverrouillage",
        },
    ),
    # Seed 001: a connected object wants 14 characters of all four kinds.
    (
        "Vk7#qL9!mZ2@x4Q",
        {
            "compte-en-ligne",
            "logiciel-metier",
            "session",
            "wifi",
            "objet-connecte",
            "gestionnaire",
            "code-deverrouillage",
        },
    ),
    ("Kv8#pLm2", {"session", "code-deverrouillage"}),
    ("4829", {"code-deverrouillage"}),
    ("1234", set()),
]


def analyse(password: str, user_inputs: list[str] | None = None) -> dict:
    return engine.analyse(password, user_inputs)


class CnilCasesTestCase(SimpleTestCase):
    def test_each_password_meets_its_strongest_case(self):
        for password, expected, rule in CASES:
            with self.subTest(password=password):
                result = analyse(password)
                self.assertEqual(result["cnilCase"], expected)
                self.assertEqual([c["case"] for c in result["cases"]], [1, 2, 3])
                case1 = result["cases"][0]
                if rule:
                    self.assertTrue(case1["rule"].startswith(rule), case1["rule"])
                else:
                    self.assertIsNone(case1["rule"])
                for case in result["cases"]:
                    # A case not met always says what is missing, in French.
                    self.assertEqual(case["met"], case["case"] >= expected > 0)
                    if not case["met"]:
                        self.assertTrue(case["missing"])

    def test_a_four_digit_pin_is_13_bits(self):
        self.assertEqual(analyse("4829")["charsetBits"], 13.3)
        self.assertEqual(analyse("482")["cases"][2]["met"], False)

    def test_case_2s_examples_say_they_are_to_be_verified(self):
        rule = analyse("Kv8#pLm2")["cases"][1]["rule"]
        self.assertIn("à vérifier", rule)

    def test_case_1_reuses_the_sign_up_wording(self):
        missing = analyse("Abcdefg1!xy")["cases"][0]["missing"]
        self.assertIn(
            "Il compte 11 caractères : il en faut au moins 12 avec un caractère spécial, ou 14 sans.",
            missing,
        )

    def test_it_counts_the_composition(self):
        result = analyse("Été-2024 au Parc")
        self.assertEqual(result["length"], 16)
        self.assertEqual(
            result["classes"], {"lower": True, "upper": True, "digit": True, "special": True}
        )
        self.assertEqual(result["words"], 3)
        # 16 * log2(26 + 26 + 10 + 37), the CNIL's 37 special characters.
        self.assertEqual(result["charsetBits"], 106.1)


class WeaknessesTestCase(SimpleTestCase):
    def test_it_names_what_the_password_is_built_on(self):
        for password, kind, token in WEAKNESSES:
            with self.subTest(password=password):
                weaknesses = analyse(password)["weaknesses"]
                found = [(w["kind"], w["token"]) for w in weaknesses]
                self.assertIn((kind, token), found)
                text = next(w["text"] for w in weaknesses if w["kind"] == kind)
                self.assertIn(f"« {token} »", text)

    def test_it_finds_the_name_the_address_and_the_practice(self):
        for password, token in [
            ("Garnier-Hirondelle-73", "Garnier"),
            ("Hirondelle-CLAIRE-73", "CLAIRE"),
            ("Parc2024!Soleil-Bleu", "Parc"),
            ("Grenadine-garnièr-73", "garnièr"),
        ]:
            with self.subTest(password=password):
                result = analyse(password, USER)
                personal = [w["token"] for w in result["weaknesses"] if w["kind"] == "personal"]
                self.assertEqual(personal, [token])
                self.assertEqual(result["verdict"]["level"], "insuffisant")
                self.assertFalse(any(use["fit"] for use in result["uses"]))

    def test_a_mail_provider_is_not_personal(self):
        result = analyse("Orange-Hirondelle-73-Boussole", USER)
        self.assertNotIn("personal", [w["kind"] for w in result["weaknesses"]])

    def test_a_strong_passphrase_has_no_weakness(self):
        result = analyse("cheval-lampe-nuage-orage-piano-tasse-verre")
        self.assertEqual(result["weaknesses"], [])
        self.assertEqual(result["verdict"]["level"], "tres-bon")


class UsesAndVerdictTestCase(SimpleTestCase):
    def test_the_uses_follow_the_cases(self):
        for password, fitting in USES:
            with self.subTest(password=password):
                uses = analyse(password)["uses"]
                self.assertEqual({u["key"] for u in uses if u["fit"]}, fitting)
                for use in uses:
                    self.assertTrue(use["reason"])

    def test_the_uses_are_those_of_the_page(self):
        uses = engine.evaluate("JSON.stringify(HygiePasswords.USES)")
        self.assertIn('"key":"objet-connecte","label"', uses)
        keys = [u["key"] for u in analyse("x")["uses"]]
        self.assertEqual(
            keys,
            [
                "compte-en-ligne",
                "logiciel-metier",
                "session",
                "wifi",
                "objet-connecte",
                "gestionnaire",
                "code-deverrouillage",
            ],
        )

    def test_the_verdict_has_a_level_and_a_sentence(self):
        for password, level in [
            ("cheval-lampe-nuage-orage-piano-tasse-verre", "tres-bon"),
            ("Velo!Rouge56", "bon"),
            # A first name and a year: case 1's composition, yet made only of
            # what an attacker assembles first.
            ("Nathalie2024!", "moyen"),
            ("PSG-Marseille-2025", "moyen"),
            ("Motdepasse12", "moyen"),
            ("4829", "insuffisant"),
            ("1234", "insuffisant"),
        ]:
            with self.subTest(password=password):
                verdict = analyse(password)["verdict"]
                self.assertEqual(verdict["level"], level)
                self.assertTrue(verdict["text"].endswith("."))

    def test_a_long_password_is_analysed_quickly_enough_to_answer(self):
        # ANSSI R22: no maximum length; the estimate reads the first 100
        # characters, the rest of the analysis 4,096 (timings: bench/passwords).
        result = analyse("Hirondelle-Cerfeuil-73-Boussole " * 2000)
        self.assertEqual(result["length"], 64000)
        self.assertEqual(result["cnilCase"], 1)
