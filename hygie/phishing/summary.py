"""What an analysis hands on, once the message itself is gone.

The page of an organisation keeps, in a signed field of its form, the
summary of the analysis shown (`summary()`): a report kept from it, the
incident it opens (« J'ai cliqué »), the cyberquiz question it becomes are
written from that summary, never from the message read again. The summary's
signals are redacted: of their excerpts, only those from a link or the sender
stay, never a sentence of the text. The text itself travels with it, cut to
BODY_CHARS, and is kept only when the person asks.

No Django import.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from hygie.lib.french import enumeration
from hygie.phishing.analysis import EMAIL, LINK, NO_SIGN, SMS, VERDICT_LABELS, Analysis, Message

CHANNEL_LABELS = {EMAIL: "e-mail", SMS: "SMS", LINK: "lien"}
# The parts of a message whose excerpts a kept report may hold: what points
# somewhere (a link, a domain) and who sent it, never the body's sentences.
KEPT_EXCERPTS = frozenset({"lien", "expéditeur"})
BODY_CHARS = 50_000
SENDER_CHARS = 300
SUBJECT_CHARS = 300
DOMAINS = 50

# « J'ai cliqué… »: the answer, its words, and the incident kind it opens
# (hygie/content/library/incident_types.yaml).
CLICKED = "clic"
CREDENTIALS_TYPED = "mot-de-passe"
OPENED = "piece-jointe"
ANSWERS = {
    CLICKED: "J'ai cliqué sur le lien",
    CREDENTIALS_TYPED: "J'ai saisi mon mot de passe",
    OPENED: "J'ai ouvert la pièce jointe",
}
LINK_OR_ATTACHMENT = "lien-ou-piece-jointe"
ACCOUNT = "compte-pirate"
AMELI_PRO = "compte-ameli-pro"
AMELI = re.compile(r"(?i)\bameli\b|assurance maladie")
DESCRIPTION_CHARS = 4000

# A private question of the cyberquiz (hygie/quiz/models.py OrgQuestion).
QUESTION = "Ce message est-il une arnaque ?"
QUESTION_CHARS = 180
SENDER_IN_QUESTION = 60
EXPLANATION_CHARS = 400
SOURCE_CHARS = 300
QUIZ_THEME = "hameconnage"
YES = "Oui, c'est une arnaque"
NO = "Non, il est légitime"


def shortened(text: str, limit: int) -> str:
    """The text on one line, cut at a word before `limit` characters with « … »."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    if limit < 2:
        return "…"
    cut = text[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.") + "…"


def sender_of(message: Message) -> str:
    """Who sent it, as the reader sees it: « Nom <adresse> », or the SMS's sender."""
    name, address = message.sender_name.strip(), message.sender_address.strip()
    if name and address and address not in name:
        return f"{name} <{address}>"[:SENDER_CHARS]
    return (name or address)[:SENDER_CHARS]


def host(url: str) -> str:
    """The host a link points to, lower case, without « www. » kept apart ("" if none)."""
    url = url.strip().replace("[.]", ".").replace("(.)", ".")
    url = re.sub(r"(?i)^h(?:xx|\*\*)p", "http", url)
    if "://" not in url[:12]:
        url = "http://" + url
    try:
        found = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    return found.strip(".").lower()


def domains(message: Message) -> list[str]:
    """The hosts the message's links point to, then the sender's domain: what a
    kept report and an incident may name of it."""
    found = [host(link.url) for link in message.links]
    for address in (message.sender_address, message.reply_to):
        if "@" in address:
            found.append(address.rsplit("@", 1)[1].strip(" >").lower())
    return list(dict.fromkeys(d for d in found if d))[:DOMAINS]


def redacted_signals(analysis: Analysis) -> list[dict]:
    """Each signal as `Signal.as_json()` gives it, with only the excerpts of
    links and sender."""
    signals = []
    for signal in analysis.signals:
        data = signal.as_json()
        data["extraits"] = [e for e in data["extraits"] if e["ou"] in KEPT_EXCERPTS]
        signals.append(data)
    return signals


def summary(analysis: Analysis, analysed_at: str) -> dict:
    """What the page's actions need of the analysis (see the module's docstring).

    `analysed_at` is an ISO 8601 instant."""
    message = analysis.message
    return {
        "le": analysed_at,
        "canal": message.channel,
        "verdict": analysis.verdict,
        "score": analysis.score,
        "signaux": redacted_signals(analysis),
        "domaines": domains(message),
        "expediteur": sender_of(message),
        "objet": message.subject[:SUBJECT_CHARS],
        "texte": message.text[:BODY_CHARS],
        "liens": [link.url for link in message.links[:DOMAINS]],
    }


def verdict_label(data: dict) -> str:
    return VERDICT_LABELS.get(data.get("verdict", ""), "")


def score_text(score: float) -> str:
    return f"{score:g}".replace(".", ",")


def incident_kind(answer: str, data: dict) -> str:
    """The kind of incident to declare: a link clicked or an attachment opened;
    a password typed is an account to take back, Ameli Pro's when the lure
    used the Assurance Maladie's name."""
    if answer != CREDENTIALS_TYPED:
        return LINK_OR_ATTACHMENT
    said = " ".join(
        [
            data.get("expediteur", ""),
            data.get("objet", ""),
            data.get("texte", "")[:5000],
            *data.get("domaines", []),
        ]
    )
    return AMELI_PRO if AMELI.search(said) else ACCOUNT


def incident_description(answer: str, data: dict, analysed_at_text: str) -> str:
    """The incident's description, prefilled: when and how the message came,
    who sent it, where its links lead, the verdict and why; never its text."""
    channel = CHANNEL_LABELS.get(data.get("canal", ""), "message")
    lines = [
        f"{ANSWERS[answer]}.",
        f"Message reçu par {channel}, analysé par Hygie le {analysed_at_text} : "
        f"« {verdict_label(data)} » (score {score_text(data.get('score', 0))}).",
    ]
    if data.get("expediteur"):
        lines.append(f"Expéditeur : {data['expediteur']}")
    if data.get("domaines"):
        lines.append(f"Domaines : {', '.join(data['domaines'][:20])}")
    reasons = [s["explication"] for s in data.get("signaux", []) if s.get("poids", 0) > 0]
    if reasons:
        lines.append("Signaux : " + enumeration(shortened(r, 200) for r in reasons[:8]))
    return shortened_lines(lines, DESCRIPTION_CHARS)


def shortened_lines(lines: list[str], limit: int) -> str:
    text = "\n".join(lines)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def lure_text(data: dict, limit: int = QUESTION_CHARS) -> str:
    """The lure as the players will see it, then the question, within `limit`
    characters: who sent it and what it says, the latter shortened first."""
    tail = f" {QUESTION}"
    if data.get("canal") == LINK:
        link = (data.get("liens") or [data.get("texte", "")])[0]
        return shortened(f"Lien reçu : {link}", limit - len(tail)) + tail
    email = data.get("canal") == EMAIL
    said = data.get("objet") if email and data.get("objet") else data.get("texte", "")
    who = shortened(data.get("expediteur", ""), SENDER_IN_QUESTION)
    kind = "E-mail" if email else "SMS"
    head = f"{kind} de {who} : « " if who else f"{kind} : « "
    return head + shortened(said, limit - len(head) - len(tail) - 2) + " »" + tail


def can_be_question(data: dict) -> bool:
    return data.get("verdict") not in (None, "", NO_SIGN)


def quiz_question(data: dict, sources: list[str]) -> dict:
    """The values of a private cyberquiz question (« Ce message est-il une
    arnaque ? ») made of an analysed lure, as hygie.quiz.actions.add_question
    takes them; `sources` are the titles of the signals' sources."""
    text = lure_text(data)
    reasons = [s["explication"] for s in data.get("signaux", []) if s.get("poids", 0) > 0]
    explanation = shortened("Oui. " + " ".join(reasons), EXPLANATION_CHARS)
    source = "Hygie, analyse d'un message suspect"
    if sources:
        source += " ; " + " ; ".join(dict.fromkeys(sources))
    return {
        "type": "choix_unique",
        "text": text,
        "options": [{"text": YES, "correct": True}, {"text": NO, "correct": False}],
        "explanation": explanation,
        "theme": QUIZ_THEME,
        "source": shortened(source, SOURCE_CHARS),
    }
