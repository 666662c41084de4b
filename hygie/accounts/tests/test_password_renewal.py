"""A renewed password must not merely vary the old one.

Seed 003 (Groupement e-santé Pays de la Loire, « Sécurité numérique en
santé »): « Eviter les incréments lors d'un renouvellement de mot de passe
(au début ou à la fin) », with « Motdepasse12 », « Motdepasse13 »,
« 14Motdepasse »: an attacker who knows the old password tries them first.
"""

from __future__ import annotations

from django.test import SimpleTestCase
from django.urls import reverse

from hygie.accounts import engine
from hygie.accounts.tests.base import AccountsTestCase
from hygie.tests.base import PASSWORD

# (old, new, kind)
RENEWALS = [
    # Seed 003's three examples first.
    ("Motdepasse12", "Motdepasse13", "increment"),
    ("Motdepasse13", "14Motdepasse", "increment"),
    ("Motdepasse12", "14Motdepasse", "increment"),
    # A changed year.
    ("Cabinet2024!", "Cabinet2025!", "year"),
    ("2024Cabinet!", "Cabinet!2026", "year"),
    # A swapped, added or removed suffix or prefix.
    ("Cabinet!", "Cabinet!2", "suffix"),
    ("Hirondelle-Cerfeuil!", "Hirondelle-Cerfeuil!#", "suffix"),
    ("Motdepasse12", "Motdepasse87", "suffix"),
    ("Soleil#Vert1", "Xsoleil#Vert1", "prefix"),
    ("Hirondelle-Cerfeuil", "Mon-Hirondelle-Cerfeuil", "prefix"),
    # The same pieces moved.
    ("Motdepasse12", "12Motdepasse", "moved"),
    ("Boussole!Cerfeuil", "Cerfeuil!Boussole", "moved"),
    # Only the case (or the accents).
    ("Motdepasse12", "motdepasse12", "case"),
    ("Été-Hirondelle-7", "ete-hirondelle-7", "case"),
    # A small edit for the length.
    ("Grenadine#Boussole7", "Grenadine#Bousole7", "close"),
    ("Motdepasse-Vert", "Mot2passe-Vert", "close"),
    # Digits only: a phone's code counted up.
    ("1234", "1235", "increment"),
    # Identical.
    ("Cheval-Lampe-Nuage", "Cheval-Lampe-Nuage", "same"),
    # Unrelated passwords: not similar.
    ("Cheval-Lampe-Nuage", "Orage#Piano42", "none"),
    ("Motdepasse12", "Hirondelle-Cerfeuil-73-Boussole", "none"),
    ("Vk7#qL9!mZ2@", "Qx7mVt9rLk2wPz", "none"),
    ("4829", "1357", "none"),
]


class RenewalTestCase(SimpleTestCase):
    def test_it_tells_how_the_new_password_varies_the_old_one(self):
        for old, new, kind in RENEWALS:
            with self.subTest(old=old, new=new):
                result = engine.renewal(old, new)
                self.assertEqual(result["kind"], kind)
                self.assertEqual(result["similar"], kind != "none")
                self.assertTrue(result["text"].endswith("."))

    def test_it_quotes_the_numbers_of_an_increment(self):
        text = engine.renewal("Motdepasse13", "14Motdepasse")["text"]
        self.assertIn("« 13 » devient « 14 »", text)

    def test_it_answers_for_missing_or_huge_passwords(self):
        self.assertFalse(engine.renewal("", "Motdepasse12")["similar"])
        huge = "Hirondelle-Cerfeuil-73-Boussole " * 2000
        self.assertEqual(engine.renewal(huge, huge + "!")["kind"], "suffix")


class PasswordChangeRenewalTestCase(AccountsTestCase):
    def setUp(self):
        self.sign_in(self.praticien)

    def change(self, old: str, new: str):
        data = {"old_password": old, "new_password1": new, "new_password2": new}
        return self.client.post(reverse("accounts:password_change"), data)

    def test_it_refuses_the_old_password_with_another_year(self):
        # PASSWORD is « Cheval-Batterie-Agrafe-2026! ».
        r = self.change(PASSWORD, "Cheval-Batterie-Agrafe-2027!")
        message = r.context["form"].errors["new_password2"][0]
        self.assertIn("Seule l'année change (« 2026 » devient « 2027 »)", message)
        self.assertIn("Choisissez un mot de passe vraiment nouveau", message)
        self.praticien.refresh_from_db()
        self.assertTrue(self.praticien.check_password(PASSWORD))

    def test_it_refuses_the_increments_of_seed_003(self):
        self.praticien.set_password("Hirondelle-Cerfeuil-12-Boussole")
        self.praticien.save(update_fields=["password"])
        self.sign_in(self.praticien, "Hirondelle-Cerfeuil-12-Boussole")
        r = self.change("Hirondelle-Cerfeuil-12-Boussole", "13-Hirondelle-Cerfeuil-Boussole")
        self.assertIn("« 12 » devient « 13 »", r.context["form"].errors["new_password2"][0])

    def test_it_accepts_an_unrelated_password(self):
        r = self.change(PASSWORD, "Hirondelle-Cerfeuil-73-Boussole")
        self.assertRedirects(r, reverse("accounts:security"))
