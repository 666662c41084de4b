"""The page and the server judge a password alike.

The engine (hygie-passwords.js) runs in Chromium on the tool's page and in V8
on the server (hygie.accounts.engine, which Hygie's own sign-up uses): on a
corpus of about a hundred varied passwords, with and without « mots qui vous
concernent », both analyses and renewal checks must be equal, field by field.
"""

from __future__ import annotations

import random
import string
from itertools import pairwise

from hygie.accounts import engine
from hygie.tests.browser import BrowserTestCase

PERSONAL = ["Claire", "Martin", "Claire Martin", "Annecy", "Cabinet du Dr Martin", "1975"]

WRITTEN = [
    "",
    "a",
    "1234",
    "0000",
    "azerty",
    "azerty123",
    "AZERTYuiop",
    "qsdfghjklm",
    "motdepasse",
    "Motdepasse12",
    "Motdepasse13",
    "14Motdepasse",
    "M0tD3P@ss3!",
    "soleil2024",
    "Soleil2024!",
    "Marseille2024!",
    "PSG2024allez",
    "OMarseille13",
    "jetaime",
    "Je t'aime",
    "doudou",
    "chouchou77",
    "Nicolas1985",
    "Camille.Dupont",
    "14/03/1975",
    "14031975",
    "19751403",
    "ClaireMartin",
    "Claire.Martin1975",
    "Annecy74000!",
    "CabinetMartin2024",
    "Docteur2023!",
    "Infirmiere74",
    "Kiné-Cabinet-2024",
    "ordonnance",
    "Ameli2024!",
    "1qaz2wsx3edc",
    "aqwzsxedc",
    "abcdefgh",
    "abc123ABC!",
    "aaaaaaaaaaaa",
    "ababababab12",
    "9876543210",
    "drowssap",
    "essapedtom",
    "P4ssw0rd",
    "Tr0ub4dor&3",
    "correct horse battery staple",
    "cheval-batterie-agrafe-correct",
    "Cheval-Batterie-Agrafe-2026!",
    "sortais-champ-égoïstes-foudre-aisément-treize-préfère",
    "Girafe-Tempête-Velours-Cratère-Hublot-Sarment-Biscotte",
    "le chat de la voisine mange des croquettes",
    "Où est passé le petit âne gris ?",
    "œuf-cœur-sœur-bœuf-vœu-nœud-mœurs",
    "ÉLÉPHANT-ÉTÉ-ÉCOLE",
    "k8#Tq!vZ2m@Lp9",
    "x7K!mP2$qR9@vL4&",
    "Zq3;Wm8:Rt5,Yp1.",
    "     ",
    "pass word",
    "🙂🙃🙂🙃🙂🙃🙂🙃",
    "mot-de-passe-😀-emoji",
    "日本語のパスワード",
    "Пароль2024!",
    "tab\there",
    "a" * 64,
    "Ab1!" * 20,
    "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod",
]


def corpus() -> list[str]:
    """The written passwords, and random ones of every composition and length
    (drawn from a fixed seed, so that a failure can be replayed)."""
    draw = random.Random(2022100)
    alphabets = [
        string.ascii_lowercase,
        string.digits,
        string.ascii_letters,
        string.ascii_letters + string.digits,
        string.ascii_letters + string.digits + "!?#%&*-_.:;@$+=",
        "éèêàçùôîœæ" + string.ascii_lowercase,
    ]
    drawn = []
    for length in (4, 6, 8, 10, 12, 14, 16, 20):
        for alphabet in alphabets[:4] if length < 10 else alphabets:
            drawn.append("".join(draw.choice(alphabet) for _ in range(length)))
    return WRITTEN + drawn


ANALYSE_ALL = """([passwords, personal]) => passwords.map(p => [
  HygiePasswords.analyse(p), HygiePasswords.analyse(p, {userInputs: personal})
])"""
RENEW_ALL = "pairs => pairs.map(([a, b]) => HygiePasswords.renewal(a, b))"


def server_analyses(passwords: list[str]) -> list[list[dict]]:
    return [[engine.analyse(p), engine.analyse(p, PERSONAL)] for p in passwords]


def server_renewals(pairs: list[tuple[str, str]]) -> list[dict]:
    return [engine.renewal(old, new) for old, new in pairs]


class EngineConsistencyTests(BrowserTestCase):
    def test_the_page_and_the_server_agree(self) -> None:
        passwords = corpus()
        self.assertGreaterEqual(len(passwords), 100)
        page = self.new_page()
        page.goto(self.live_server_url + "/outils/mot-de-passe/")
        page.wait_for_function("typeof HygiePasswords !== 'undefined'")
        self.assertEqual(page.evaluate("HygiePasswords.version"), engine.version())

        in_browser = page.evaluate(ANALYSE_ALL, [passwords, PERSONAL])
        on_the_server = server_analyses(passwords)
        differences = []
        for password, page_pair, server_pair in zip(
            passwords, in_browser, on_the_server, strict=True
        ):
            if page_pair[0] != server_pair[0]:
                differences.append(f"{password!r}: analyse differs")
            if page_pair[1] != server_pair[1]:
                differences.append(f"{password!r} with personal words: analyse differs")
        self.assertEqual(differences, [])
        # The corpus covers every level of the verdict and every CNIL case.
        self.assertEqual(
            {a["verdict"]["level"] for a, _ in in_browser},
            {"insuffisant", "moyen", "bon", "tres-bon"},
        )
        self.assertEqual({a["cnilCase"] for a, _ in in_browser}, {0, 1, 2, 3})

        pairs = [
            *pairwise(passwords),
            ("Motdepasse12", "Motdepasse13"),
            ("Motdepasse12", "14Motdepasse"),
            ("Soleil2023!", "Soleil2024!"),
            ("Cheval-Batterie", "cheval-batterie"),
            ("k8#Tq!vZ2m@Lp9", "x7K!mP2$qR9@vL4&"),
        ]
        renewals = page.evaluate(RENEW_ALL, pairs)
        for (old, new), in_page, on_server_side in zip(
            pairs, renewals, server_renewals(pairs), strict=True
        ):
            with self.subTest(old=old, new=new):
                self.assertEqual(in_page, on_server_side)
        self.assertIn(True, [r["similar"] for r in renewals])
        self.assertNoProblems()
