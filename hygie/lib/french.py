"""French plurals, as pure functions: « 0 réponse », « 1 personne », « 2 personnes ».

French puts 0 and 1 in the singular and starts the plural at 2 (CLDR's rule
for French: one is i = 0 or 1, so « 1,5 heure » too). Django's `pluralize`
and the gettext fallback follow the English rule, where 0 is plural, hence
this module and the French `pluralize` filter built on it
(front/templatetags/french.py). Never write « personne(s) ».
"""

from __future__ import annotations


def is_plural(number: float) -> bool:
    return abs(number) >= 2


def plural(number: float, singular: str, plural: str | None = None) -> str:
    """The form for `number`: plural(3, "réponse") is « réponses »."""
    return (plural if plural is not None else singular + "s") if is_plural(number) else singular


def count(number: int, singular: str, plural_form: str | None = None) -> str:
    """The number and its noun: count(0, "réponse") is « 0 réponse »."""
    return f"{number} {plural(number, singular, plural_form)}"
