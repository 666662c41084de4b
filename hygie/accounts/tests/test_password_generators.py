"""Passphrases and random passwords of the engine, and its word list.

A random source is injected (a seeded generator written in JavaScript) so that
the draws are reproducible; the default source, crypto.getRandomValues with
rejection sampling, is checked in a separate V8 context.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from itertools import combinations
from pathlib import Path

from django.test import SimpleTestCase
from py_mini_racer import JSEvalException, MiniRacer

from hygie.accounts import engine

ASSETS = Path(__file__).resolve().parents[3] / "assets" / "passwords"

# A linear congruential generator: plenty for reproducible tests, never for real draws.
SEEDED = """(function () {
  let state = %d;
  return function (n) { state = (state * 1103515245 + 12345) %% 2147483648; return state %% n; };
})()"""


def generate(kind: str, options: dict, seed: int = 7) -> dict:
    expression = f"JSON.stringify(HygiePasswords.{kind}({json.dumps(options)}, {SEEDED % seed}))"
    return json.loads(engine.evaluate(expression))


def fold(text: str) -> str:
    return "".join(
        c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)
    ).lower()


def policy_entropy(sizes: list[int], length: int) -> float:
    """Strings of `length` over the union of the classes, each class present:
    inclusion-exclusion, in exact integers."""
    total = sum(sizes)
    count = sum(
        (-1) ** r * (total - sum(subset)) ** length
        for r in range(len(sizes) + 1)
        for subset in combinations(sizes, r)
    )
    return math.log2(count)


class WordListTestCase(SimpleTestCase):
    def test_it_holds_7776_familiar_words_unique_without_accents(self):
        words = json.loads((ASSETS / "words.json").read_text(encoding="utf-8"))
        self.assertEqual(len(words), 7776)
        for word in words:
            self.assertRegex(word, r"^[a-zàâäçéèêëîïôöùûüÿœæ]{4,8}$")
        self.assertEqual(len({fold(w) for w in words}), 7776)
        self.assertEqual(engine.evaluate("HygiePasswords.WORD_LIST_SIZE"), 7776)

    def test_it_holds_no_commune_club_or_excluded_word(self):
        words = set(json.loads((ASSETS / "words.json").read_text(encoding="utf-8")))
        for name in ["places.json", "clubs.json"]:
            listed = set(json.loads((ASSETS / name).read_text(encoding="utf-8")))
            self.assertFalse(words & listed, name)
        for line in (ASSETS / "excluded-words.txt").read_text(encoding="utf-8").splitlines():
            stem = line.strip()
            if not stem or stem.startswith("#"):
                continue
            if stem.endswith("*"):
                self.assertFalse([w for w in words if w.startswith(stem[:-1])], stem)
            else:
                self.assertNotIn(stem, words)


class PassphraseTestCase(SimpleTestCase):
    def test_seven_words_reach_case_1(self):
        result = generate("generatePassphrase", {})
        self.assertEqual(len(result["words"]), 7)
        self.assertEqual(result["value"], "-".join(result["words"]))
        # 7 * log2(7776) = 90.47 bits.
        self.assertEqual(result["entropyBits"], round(7 * math.log2(7776), 2))
        self.assertEqual(result["cnilCase"], 1)

    def test_the_options_shape_the_phrase(self):
        result = generate(
            "generatePassphrase",
            {"words": 5, "separator": " ", "accents": False, "capitalize": True, "digit": True},
        )
        self.assertEqual(len(result["words"]), 5)
        self.assertTrue(result["value"].isascii())
        self.assertEqual(len(re.findall(r"[0-9]", result["value"])), 1)
        for word in result["value"].split(" "):
            self.assertTrue(word[0].isupper(), word)
        # One digit after one of the 5 words: log2(10 * 5) more bits.
        self.assertEqual(result["entropyBits"], round(5 * math.log2(7776) + math.log2(50), 2))

    def test_the_case_is_the_one_its_entropy_reaches(self):
        # CNIL délibération n° 2022-100: case 1 from 80 bits, case 2 from 50,
        # case 3 from 13. Four capitalised words and a digit meet a
        # composition example of case 1, yet hold 57 bits: case 2.
        cases = [
            ({"words": 7}, 1),
            ({"words": 6}, 2),  # 77.5 bits
            ({"words": 4, "capitalize": True, "digit": True}, 2),  # 57.3 bits
            ({"words": 3}, 3),  # 38.8 bits
        ]
        for options, case in cases:
            with self.subTest(**options):
                self.assertEqual(generate("generatePassphrase", options)["cnilCase"], case)

    def test_the_injected_source_decides_every_word(self):
        words = json.loads((ASSETS / "words.json").read_text(encoding="utf-8"))
        first = json.loads(
            engine.evaluate(
                "JSON.stringify(HygiePasswords.generatePassphrase({words: 3}, () => 0))"
            )
        )
        self.assertEqual(first["words"], [words[0]] * 3)
        last = json.loads(
            engine.evaluate(
                "JSON.stringify(HygiePasswords.generatePassphrase({words: 2}, (n) => n - 1))"
            )
        )
        self.assertEqual(last["words"], [words[-1]] * 2)

    def test_a_wrong_count_of_words_is_refused_in_french(self):
        with self.assertRaisesRegex(JSEvalException, "Le nombre de mots doit être un entier"):
            generate("generatePassphrase", {"words": 0})


class PasswordTestCase(SimpleTestCase):
    def test_the_policy_is_honoured_on_many_draws(self):
        for seed in range(1, 41):
            options = {"length": 12, "exclude": "0OoIl1|`'\""}
            result = generate("generatePassword", options, seed)
            value = result["value"]
            with self.subTest(value=value):
                self.assertEqual(len(value), 12)
                self.assertRegex(value, r"[a-z]")
                self.assertRegex(value, r"[A-Z]")
                self.assertRegex(value, r"[0-9]")
                self.assertRegex(value, r"[^A-Za-z0-9]")
                self.assertFalse(set(value) & set(options["exclude"]))

    def test_the_entropy_is_exact_for_the_alphabet(self):
        result = generate("generatePassword", {"length": 16})
        self.assertAlmostEqual(result["entropyBits"], policy_entropy([26, 26, 10, 32], 16), 2)
        self.assertEqual(result["cnilCase"], 1)
        # Digits only but 0 and 1: 8 symbols, 6 characters.
        result = generate(
            "generatePassword",
            {"length": 6, "lower": False, "upper": False, "special": False, "exclude": "01"},
        )
        self.assertRegex(result["value"], r"^[2-9]{6}$")
        self.assertAlmostEqual(result["entropyBits"], 6 * math.log2(8), 2)

    def test_an_impossible_policy_is_explained_in_french(self):
        for options, message in [
            (
                {"lower": False, "upper": False, "digit": False, "special": False},
                "au moins un type",
            ),
            ({"digit": True, "exclude": "0123456789"}, "retirent tous les chiffres"),
            ({"length": 3}, "il faut au moins 4 caractères"),
            ({"length": 0}, "La longueur doit être un nombre entier"),
            ({"length": 1000}, "entre 1 et 128"),
        ]:
            with self.subTest(options=options), self.assertRaisesRegex(JSEvalException, message):
                generate("generatePassword", options)


class DefaultRandomTestCase(SimpleTestCase):
    """crypto.getRandomValues with rejection sampling, never Math.random."""

    def setUp(self):
        self.context = MiniRacer()
        self.context.eval(engine.BUNDLE.read_text(encoding="utf-8"))

    def tearDown(self):
        self.context.close()

    def test_without_a_secure_source_it_refuses_in_french(self):
        with self.assertRaisesRegex(JSEvalException, "générateur aléatoire sûr"):
            self.context.eval("HygiePasswords.generatePassword({})")

    def test_it_draws_again_above_the_last_multiple(self):
        # For 7,776 words, 2^32 mod 7776 = 2,560: the top 2,560 values of a
        # 32-bit draw would favour the first words, so they are drawn again.
        self.context.eval(
            """
            var draws = [4294967295, 4294964736, 4294964735, 7777];
            globalThis.crypto = {getRandomValues: (buffer) => { buffer[0] = draws.shift(); return buffer; }};
            """
        )
        result = json.loads(
            self.context.eval("JSON.stringify(HygiePasswords.generatePassphrase({words: 2}))")
        )
        words = json.loads((ASSETS / "words.json").read_text(encoding="utf-8"))
        # 4294964735 % 7776 = 7775 (the last word), then 7777 % 7776 = 1.
        self.assertEqual(result["words"], [words[7775], words[1]])
        self.assertEqual(self.context.eval("draws.length"), 0)
