"""Phone numbers in French text, made one tap away: pure functions.

During an incident the pages are read on a phone: every number in them is a
link that dials it. `spans()` finds national numbers (« 05 56 00 00 00 »,
« 0 800 100 200 »), international ones (« +33 5 56 00 00 00 », « +590 590 12
34 56 ») and the short numbers of services after « au » or « le » (« au
3608 », « le 17 »), but not a date (« le 17 mars ») nor a count. `href()` says
how to dial one: `tel:`, or `sms:` for a number that only takes messages.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

# 33700 takes only text messages: suspicious SMS are forwarded to it (seed-003,
# « Smishing (signalement au 33 700) »).
SMS_ONLY = frozenset({"33700"})

_NOT_A_NUMBER_AFTER = (
    r"(?!\s*(?:janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre"
    r"|novembre|décembre|h\b|heures?\b|jours?\b|ans?\b|mois\b|%|€|e\b|er\b|ème)"
    r"|[/:]|[.,]\d)"
)
NUMBER = re.compile(
    r"(?<![\w+])(?:"
    r"\+\d{2,3}[ .]?\d(?:[ .]?\d{2}){4}"  # +33 5 56 00 00 00, +590 590 12 34 56
    r"|0\d(?:[ .]?\d{2}){4}"  # 05 56 00 00 00, 0556000000, 05.56.00.00.00
    r"|0[ .]?[89]\d{2}(?:[ .]?\d{3}){2}"  # 0 800 100 200
    r"|(?<=\bau )(?:33 ?700|3\d{3}|1[0-9]{1,2})"  # au 3608, au 33 700, au 17
    r"|(?<=\ble )(?:33 ?700|3\d{3}|1[0-9]{1,2})"  # appelez le 3608, le 15
    r")(?![\w])" + _NOT_A_NUMBER_AFTER
)


# A field that holds nothing but a number written some other way (« 0556 000
# 000 », « 01-23-45-67-89 ») is a number too.
WHOLE = re.compile(r"\+?[\d][\d .()-]{1,22}\d")


def spans(text: str) -> Iterator[tuple[int, int]]:
    """Where each phone number is in `text`, as (start, end)."""
    found = False
    for match in NUMBER.finditer(text):
        found = True
        yield match.span()
    if not found:
        bare = text.strip()
        if WHOLE.fullmatch(bare) and sum(c.isdigit() for c in bare) >= 3:
            start = text.index(bare)
            yield start, start + len(bare)


def href(number: str) -> str:
    """« tel:0972439125 » for « 09 72 43 91 25 »; « sms:33700 » for « 33 700 »."""
    digits = re.sub(r"[^\d+]", "", number)
    return f"{'sms' if digits in SMS_ONLY else 'tel'}:{digits}"
