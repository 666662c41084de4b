"""The analysis of a suspicious message: what was read, what fired, the verdict.

No Django import: the same analysis runs in a page, in the `hygie messages`
command and in bench/messages. A message is first read into a `Message`
(hygie/phishing/reading.py: e-mail source, Outlook .msg, SMS text, bare link),
then every check registered in CHECKS looks at it and returns signals. The
score is the sum of the signals' weights; the verdict follows from it.

Nothing here calls the network: links are read, never followed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

# Verdicts, as stored and as printed by `hygie messages analyser --json`.
DANGEROUS = "dangereux"
SUSPECT = "suspect"
NO_SIGN = "aucun_signe"

VERDICT_LABELS = {
    DANGEROUS: "Dangereux",
    SUSPECT: "Suspect",
    NO_SIGN: "Aucun signe d'hameçonnage trouvé",
}

# Score thresholds of the verdicts (sum of the signals' weights).
DANGEROUS_FROM = 6.0
SUSPECT_FROM = 3.0

# Channels.
EMAIL = "email"
SMS = "sms"
LINK = "lien"


@dataclass(frozen=True)
class Evidence:
    """The exact piece of the message a signal comes from, to highlight.

    `where` names the part in French (« lien », « expéditeur », « objet »,
    « texte », « pièce jointe », « en-têtes »); `text` is the excerpt exactly
    as it appears there.
    """

    where: str
    text: str


@dataclass(frozen=True)
class Signal:
    """One named rule that fired, with its weight and its French explanation.

    `rule` is a stable key (`lien.texte-trompeur`); `family` groups rules
    (« lien », « expediteur », « contenu », « piece_jointe », « authentification »,
    « legitime » for the signals that lower the score); `source` is the id of a
    source of the content library (`seed-003`, `anssi-hameconnage`…).
    """

    rule: str
    family: str
    weight: float
    explanation: str
    evidence: tuple[Evidence, ...] = ()
    source: str = ""

    def as_json(self) -> dict:
        return {
            "regle": self.rule,
            "famille": self.family,
            "poids": self.weight,
            "explication": self.explanation,
            "extraits": [{"ou": e.where, "texte": e.text} for e in self.evidence],
            "source": self.source,
        }


@dataclass
class Link:
    """A link found in the message, as read (never followed).

    `url` is the target as written (after de-obfuscation of `hxxp` and `[.]`),
    `text` what the reader sees instead (an HTML anchor's text, empty for a bare
    link), `found_in` where it was found (« texte », « html », « pièce jointe »,
    « code QR »), `raw` the exact text of the message it comes from.
    """

    url: str
    text: str = ""
    found_in: str = "texte"
    raw: str = ""


@dataclass
class Attachment:
    filename: str
    content_type: str = ""
    size: int = 0
    data: bytes = b""  # at most reading.ATTACHMENT_BYTES, for inspection only


@dataclass
class Message:
    """What could be read of a message. Fields are empty when absent."""

    channel: str
    id: str = ""
    sender_name: str = ""  # e-mail display name, or the SMS sender as typed
    sender_address: str = ""  # e-mail address, or the SMS sender's number
    reply_to: str = ""
    return_path: str = ""
    subject: str = ""
    text: str = ""  # the plain text a reader sees (HTML reduced to text)
    links: list[Link] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    # Header name (lower case) → values, in the order they appear (topmost first).
    headers: dict[str, list[str]] = field(default_factory=dict)
    # What could not be read, in French (a limit reached, a part undecodable…).
    unread: list[str] = field(default_factory=list)


@dataclass
class Analysis:
    message: Message
    signals: list[Signal]

    @property
    def score(self) -> float:
        return round(max(0.0, sum(s.weight for s in self.signals)), 1)

    @property
    def verdict(self) -> str:
        if self.score >= DANGEROUS_FROM:
            return DANGEROUS
        if self.score >= SUSPECT_FROM:
            return SUSPECT
        return NO_SIGN

    @property
    def verdict_label(self) -> str:
        return VERDICT_LABELS[self.verdict]

    def as_json(self) -> dict:
        return {
            "id": self.message.id,
            "canal": self.message.channel,
            "verdict": self.verdict,
            "score": self.score,
            "signaux": [s.as_json() for s in self.signals],
            "non_lu": list(self.message.unread),
        }


Check = Callable[[Message], Iterable[Signal]]
# A check that weighs what the others found (legitimate structures that make
# wording alone insufficient), run once they have all run.
Review = Callable[[Message, list[Signal]], Iterable[Signal]]

# The checks, in order; each module of checks appends its own (see checks()).
CHECKS: list[Check] = []
REVIEWS: list[Review] = []


def checks() -> list[Check]:
    """Every check, imported on first use so that this module stays light."""
    if not CHECKS:
        from hygie.phishing import registry

        REVIEWS.extend(registry.REVIEWS)
        CHECKS.extend(registry.ALL)
    return CHECKS


def analyse(message: Message) -> Analysis:
    signals: list[Signal] = []
    for check in checks():
        signals.extend(check(message))
    for review in REVIEWS:
        signals.extend(review(message, list(signals)))
    return Analysis(message, signals)
