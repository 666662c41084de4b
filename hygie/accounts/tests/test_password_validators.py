from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError

from hygie.accounts.passwords import PersonalDataValidator, StrengthValidator
from hygie.tests.base import BaseTestCase

# 300 characters of uncommon words: long passwords are welcome (ANSSI R22).
LONG_PASSPHRASE = " ".join(
    ["hirondelle", "cerfeuil", "boussole", "gravillon", "mandoline", "sextant", "quenouille"] * 6
)[:300]


class PasswordValidatorsTestCase(BaseTestCase):
    def test_it_accepts_a_300_character_passphrase(self):
        self.assertEqual(len(LONG_PASSPHRASE), 300)
        password_validation.validate_password(LONG_PASSPHRASE, self.praticien)

    def test_it_judges_the_strength_of_a_long_password_from_its_start(self):
        # zxcvbn-ts reads the first 256 characters; a huge password must not stall a request.
        StrengthValidator().validate("Hirondelle-Cerfeuil-73-Boussole " * 2000)

    def test_it_refuses_a_password_built_on_the_name(self):
        with self.assertRaises(ValidationError) as caught:
            PersonalDataValidator().validate("Claire-Grenadine-2026!", self.titulaire)
        message = caught.exception.messages[0]
        self.assertIn("« claire »", message)
        self.assertIn("Choisissez des mots sans lien avec vous.", message)

    def test_it_refuses_a_password_built_on_the_email_address(self):
        with self.assertRaises(ValidationError) as caught:
            PersonalDataValidator().validate("Prestataire-Grenadine-9!", self.referent)
        self.assertIn("« prestataire »", caught.exception.messages[0])

    def test_it_sees_the_name_through_accents_and_capitals(self):
        # Rémi Roux: "REMI" and "rémi" are the same fragment.
        for password in ["REMI-grenadine-2026!", "Grenadine-rémi-2026!"]:
            with self.subTest(password=password), self.assertRaises(ValidationError):
                PersonalDataValidator().validate(password, self.referent)

    def test_it_accepts_a_password_without_personal_data(self):
        PersonalDataValidator().validate("Hirondelle-Cerfeuil-73-Boussole", self.titulaire)

    def test_it_refuses_a_guessable_password_with_french_hints(self):
        # It meets the CNIL composition, but it is a common password.
        with self.assertRaises(ValidationError) as caught:
            StrengthValidator().validate("Password1234!", self.praticien)
        message = caught.exception.messages[0]
        self.assertIn("Ce mot de passe serait trop facile à deviner (niveau : faible).", message)
        self.assertIn("« Password123 » fait partie des mots de passe les plus utilisés.", message)

    def test_it_refuses_what_the_page_keeps_out_of_case_1(self):
        # A club, a city and a year: the estimate rates it well, but the page
        # does not give it CNIL case 1, and the sign-up agrees with the page.
        with self.assertRaises(ValidationError) as caught:
            StrengthValidator().validate("PSG-Marseille-2025", self.praticien)
        message = caught.exception.messages[0]
        self.assertTrue(message.startswith("Ce mot de passe serait trop facile à deviner."))
        self.assertIn("noms, de lieux, de dates", message)
        StrengthValidator().validate("Jardin#Lyon42Bleu", self.praticien)

    def test_the_validators_run_in_order_and_speak_french(self):
        with self.assertRaises(ValidationError) as caught:
            password_validation.validate_password("paul1234", self.praticien)
        messages = caught.exception.messages
        self.assertTrue(messages[0].startswith("Ce mot de passe est trop faible."))
        self.assertIn("« paul »", messages[1])
        self.assertIn("trop facile à deviner", messages[2])
