"""Password rules: CNIL délibération n° 2022-100, case 1 (password alone, 80 bits).

Hygie applies case 1 although its login throttling would allow case 2: the
same passwords often protect other services. No maximum length (ANSSI R22)
and no forced renewal (ANSSI R24).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from zxcvbn import zxcvbn

# zxcvbn's cost grows with length and it refuses more than 72 characters; the
# estimate looks at the first characters only, which is plenty to judge the
# guessability of a password.
STRENGTH_PREFIX = 72
MIN_STRENGTH_SCORE = 3

WORD_RE = re.compile(r"[^\W\d_]{2,}")
# From this many words, a password looks like a passphrase: say how many are missing.
PASSPHRASE_HINT_WORDS = 4


@dataclass(frozen=True)
class Composition:
    length: int
    upper: bool
    lower: bool
    digit: bool
    special: bool
    words: int


def composition(password: str) -> Composition:
    return Composition(
        length=len(password),
        upper=any(c.isupper() for c in password),
        lower=any(c.islower() for c in password),
        digit=any(c.isdigit() for c in password),
        special=any(not c.isalnum() for c in password),
        words=len(WORD_RE.findall(password)),
    )


def cnil_case1_problems(password: str) -> list[str]:
    """What the password lacks to meet one of the three examples of case 1.

    Returns an empty list when one of them is met:
    1. at least 12 characters with upper case, lower case, digits and special characters;
    2. at least 14 characters with upper case, lower case and digits;
    3. a passphrase of at least 7 words.
    """
    c = composition(password)
    if c.words >= 7:
        return []
    if c.length >= 12 and c.upper and c.lower and c.digit and c.special:
        return []
    if c.length >= 14 and c.upper and c.lower and c.digit:
        return []

    missing = [
        label
        for present, label in (
            (c.upper, "une majuscule"),
            (c.lower, "une minuscule"),
            (c.digit, "un chiffre"),
        )
        if not present
    ]
    problems = []
    if c.length < 12:
        problems.append(
            f"Il compte {c.length} caractère{'s' if c.length > 1 else ''} : il en faut au "
            "moins 12 avec un caractère spécial, ou 14 sans."
        )
    elif c.length < 14 and not c.special:
        problems.append(
            f"Avec {c.length} caractères, ajoutez un caractère spécial (par exemple ! ? # %) "
            "ou allongez-le à 14 caractères."
        )
    if missing:
        problems.append("Il manque " + _join(missing) + ".")
    if c.words >= PASSPHRASE_HINT_WORDS:
        more = 7 - c.words
        problems.append(
            f"Pour une phrase de passe, ajoutez {'un mot' if more == 1 else f'{more} mots'} : "
            "avec 7 mots, aucune autre règle ne s'applique."
        )
    return problems


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " et " + items[-1]


RULE_SUMMARY = (
    "Choisissez au moins 12 caractères mêlant majuscules, minuscules, chiffres et "
    "caractères spéciaux, ou au moins 14 caractères avec majuscules, minuscules et "
    "chiffres, ou encore une phrase de passe d'au moins 7 mots (recommandation CNIL "
    "n° 2022-100)."
)


def _fold(text: str) -> str:
    """Lower case without accents, for comparisons."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def personal_fragments(email: str, full_name: str) -> list[str]:
    """Pieces of a person's identity that must not appear in their password."""
    fragments: set[str] = set()
    local, _, domain = email.partition("@")
    for piece in [local, *re.split(r"[._+\-]", local), domain.split(".")[0]]:
        if len(piece) >= 3:
            fragments.add(_fold(piece))
    for piece in re.split(r"[\s'’\-]+", full_name):
        if len(piece) >= 3:
            fragments.add(_fold(piece))
    return sorted(fragments, key=len, reverse=True)


def personal_fragment_in(password: str, email: str, full_name: str) -> str | None:
    folded = _fold(password)
    return next((f for f in personal_fragments(email, full_name) if f in folded), None)


# zxcvbn speaks English; its messages are a fixed set, translated here.
FEEDBACK_FR = {
    "Use a few words, avoid common phrases.": "Utilisez plusieurs mots, évitez les expressions courantes.",
    "No need for symbols, digits, or uppercase letters.": "",
    "Add another word or two. Uncommon words are better.": "Ajoutez un ou deux mots, de préférence peu courants.",
    "Straight rows of keys are easy to guess.": "Les suites de touches alignées du clavier se devinent facilement.",
    "Short keyboard patterns are easy to guess.": "Les motifs courts du clavier se devinent facilement.",
    "Use a longer keyboard pattern with more turns.": "Évitez les motifs du clavier.",
    'Repeats like "aaa" are easy to guess.': "Les répétitions comme « aaa » se devinent facilement.",
    'Repeats like "abcabcabc" are only slightly harder to guess than "abc".': "Les répétitions comme « abcabcabc » ne sont guère plus sûres que « abc ».",
    "Avoid repeated words and characters.": "Évitez de répéter des mots ou des caractères.",
    'Sequences like "abc" or "6543" are easy to guess.': "Les suites comme « abc » ou « 6543 » se devinent facilement.",
    "Avoid sequences.": "Évitez les suites.",
    "Recent years are easy to guess.": "Les années récentes se devinent facilement.",
    "Avoid recent years.": "Évitez les années récentes.",
    "Avoid years that are associated with you.": "Évitez les années qui vous concernent.",
    "Dates are often easy to guess.": "Les dates se devinent souvent facilement.",
    "Avoid dates and years that are associated with you.": "Évitez les dates et années qui vous concernent.",
    "This is a top-10 common password.": "C'est l'un des 10 mots de passe les plus courants.",
    "This is a top-100 common password.": "C'est l'un des 100 mots de passe les plus courants.",
    "This is a very common password.": "C'est un mot de passe très courant.",
    "This is similar to a commonly used password.": "Il ressemble à un mot de passe très courant.",
    "A word by itself is easy to guess.": "Un mot seul se devine facilement.",
    "Names and surnames by themselves are easy to guess.": "Un nom ou un prénom seul se devine facilement.",
    "Common names and surnames are easy to guess.": "Les noms et prénoms courants se devinent facilement.",
    "Capitalization doesn't help very much.": "Mettre une majuscule n'aide pas beaucoup.",
    "All-uppercase is almost as easy to guess as all-lowercase.": "Tout en majuscules n'est guère plus sûr que tout en minuscules.",
    "Reversed words aren't much harder to guess.": "Un mot à l'envers n'est guère plus difficile à deviner.",
    "Predictable substitutions like '@' instead of 'a' don't help very much.": "Les substitutions prévisibles comme « @ » pour « a » n'aident pas beaucoup.",
}


@dataclass(frozen=True)
class Strength:
    score: int  # 0 (trivial) to 4 (very hard to guess)
    hints: list[str]

    @property
    def label(self) -> str:
        return ["très faible", "faible", "moyen", "bon", "très bon"][self.score]


def strength(password: str, user_inputs: list[str] | None = None) -> Strength:
    result = zxcvbn(password[:STRENGTH_PREFIX], user_inputs=user_inputs or [])
    feedback = result["feedback"]
    english = [feedback.get("warning") or "", *feedback.get("suggestions", [])]
    hints = [FEEDBACK_FR.get(text, "") for text in english if text]
    return Strength(score=result["score"], hints=[h for h in hints if h])


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
        if user is None:
            return
        fragment = personal_fragment_in(password, user.email or "", user.full_name or "")
        if fragment:
            raise ValidationError(
                f"Ce mot de passe contient une partie de votre nom ou de votre adresse e-mail "
                f"(« {fragment} ») : c'est ce qu'un attaquant essaie en premier. "
                "Choisissez des mots sans lien avec vous.",
                code="password_personal",
            )

    def get_help_text(self) -> str:
        return "Il ne doit contenir ni votre nom ni votre adresse e-mail."


class StrengthValidator:
    def validate(self, password: str, user=None) -> None:
        inputs = []
        if user is not None:
            inputs = personal_fragments(user.email or "", user.full_name or "")
        result = strength(password, inputs)
        if result.score < MIN_STRENGTH_SCORE:
            advice = " ".join(result.hints) or "Ajoutez un ou deux mots peu courants."
            raise ValidationError(
                f"Ce mot de passe serait trop facile à deviner (niveau : {result.label}). "
                + advice,
                code="password_guessable",
            )

    def get_help_text(self) -> str:
        return "Il ne doit pas être facile à deviner (mots courants, suites, dates)."
