"""The password rule of CNIL délibération n° 2022-100 (17 juillet 2022), case 1.

Case 1 is the password used alone, without any other protection than itself:
it must reach an entropy of 80 bits. The délibération gives three examples
that meet it, and Hygie accepts exactly these:
1. at least 12 characters with upper case, lower case, digits and special characters;
2. at least 14 characters with upper case, lower case and digits;
3. a passphrase of at least 7 words.
"""

from django.core.exceptions import ValidationError
from django.test import SimpleTestCase

from hygie.accounts.passwords import RULE_SUMMARY, CnilPolicyValidator, cnil_case1_problems

# (password, accepted, words every problem message must contain)
CASES = [
    # Example 1: 12 characters, four classes.
    ("Abcdefgh1!xy", True, []),
    ("Vk7#qL9!mZ2@", True, []),
    # One character short of example 1: say how many, and what is needed.
    ("Abcdefg1!xy", False, ["Il compte 11 caractères", "au moins 12", "ou 14 sans"]),
    # Twelve characters with no special one and not 14: suggest either way out.
    ("Abcdefghij12", False, ["Avec 12 caractères", "caractère spécial", "14 caractères"]),
    # Example 2: 14 characters, three classes.
    ("Abcdefghijkl12", True, []),
    ("Qx7mVt9rLk2wPz", True, []),
    # One character short of example 2.
    ("Abcdefghijk12", False, ["Avec 13 caractères", "caractère spécial", "14 caractères"]),
    # Missing classes, named one by one.
    ("abcdefghijklmnop", False, ["Il manque une majuscule et un chiffre."]),
    ("ABCDEFGHIJKLMN12", False, ["Il manque une minuscule."]),
    ("Abcdefghijklmnop", False, ["Il manque un chiffre."]),
    ("12345678901234", False, ["Il manque une majuscule et une minuscule."]),
    ("!!!!????####", False, ["Il manque une majuscule, une minuscule et un chiffre."]),
    ("abc!def?ghi#", False, ["Il manque une majuscule et un chiffre."]),
    ("", False, ["Il compte 0 caractère :", "au moins 12"]),
    ("a", False, ["Il compte 1 caractère :"]),
    # Example 3: a passphrase of 7 words, whatever its characters.
    ("le chat dort sur le tapis rouge", True, []),
    ("cheval batterie agrafe correct pluie tigre sable", True, []),
    # Six words are one short: say so.
    ("le chat dort sur le tapis", False, ["ajoutez un mot", "7 mots"]),
    ("cheval batterie agrafe correct", False, ["ajoutez 3 mots", "7 mots"]),
    # Accented letters count as letters, in either case, and as words.
    ("Médecine2024Été", True, []),
    ("ÉCOLE-ÉTÉ-2024", False, ["Il manque une minuscule."]),
    ("élève-été-2024!", False, ["Il manque une majuscule."]),
    ("été élève forêt château noël hôpital àbîme", True, []),
]


class CnilCase1TestCase(SimpleTestCase):
    def test_it_accepts_the_three_examples_and_explains_the_rest(self):
        for password, accepted, expected in CASES:
            with self.subTest(password=password):
                problems = cnil_case1_problems(password)
                self.assertEqual(problems == [], accepted, problems)
                text = " ".join(problems)
                for words in expected:
                    self.assertIn(words, text)

    def test_the_validator_refuses_in_french_with_the_rule(self):
        with self.assertRaises(ValidationError) as caught:
            CnilPolicyValidator().validate("Abcdefg1!xy")
        message = caught.exception.messages[0]
        self.assertTrue(message.startswith("Ce mot de passe est trop faible."))
        self.assertIn("Il compte 11 caractères", message)
        self.assertIn(RULE_SUMMARY, message)
        self.assertIn("n° 2022-100", RULE_SUMMARY)

    def test_the_validator_accepts_an_example(self):
        CnilPolicyValidator().validate("le chat dort sur le tapis rouge")

    def test_it_has_no_maximum_length(self):
        # ANSSI R22: no upper limit on the length of a password.
        password = "Vk7#qL9!mZ2@" * 25
        self.assertEqual(len(password), 300)
        self.assertEqual(cnil_case1_problems(password), [])
