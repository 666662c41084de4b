"""Password rules: CNIL délibération n° 2022-100, case 1 (password alone, 80 bits).

Hygie applies case 1 although its login throttling would allow case 2: the
same passwords often protect other services. No maximum length (ANSSI R22)
and no forced renewal (ANSSI R24), but a renewal must not merely vary the old
password (seed 003: « Motdepasse12 », « Motdepasse13 », « 14Motdepasse »).

Every judgement comes from the « Mots de passe » page's own engine
(hygie.accounts.engine), so the page and the sign-up never disagree.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

from hygie.accounts import engine

MIN_STRENGTH_SCORE = 3
SCORE_LABELS = ["très faible", "faible", "moyen", "bon", "très bon"]

RULE_SUMMARY = (
    "Choisissez au moins 12 caractères mêlant majuscules, minuscules, chiffres et "
    "caractères spéciaux, ou au moins 14 caractères avec majuscules, minuscules et "
    "chiffres, ou encore une phrase de passe d'au moins 7 mots (recommandation CNIL "
    "n° 2022-100)."
)


def user_inputs(user: Any) -> list[str]:
    """What a person's password must not be built on: their name, their e-mail
    address and the names of their practices (ANSSI 2021, R35-R38)."""
    if user is None:
        return []
    inputs = [user.full_name or "", user.email or ""]
    if user.pk:
        inputs += user.memberships.values_list("org__name", flat=True)
    return [text for text in inputs if text]


def cnil_case1_problems(password: str) -> list[str]:
    """What the password lacks to meet one of the three examples of case 1.

    Returns an empty list when one of them is met:
    1. at least 12 characters with upper case, lower case, digits and special characters;
    2. at least 14 characters with upper case, lower case and digits;
    3. a passphrase of at least 7 words.
    The engine's case 1 also asks for a strength score of 3, the
    StrengthValidator's business here: its sentence comes last in `missing`.
    """
    analysis = engine.analyse(password)
    case1 = analysis["cases"][0]
    if case1["rule"]:
        return []
    missing = case1["missing"]
    return missing[:-1] if analysis["score"] < MIN_STRENGTH_SCORE else missing


class CnilPolicyValidator:
    def validate(self, password: str, user=None) -> None:
        problems = cnil_case1_problems(password)
        if problems:
            raise ValidationError(
                " ".join(["Ce mot de passe est trop faible.", *problems, RULE_SUMMARY]),
                code="password_cnil_policy",
            )

    def get_help_text(self) -> str:
        return RULE_SUMMARY


class PersonalDataValidator:
    def validate(self, password: str, user=None) -> None:
        inputs = user_inputs(user)
        if not inputs:
            return
        weaknesses = engine.analyse(password, inputs)["weaknesses"]
        personal = next((w["token"].lower() for w in weaknesses if w["kind"] == "personal"), None)
        if personal:
            raise ValidationError(
                f"Ce mot de passe contient une partie de votre nom, de votre adresse e-mail "
                f"ou du nom de votre cabinet (« {personal} ») : c'est ce qu'un attaquant "
                "essaie en premier. Choisissez des mots sans lien avec vous.",
                code="password_personal",
            )

    def get_help_text(self) -> str:
        return (
            "Il ne doit contenir ni votre nom, ni votre adresse e-mail, ni le nom de votre cabinet."
        )


class StrengthValidator:
    def validate(self, password: str, user=None) -> None:
        analysis = engine.analyse(password, user_inputs(user))
        score = analysis["score"]
        if score < MIN_STRENGTH_SCORE:
            hints = [w["text"] for w in analysis["weaknesses"] if w["kind"] != "personal"]
            advice = " ".join(hints[:3]) or "Ajoutez un ou deux mots peu courants."
            raise ValidationError(
                f"Ce mot de passe serait trop facile à deviner (niveau : {SCORE_LABELS[score]}). "
                + advice,
                code="password_guessable",
            )
        case1 = analysis["cases"][0]
        if case1["rule"] and not case1["met"]:
            # The composition of case 1, and a good estimate, yet made almost
            # only of names, places and dates: the page says the same.
            raise ValidationError(
                " ".join(["Ce mot de passe serait trop facile à deviner.", *case1["missing"]]),
                code="password_guessable",
            )

    def get_help_text(self) -> str:
        return "Il ne doit pas être facile à deviner (mots courants, noms, villes, suites, dates)."


def renewal_problem(old_password: str, new_password: str) -> str | None:
    """Why the new password is too close to the old one, or None."""
    verdict = engine.renewal(old_password, new_password)
    if not verdict["similar"]:
        return None
    return (
        f"{verdict['text']} Choisissez un mot de passe vraiment nouveau, sans reprendre "
        "l'ancien : une phrase de passe de 7 mots, par exemple."
    )
