"""The French content rules: lure wording in a message's subject and text.

The rules are data (the content library's collection `message_rules`, in
hygie/content/library/message_rules.yaml): each has patterns, a weight, a role
and a French explanation. This module reads them, compiles them once per load,
and applies them to a message:

1. The subject and the text (its first TEXT_LIMIT characters) are folded: lower
   case, accents and zero-width characters removed, look-alike Cyrillic letters
   read as Latin ones, apostrophes and hyphens read as spaces, one space between
   words. Links are blanked out first: their words belong to the link checks.
2. Every rule of the message's channel is searched in both. A match whose
   sentence holds one of the rule's `unless` patterns does not count.
3. One signal per family, the strongest rule's, with the exact excerpts of the
   original text that matched.
4. The roles of all rules that matched (a pretext, pressure, an action
   requested, confidential data asked) are counted: three or more earn the
   bonus of the rule of family « combinaison », so that a message uniting them
   weighs more than its words one by one, while a single ordinary word
   (« remboursement », « urgent ») stays below the « Suspect » threshold. In an
   SMS, a claimed sender and a link count too: an SMS has nothing else, its
   link is the action it asks for, and real notifications rarely join them to
   a pretext; in an e-mail both are everywhere (signatures, logos), so they
   do not count.
"""

from __future__ import annotations

import bisect
import logging
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from hygie.phishing.analysis import EMAIL, SMS, Evidence, Message, Signal

COLLECTION = "message_rules"
FAMILY = "contenu"
COMBINATION = "combinaison"
# Characters of the text read; a lure says what it wants at the start, and the
# rules must stay fast on a 1 MB e-mail.
TEXT_LIMIT = 20_000
# Links of the message blanked out by their exact text (the others by pattern).
MASKED_LINKS = 200
# Excerpts shown for one signal.
EXCERPTS = 3
# How far around a match its sentence is looked for, for `unless` patterns.
SENTENCE_REACH = 150
# What a link reads as in the folded text, for patterns that ask for one.
LINK_MARK = "~"

ROLES = {
    "emetteur": "un organisme ou une personne cités",
    "pretexte": "un prétexte",
    "pression": "une pression",
    "demande": "une action demandée",
    "donnees": "des informations confidentielles réclamées",
    "lien": "un lien",
}
# The roles that count in an e-mail (see the module's docstring).
EMAIL_ROLES = {"pretexte", "pression", "demande", "donnees"}

log = logging.getLogger(__name__)

# --- Folding ---------------------------------------------------------------

# Read as spaces: straight and typographic apostrophes, hyphens and dashes, so
# that « n'a » and « na » differ only by a space, and « Crit'Air » reads « crit air ».
_AS_SPACE = "'’‘`´ʼ′-‐‑‒–—―−_"
_AS_QUOTE = "«»“”„‟"
_SPECIAL = {"œ": "oe", "æ": "ae", "ß": "ss", "ø": "o", "đ": "d", "ł": "l", "ı": "i", "ĸ": "k"}
# Cyrillic and Greek letters drawn like Latin ones, used to slip past filters.
_HOMOGLYPHS = dict(zip("аеорсухіјѕԁӏɑοαεκνρτυ", "aeopcyxijsdlaoaekvptu", strict=True))


def _fold_char(ch: str) -> str:
    if ch in _AS_SPACE:
        return " "
    if ch in _AS_QUOTE:
        return '"'
    category = unicodedata.category(ch)
    if category in ("Zs", "Zl", "Zp", "Cc"):
        return " "
    if category in ("Cf", "Mn", "Me"):
        return ""
    lower = ch.lower()
    if lower in _SPECIAL:
        return _SPECIAL[lower]
    decomposed = unicodedata.normalize("NFKD", lower)
    base = "".join(c for c in decomposed if not unicodedata.combining(c))
    return "".join(_HOMOGLYPHS.get(c, c) for c in base)


def _fold_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for low, high in ((0, 0x3000), (0xFB00, 0xFFF0), (0x1D400, 0x1D800)):
        for code in range(low, high):
            ch = chr(code)
            if 0xD800 <= code < 0xE000:
                continue
            folded = _fold_char(ch)
            if folded != ch:
                table[code] = folded
    return table


FOLD = _fold_table()
_RESIZING = {code for code, folded in FOLD.items() if len(folded) != 1}
_SPACES = re.compile(" {2,}")

_TLDS = (
    "fr|com|net|org|info|io|co|me|xyz|top|online|site|live|shop|app|link|click|ly|gl|be|ch|eu|"
    "de|uk|es|it|pt|ru|cn|biz|us|cc|icu|vip|buzz|support|services|help|cloud|store|tk|ml|ga|cf|"
    "gq|page|dev|pro|sbs|cfd|bond|today|world|life|tech|space|website|fun|club|work|one|re|gp|mq"
)
_URL = re.compile(
    r"(?i)(?:\b(?:https?|hxxps?)://|\bwww\.)\S+"
    rf"|\b(?:[a-z0-9-]+(?:\.|\[\.\]))+(?:{_TLDS})\b(?:/\S*)?"
    r"|\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
)


@dataclass
class Folded:
    """A text folded for matching, and the way back to the original's positions."""

    original: str
    text: str
    _runs: list[int]  # positions (in `text`) after which spaces were collapsed
    _removed: list[int]  # spaces removed up to each run, cumulated
    _to_original: list[int] | None  # translated → original, when lengths differ

    def span(self, start: int, end: int) -> str:
        """The original text that the folded span [start, end) comes from."""
        return self.original[self._original(start) : self._original(end - 1) + 1]

    def _original(self, position: int) -> int:
        index = bisect.bisect_right(self._runs, position)
        translated = position + (self._removed[index - 1] if index else 0)
        if self._to_original is None:
            return translated
        return self._to_original[min(translated, len(self._to_original) - 1)]


def _blank(link: str) -> str:
    return LINK_MARK + " " * (len(link) - 1)


def mask_links(text: str, raws: Iterable[str] = ()) -> str:
    """The text with every link replaced by LINK_MARK and spaces, to the same
    length: rules may say « a link here » (« Consultez : <lien> »)."""
    for raw in raws:
        if raw and raw in text:
            text = text.replace(raw, _blank(raw))
    return _URL.sub(lambda m: _blank(m.group(0)), text)


def fold(original: str, masked: str | None = None) -> Folded:
    """`original` folded for matching; `masked`, of the same length, is what is
    folded (the original with its links blanked out) when given."""
    source = original if masked is None else masked
    translated = source.translate(FOLD)
    to_original = None
    if len(translated) != len(source):
        to_original = []
        for index, ch in enumerate(source):
            code = ord(ch)
            width = len(FOLD[code]) if code in _RESIZING else 1
            to_original.extend([index] * width)
    runs: list[int] = []
    removed: list[int] = []
    parts: list[str] = []
    last = total = 0
    for m in _SPACES.finditer(translated):
        parts.append(translated[last : m.start() + 1])
        total += len(m.group(0)) - 1
        last = m.end()
        runs.append(m.start() + 1 - (total - (len(m.group(0)) - 1)))
        removed.append(total)
    parts.append(translated[last:])
    return Folded(original, "".join(parts), runs, removed, to_original)


# --- Rules -----------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    id: str
    family: str
    role: str
    weight: float
    channels: frozenset[str]
    pattern: re.Pattern
    unless: re.Pattern | None
    explanation: str
    source: str
    # Roles that another family must bring for the rule to count (« lien »: the
    # SMS has a link); empty when the rule counts on its own.
    needs: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Rules:
    rules: tuple[Rule, ...]
    bonus: tuple[float, ...]  # for 3, 4, and 5 or more roles
    combination_explanation: str
    combination_source: str


def _join(patterns: list[str]) -> re.Pattern:
    return re.compile("|".join(f"(?:{p})" for p in patterns))


def compile_rules(items: list[dict]) -> Rules:
    """The library's items compiled; a rule whose pattern does not compile is
    left out (the tests refuse it in the shipped library)."""
    rules = []
    bonus: tuple[float, ...] = ()
    explanation = source = ""
    for item in items:
        cited = item.get("source") or [{}]
        if item.get("family") == COMBINATION:
            bonus = tuple(item.get("bonus", ()))
            explanation, source = item["explanation"].strip(), cited[0].get("ref", "")
            continue
        try:
            pattern = _join(item["patterns"])
            unless = _join(item["unless"]) if item.get("unless") else None
        except (re.error, KeyError) as error:
            log.error("Règle de contenu %s ignorée : %s", item.get("id"), error)
            continue
        rules.append(
            Rule(
                id=item["id"],
                family=item["family"],
                role=item.get("role", ""),
                weight=float(item.get("weight", 0)),
                channels=frozenset(item.get("channels") or (SMS, EMAIL)),
                pattern=pattern,
                unless=unless,
                explanation=item["explanation"].strip(),
                source=cited[0].get("ref", ""),
                needs=frozenset(item.get("needs") or ()),
            )
        )
    return Rules(tuple(rules), bonus, explanation, source)


# The compiled rules, with the list of items they come from: the library hands
# out the same list while its cache lasts, so identity says they are current.
_compiled: tuple[list, Rules] | None = None


def rules() -> Rules:
    global _compiled
    from hygie.content import library

    items = library.items(COLLECTION)
    if _compiled is None or _compiled[0] is not items:
        _compiled = (items, compile_rules(items))
    return _compiled[1]


# --- Matching ----------------------------------------------------------------


@dataclass
class Hit:
    rule: Rule
    evidence: list[Evidence]


def _sentence(text: str, start: int, end: int) -> str:
    low = max(0, start - SENTENCE_REACH)
    high = min(len(text), end + SENTENCE_REACH)
    before = max(text.rfind(mark, low, start) for mark in ".!?")
    after = [i for i in (text.find(mark, end, high) for mark in ".!?") if i != -1]
    return text[(before + 1 if before != -1 else low) : (min(after) if after else high)]


def _matches(rule: Rule, folded: Folded) -> list[str]:
    found = []
    for m in rule.pattern.finditer(folded.text):
        if m.end() == m.start():
            continue
        if rule.unless is not None and rule.unless.search(
            _sentence(folded.text, m.start(), m.end())
        ):
            continue
        excerpt = folded.span(m.start(), m.end()).strip()
        if excerpt and excerpt not in found:
            found.append(excerpt)
        if len(found) >= EXCERPTS:
            break
    return found


def hits(message: Message, compiled: Rules) -> list[Hit]:
    """Every rule of the message's channel that matches its subject or text."""
    raws = [link.raw or link.url for link in message.links[:MASKED_LINKS]]
    parts = []
    for where, text in (("objet", message.subject), ("texte", message.text[:TEXT_LIMIT])):
        if text and text.strip():
            parts.append((where, fold(text, mask_links(text, raws))))
    found = []
    for rule in compiled.rules:
        if message.channel not in rule.channels:
            continue
        evidence = [
            Evidence(where, excerpt)
            for where, folded in parts
            for excerpt in _matches(rule, folded)
        ]
        if evidence:
            found.append(Hit(rule, evidence[:EXCERPTS]))
    return found


def says(message: Message, rule_ids: Iterable[str]) -> bool:
    """Whether one of the named rules matches the message's subject or text."""
    wanted = set(rule_ids)
    chosen = [r for r in rules().rules if r.id in wanted and message.channel in r.channels]
    if not chosen:
        return False
    raws = [link.raw or link.url for link in message.links[:MASKED_LINKS]]
    for text in (message.subject, message.text[:TEXT_LIMIT]):
        if text and text.strip():
            folded = fold(text, mask_links(text, raws))
            if any(_matches(rule, folded) for rule in chosen):
                return True
    return False


def check(message: Message) -> list[Signal]:
    """The content signals of a message: one per family that matched, and the
    bonus when it unites three roles or more."""
    if message.channel not in (SMS, EMAIL):
        return []
    compiled = rules()
    found = _requested(message, hits(message, compiled))
    best: dict[str, Hit] = {}
    for hit in found:
        current = best.get(hit.rule.family)
        if current is None or hit.rule.weight > current.rule.weight:
            best[hit.rule.family] = hit
    signals = []
    for family, hit in best.items():
        if hit.rule.weight <= 0:
            continue
        evidence = list(hit.evidence)
        for other in found:
            if other.rule.family == family and other is not hit:
                evidence.extend(e for e in other.evidence if e not in evidence)
        signals.append(
            Signal(
                rule=f"{FAMILY}.{hit.rule.id}",
                family=FAMILY,
                weight=hit.rule.weight,
                explanation=hit.rule.explanation,
                evidence=tuple(evidence[:EXCERPTS]),
                source=hit.rule.source,
            )
        )
    combination = _combination(message, found, compiled)
    if combination is not None:
        signals.append(combination)
    return signals


def _requested(message: Message, found: list[Hit]) -> list[Hit]:
    """The hits without those of rules that need a request the message does
    not make: a relative's « nouveau numéro » is news until something is
    asked (money, a code, a favour, to write elsewhere). In an SMS only: an
    e-mail's other parts (its sender, its links) say more than its wording."""
    if message.channel != SMS or not any(hit.rule.needs for hit in found):
        return found
    kept = []
    for hit in found:
        needs = hit.rule.needs
        if needs and not (
            ("lien" in needs and message.links)
            or any(
                other.rule.role in needs and other.rule.family != hit.rule.family
                for other in found
                if not other.rule.needs
            )
        ):
            continue
        kept.append(hit)
    return kept


def _combination(message: Message, found: list[Hit], compiled: Rules) -> Signal | None:
    counted = EMAIL_ROLES if message.channel == EMAIL else set(ROLES)
    by_role: dict[str, Evidence] = {}
    for hit in found:
        if hit.rule.role in counted:
            by_role.setdefault(hit.rule.role, hit.evidence[0])
    if "lien" in counted and message.links:
        link = message.links[0]
        by_role["lien"] = Evidence("lien", link.raw or link.url)
    count = len(by_role)
    if count < 3 or not compiled.bonus:
        return None
    bonus = compiled.bonus[min(count - 3, len(compiled.bonus) - 1)]
    if bonus <= 0:
        return None
    roles = [ROLES[role] for role in ROLES if role in by_role]
    listed = ", ".join(roles[:-1]) + " et " + roles[-1]
    return Signal(
        rule=f"{FAMILY}.{COMBINATION}",
        family=FAMILY,
        weight=bonus,
        explanation=f"{compiled.combination_explanation} Ici : {listed}.",
        evidence=tuple(by_role[role] for role in ROLES if role in by_role),
        source=compiled.combination_source,
    )
