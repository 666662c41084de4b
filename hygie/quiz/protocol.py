"""What a screen may send over a game's WebSocket, checked before anything
else reads it. Pure functions, no Django import.

A phone sends its answer, `{"index": 0, "answer": [1]}`; the host screen an
action, `{"action": "start"}` or `{"action": "remove", "player": 12}`. Anyone
who knows a PIN can send anything instead: a message that is not exactly one
of these shapes, with plain integers in their ranges, is refused here with a
French message, and never reaches a batch of answers or the database. Python's
JSON reader accepts NaN and Infinity, and a number such as 1e400 becomes an
infinite float: numbers with a fraction or exponent are refused outright,
since the application only ever sends integers.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

# The longest honest message is about 50 characters.
MAX_CHARS = 256
MAX_OPTIONS = 4
MAX_INDEX = 32_767  # a question's place in the game (PositiveSmallIntegerField)
MAX_ID = 2**63 - 1  # the largest primary key a database stores
HOST_ACTIONS = frozenset({"start", "next", "close", "end", "remove"})

UNREADABLE = "Message illisible : il est ignoré."
TOO_LONG = "Message trop long : il est ignoré."
BAD_ANSWER = "Réponse illisible : choisissez parmi les réponses proposées."
BAD_ACTION = "Action inconnue : elle est ignorée."
BAD_PLAYER = "Joueur inconnu : personne n'est retiré."


class Malformed(ValueError):
    """A message refused; its text, in French, is sent back to the screen."""


@dataclass(frozen=True, slots=True)
class Answer:
    index: int
    choices: list[int]


@dataclass(frozen=True, slots=True)
class Action:
    name: str
    player: int | None = None


def _refuse(text: str):
    raise ValueError(f"not an integer: {text[:20]}")


# Python's C scanner, with its hooks for NaN/Infinity and for numbers that are
# not integers: the answers' hot path keeps its speed.
_decoder = json.JSONDecoder(parse_constant=_refuse, parse_float=_refuse)


def decode(text_data: str | None, bytes_data: bytes | None = None) -> dict:
    """A text frame's JSON object, or Malformed."""
    if not isinstance(text_data, str):  # a binary frame
        raise Malformed(UNREADABLE)
    if len(text_data) > MAX_CHARS:
        raise Malformed(TOO_LONG)
    try:
        data = _decoder.decode(text_data)
    except (ValueError, RecursionError):
        raise Malformed(UNREADABLE) from None
    if type(data) is not dict:
        raise Malformed(UNREADABLE)
    return data


def _integer(value, low: int, high: int) -> bool:
    # Not a bool (a subclass of int), not a string of digits, not a float.
    return type(value) is int and low <= value <= high


def player_message(text_data: str | None, bytes_data: bytes | None = None) -> Answer:
    """A phone's answer, or Malformed."""
    data = decode(text_data, bytes_data)
    if data.keys() != {"index", "answer"}:
        raise Malformed(UNREADABLE)
    index, choices = data["index"], data["answer"]
    if not _integer(index, 0, MAX_INDEX):
        raise Malformed(BAD_ANSWER)
    if type(choices) is not list or not 1 <= len(choices) <= MAX_OPTIONS:
        raise Malformed(BAD_ANSWER)
    if not all(_integer(c, 0, MAX_OPTIONS - 1) for c in choices):
        raise Malformed(BAD_ANSWER)
    return Answer(index, choices)


def host_message(text_data: str | None, bytes_data: bytes | None = None) -> Action:
    """The host screen's action, or Malformed."""
    data = decode(text_data, bytes_data)
    name = data.get("action")
    if type(name) is not str or name not in HOST_ACTIONS:
        raise Malformed(BAD_ACTION)
    if name != "remove":
        if data.keys() != {"action"}:
            raise Malformed(UNREADABLE)
        return Action(name)
    if data.keys() != {"action", "player"}:
        raise Malformed(UNREADABLE)
    if not _integer(data["player"], 1, MAX_ID):
        raise Malformed(BAD_PLAYER)
    return Action(name, data["player"])
