"""French grammar that text put together from parts needs. Pure functions.

Elision: « de » followed by a word that starts with a vowel sound is elided
(« demande d'accès », « fin du certificat d'Hébergeur… »), and contracted
with the articles « le » and « les » (« du », « des »). A name of a right, a
processor or a starting event is stored once and put into sentences through
`de`, instead of each template writing « de » before it.

Plurals: « 0 réponse », « 1 personne », « 2 personnes ». French puts 0 and 1
in the singular and starts the plural at 2 (CLDR's rule for French: one is
i = 0 or 1, so « 1,5 heure » too). Django's `pluralize` and the gettext
fallback follow the English rule, where 0 is plural, hence the functions below
and the French `pluralize` filter built on them (front/templatetags/french.py).
Never put the plural s in brackets after a word: French readers expect the right form.
"""

from __future__ import annotations

VOWELS = frozenset("aeiouàâäéèêëîïôöùûüœæ")
# Words whose h is aspirated: « de » stays whole before them (« de handicap »).
ASPIRATED_H = (
    "hache",
    "haine",
    "halte",
    "hameau",
    "hamac",
    "hanche",
    "handicap",
    "hangar",
    "harcèlement",
    "hardi",
    "hareng",
    "haricot",
    "hasard",
    "hâte",
    "haut",
    "hausse",
    "héros",
    "hibou",
    "hiérarchie",
    "honte",
    "hors",
    "huit",
    "hurl",
)


def starts_with_vowel_sound(word: str) -> bool:
    """Whether « de », « le », « que » are elided before `word`: a vowel, or a
    mute h (« hébergeur », « hôpital »), but not an aspirated one (« hasard »)."""
    lower = word.lower()
    if not lower:
        return False
    if lower[0] in VOWELS:
        return True
    if lower[0] == "h":
        return not lower.startswith(ASPIRATED_H)
    return False


def de_parts(phrase: str) -> tuple[str, str]:
    """(« de », « d' », « du » or « des », the rest of the phrase)."""
    phrase = phrase.strip()
    for article, joined in (("le ", "du "), ("les ", "des ")):
        if phrase.lower().startswith(article):
            return joined, phrase[len(article) :]
    return ("d'" if starts_with_vowel_sound(phrase) else "de "), phrase


def de(phrase: str) -> str:
    """« de » joined to `phrase` as French writes it: « d'accès », « de
    rectification », « du cabinet », « des données »."""
    return "".join(de_parts(phrase))


def without_full_stop(text: str) -> str:
    """`text` without its own final full stop (an ellipsis stays)."""
    text = str(text).strip()
    return text[:-1].rstrip() if text.endswith(".") and not text.endswith("..") else text


def enumeration(items, separator: str = " ; ") -> str:
    """Sentences or phrases joined into one: each loses its own full stop, the
    whole ends with one (« a ; b ; c. »), never « a. ; b. »."""
    parts = [without_full_stop(item) for item in items]
    parts = [p for p in parts if p]
    if not parts:
        return ""
    text = separator.join(parts)
    return text if text.endswith(("…", "!", "?", "..")) else text + "."


def and_list(items) -> str:
    """« a, b et c »: a list in a sentence."""
    items = [str(i) for i in items if i]
    return " et ".join([", ".join(items[:-1]), items[-1]]) if len(items) > 1 else "".join(items)


def sentence(text) -> str:
    """`text` ending with one full stop, whether or not the person who typed it
    put one: templates write `{{ x|sentence }}`, never `{{ x }}.`."""
    return enumeration([text])


def is_plural(number: float) -> bool:
    return abs(number) >= 2


def plural(number: float, singular: str, plural: str | None = None) -> str:
    """The form for `number`: plural(3, "réponse") is « réponses »."""
    return (plural if plural is not None else singular + "s") if is_plural(number) else singular


def count(number: int, singular: str, plural_form: str | None = None) -> str:
    """The number and its noun: count(0, "réponse") is « 0 réponse »."""
    return f"{number} {plural(number, singular, plural_form)}"
