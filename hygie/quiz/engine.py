"""The live game: joining, the phases, answers and results. Synchronous
database functions; the WebSocket consumers call them from a thread.

A game moves from phase to phase by a conditional update of its sequence
number: whoever asks for a transition with a stale number changes nothing, so
two host screens, or a deadline and the last answer arriving together, never
advance a game twice. An answer is a row unique per player and question,
inserted with the player's score in one transaction: it counts exactly once.
"""

from __future__ import annotations

import bisect
import logging
import random
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Avg, Count, F, Min, Q
from django.utils import timezone

from hygie.content import library
from hygie.journal.actions import record
from hygie.lib.confusables import skeleton
from hygie.lib.parse import parse_id, parse_int
from hygie.quiz import scoring
from hygie.quiz.models import (
    Answer,
    Game,
    OrgQuestion,
    Phase,
    Player,
    QuestionStat,
    ThemeStat,
    new_pin,
)

TOKEN_SALT = "hygie.quiz.player"  # noqa: S105 (a namespace for signing, not a secret)
PSEUDONYM_MIN, PSEUDONYM_MAX = 2, 20
TYPE_LABELS = {
    "vrai_faux": "Vrai ou faux",
    "choix_unique": "Une seule bonne réponse",
    "choix_multiples": "Plusieurs bonnes réponses possibles",
}
# Two-word pseudonyms: an animal and a quality, in French.
ANIMALS = [
    "Castor", "Hérisson", "Loutre", "Renard", "Blaireau", "Écureuil", "Hibou", "Marmotte",
    "Dauphin", "Panda", "Koala", "Lynx", "Mouette", "Tortue", "Pingouin", "Colibri",
    "Chamois", "Bouquetin", "Héron", "Lièvre",
]  # fmt: skip
QUALITIES = [
    "Prudent", "Vigilant", "Malin", "Agile", "Curieux", "Serein", "Rapide", "Attentif",
    "Futé", "Sage", "Tenace", "Zen", "Habile", "Discret", "Patient", "Avisé",
]  # fmt: skip
# Refused in pseudonyms (accents and case ignored): a short list of slurs and
# crude words, as matched parts of the pseudonym.
BLOCKED = [
    "connard", "connasse", "salope", "encule", "pute", "putain", "merde", "bite",
    "couille", "nique", "batard", "pede", "negre", "bougnoul", "youpin", "tapette",
    "fuck", "shit", "bitch", "nazi", "hitler",
]  # fmt: skip
ALLOWED = re.compile(r"^[\w' -]+$")
# Matched as written (accents and case aside) and as they look (a zero for an
# « o », a Cyrillic e for a Latin one).
BLOCKED_LOOKS = [(word, skeleton(word)) for word in BLOCKED]

logger = logging.getLogger(__name__)


class Refused(Exception):
    """An action the game does not allow now; its message is in French."""


# Questions --------------------------------------------------------------------


def questions_for(keys: list[str], org) -> list[dict]:
    """The questions of the bank ("bank:<id>", retired ones left out) and of
    the organisation ("org:<pk>") as a game plays them, in the order given;
    keys naming nothing playable are skipped."""
    bank = {item["id"]: item for item in library.items("quiz-questions")}
    own = {
        f"org:{question.pk}": question
        for question in OrgQuestion.objects.filter(
            org=org,
            pk__in=[parse_id(k[4:]) for k in keys if k.startswith("org:") and parse_id(k[4:])],
        )
    }
    found = []
    for key in keys:
        if key.startswith("bank:") and key[5:] in bank:
            item = bank[key[5:]]
            source = " ; ".join(
                c["title"] + (f" ({c['detail']})" if c["detail"] else "")
                for c in library.cite(item["source"])
            )
            found.append(_played(key, {**item, "source_text": source}))
        elif key in own:
            question = own[key]
            data = {
                "type": question.type,
                "text": question.text,
                "options": question.options,
                "explanation": question.explanation,
                "theme": question.theme,
                "source_text": question.source,
            }
            found.append(_played(key, data))
    return found


def _played(key: str, data: dict) -> dict:
    return {
        "key": key,
        "type": data["type"],
        "text": data["text"],
        "options": [o["text"] for o in data["options"]],
        "correct": [i for i, o in enumerate(data["options"]) if o["correct"]],
        "explanation": data["explanation"],
        "theme": data["theme"],
        "source": data["source_text"],
    }


# Games and players ------------------------------------------------------------


@transaction.atomic
def create_game(org, *, title: str, keys: list[str], host, quiz=None, **settings) -> Game:
    questions = questions_for(keys, org)
    if not questions:
        raise Refused("Ce quiz n'a aucune question.")
    for _ in range(20):
        pin = new_pin()
        if not Game.objects.filter(pin=pin, ended_at=None).exists():
            break
    else:  # pragma: no cover - 900,000 PINs
        raise Refused("Trop de parties en cours : réessayez.")
    return Game.objects.create(
        org=org, quiz=quiz, host=host, title=title, pin=pin, questions=questions, **settings
    )


def is_pin(text: str) -> bool:
    """Six ASCII digits: the shape of every game's PIN (« ²²²²²² » is not one)."""
    return parse_int(text) is not None and len(text) == 6


def open_game(pin: str) -> Game | None:
    if not is_pin(pin):
        return None
    return Game.objects.filter(pin=pin, ended_at=None).first()


def _folded(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in plain if c.isalnum())


def check_pseudonym(text: str) -> str:
    """The pseudonym cleaned up, or Refused with why."""
    pseudonym = " ".join(text.split())
    if not PSEUDONYM_MIN <= len(pseudonym) <= PSEUDONYM_MAX:
        raise Refused(f"Choisissez un pseudonyme de {PSEUDONYM_MIN} à {PSEUDONYM_MAX} caractères.")
    if not ALLOWED.match(pseudonym):
        raise Refused("Lettres, chiffres, espaces, tirets et apostrophes seulement.")
    folded, look = _folded(pseudonym), skeleton(pseudonym)
    if any(word in folded or blocked in look for word, blocked in BLOCKED_LOOKS):
        raise Refused("Ce pseudonyme n'est pas accepté : choisissez-en un autre.")
    return pseudonym


def proposals(game: Game, count: int = 3, rng: random.Random | None = None) -> list[str]:
    """Friendly two-word pseudonyms not taken in the game."""
    rng = rng or random.Random()
    taken = set(game.players.values_list("skeleton", flat=True))
    found: list[str] = []
    for _ in range(200):
        name = f"{rng.choice(ANIMALS)} {rng.choice(QUALITIES)}"
        if skeleton(name) not in taken and name not in found:
            found.append(name)
        if len(found) == count:
            break
    return found


def join(game: Game, text: str) -> Player:
    pseudonym = check_pseudonym(text)
    if game.phase == Phase.PODIUM or game.ended_at:
        raise Refused("Cette partie est terminée.")
    # Alike on the projector, not only letter for letter (a Cyrillic A for a
    # Latin one): refused, as the database would.
    look = skeleton(pseudonym)
    alike = game.players.filter(skeleton=look).values_list("pseudonym", flat=True).first()
    if alike is not None and _folded(alike) == _folded(pseudonym):
        raise Refused("Ce pseudonyme est déjà pris dans cette partie.")
    if alike is not None:
        raise Refused(
            f"Ce pseudonyme ressemble trop à « {alike} », déjà pris dans cette partie : "
            "choisissez-en un autre."
        )
    try:
        with transaction.atomic():
            return Player.objects.create(game=game, pseudonym=pseudonym)
    except IntegrityError:
        raise Refused("Ce pseudonyme est déjà pris dans cette partie.") from None


def cookie_name(pin: str) -> str:
    """The cookie holding a phone's signed token for the game of `pin`."""
    return f"hygie_quiz_{pin}"


def game_for_pin(pin: str) -> Game | None:
    """The latest game of a PIN, ended or not: a phone still shows its podium."""
    return Game.objects.filter(pin=pin).order_by("-created").first()


def token_for(player: Player) -> str:
    return signing.dumps({"p": player.pk, "n": player.nonce}, salt=TOKEN_SALT)


def player_from_token(token: str, game: Game) -> Player | None:
    try:
        data = signing.loads(token, salt=TOKEN_SALT, max_age=timedelta(days=2))
    except signing.BadSignature:
        return None
    return Player.objects.filter(
        pk=data.get("p"), nonce=data.get("n"), game=game, removed=False
    ).first()


@transaction.atomic
def remove_player(game: Game, player_id: int) -> bool:
    return bool(Player.objects.filter(game=game, pk=player_id).update(removed=True))


def active_players(game_id: int) -> int:
    return Player.objects.filter(game_id=game_id, removed=False).count()


def answer_count(game: Game) -> tuple[int, int]:
    """« N / M ont répondu » for the current question."""
    answered = Answer.objects.filter(game=game, index=game.index).count()
    return answered, active_players(game.pk)


# Phases -----------------------------------------------------------------------


def _move(game: Game, phase: str, **fields) -> Game | None:
    """The transition, if nobody made another since `game` was read."""
    won = Game.objects.filter(pk=game.pk, seq=game.seq).update(
        phase=phase, seq=F("seq") + 1, **fields
    )
    return Game.objects.get(pk=game.pk) if won else None


def start(game: Game, now: datetime | None = None) -> Game | None:
    if game.phase != Phase.LOBBY:
        return None
    return _announce(game, 0, now or timezone.now())


def _announce(game: Game, index: int, now: datetime) -> Game | None:
    return _move(
        game,
        Phase.ANNOUNCE,
        index=index,
        options_at=None,
        phase_ends_at=now + timedelta(seconds=settings.QUIZ_ANNOUNCE_SECONDS),
    )


def due(game: Game, now: datetime | None = None) -> Game | None:
    """The automatic transition whose time has come, if any."""
    now = now or timezone.now()
    if game.phase_ends_at is None or now < game.phase_ends_at:
        return None
    if game.phase == Phase.ANNOUNCE:
        if game.question_delay:
            return _move(
                game, Phase.QUESTION, phase_ends_at=now + timedelta(seconds=game.question_delay)
            )
        return _open_answers(game, now)
    if game.phase == Phase.QUESTION:
        return _open_answers(game, now)
    if game.phase == Phase.ANSWERING:
        return close_answers(game)
    return None


def _open_answers(game: Game, now: datetime) -> Game | None:
    return _move(
        game,
        Phase.ANSWERING,
        options_at=now,
        phase_ends_at=now + timedelta(seconds=game.seconds),
    )


def close_answers(game: Game) -> Game | None:
    if game.phase != Phase.ANSWERING:
        return None
    return _move(game, Phase.REVEAL, phase_ends_at=None)


def next_step(game: Game, now: datetime | None = None) -> Game | None:
    """The host's « suivant »: the scores after a reveal, then the next question
    or the podium."""
    now = now or timezone.now()
    if game.phase == Phase.REVEAL:
        if game.index + 1 >= len(game.questions):
            return finish(game, now)
        return _move(game, Phase.SCORES)
    if game.phase == Phase.SCORES:
        return _announce(game, game.index + 1, now)
    return None


@transaction.atomic
def finish(game: Game, now: datetime | None = None) -> Game | None:
    """The podium: the game ends, its anonymous figures are kept."""
    now = now or timezone.now()
    moved = _move(game, Phase.PODIUM, phase_ends_at=None, ended_at=now)
    if moved is None:
        return None
    summary = []
    by_index = {
        row["index"]: row
        for row in Answer.objects.filter(game=moved)
        .values("index")
        .annotate(
            n=Count("id"), right=Count("id", filter=Q(correct=True)), mean_ms=Avg("elapsed_ms")
        )
    }
    day = timezone.localdate(now)
    for i, q in enumerate(moved.questions):
        row = by_index.get(i, {"n": 0, "right": 0, "mean_ms": None})
        summary.append(
            {
                "index": i,
                "theme": q["theme"],
                "answers": row["n"],
                "correct": row["right"],
                "mean_ms": row["mean_ms"],
            }
        )
        if row["n"]:
            stat, _ = ThemeStat.objects.get_or_create(org=moved.org, day=day, theme=q["theme"])
            ThemeStat.objects.filter(pk=stat.pk).update(
                answers=F("answers") + row["n"], correct=F("correct") + row["right"]
            )
            if q.get("key"):
                stat, _ = QuestionStat.objects.get_or_create(key=q["key"])
                QuestionStat.objects.filter(pk=stat.pk).update(
                    answers=F("answers") + row["n"], correct=F("correct") + row["right"]
                )
    Game.objects.filter(pk=moved.pk).update(summary=summary)
    moved.summary = summary
    return moved


# Answers ----------------------------------------------------------------------


@dataclass(frozen=True)
class Recorded:
    status: str  # "ok", "late", "duplicate", "closed", "invalid", "error"
    message: str = ""
    answered: int = 0
    players: int = 0


def record_answer(
    player_id: int, game_id: int, index: int, choices: list, now: datetime | None = None
) -> Recorded:
    """Record a player's answer to question `index`, once, if it is in time."""
    return record_answers(game_id, [(player_id, index, choices, now or timezone.now())])[0]


def _checked(game: Game, index, choices, now: datetime) -> Recorded | set[int]:
    """The options chosen, or why the answer is refused before any writing."""
    if game.phase != Phase.ANSWERING or game.index != index or game.options_at is None:
        return Recorded("closed", "Les réponses sont fermées.")
    if now > game.phase_ends_at:
        return Recorded("late", "Trop tard : le temps était écoulé.")
    count = len(game.question["options"])
    # Plain integers only: not a bool, a string of digits or a float (an
    # infinite one cannot even become an integer).
    if type(choices) is not list or any(type(c) is not int for c in choices):
        return Recorded("invalid", "Réponse illisible.")
    chosen = set(choices)
    if not chosen or not chosen <= set(range(count)):
        return Recorded("invalid", "Choisissez une réponse.")
    if game.question["type"] != "choix_multiples" and len(chosen) != 1:
        return Recorded("invalid", "Une seule réponse pour cette question.")
    return chosen


def record_answers(game_id: int, answers: list[tuple]) -> list[Recorded]:
    """Record answers to a game, each `(player_id, index, choices, now)` with
    `now` the moment it arrived: one transaction for all, each answer at most
    once. The answers of a training day arrive by the hundred within seconds;
    written together they cost one commit instead of one each."""
    game = Game.objects.get(pk=game_id)
    results: list[Recorded | None] = [None] * len(answers)
    valid: dict[int, set[int]] = {}
    for i, (player, index, choices, now) in enumerate(answers):
        # One bad answer must never cost its neighbours theirs.
        try:
            checked = _checked(game, index, choices, now)
        except Exception:
            logger.exception(
                "Cyberquiz: answer of player %s to game %s unreadable", player, game_id
            )
            checked = Recorded("invalid", "Réponse illisible.")
        if isinstance(checked, Recorded):
            results[i] = checked
        else:
            valid[i] = checked
    if valid:
        with transaction.atomic():
            _write(game, answers, valid, results)
    if any(r.status == "ok" for r in results):
        answered, players = answer_count(game)
        results = [
            Recorded("ok", "", answered, players) if r.status == "ok" else r for r in results
        ]
    return results


def _write(game: Game, answers: list[tuple], valid: dict[int, set[int]], results: list) -> None:
    """Inside a transaction: the answers of `valid` and their players' scores."""
    question = game.question
    ids = {answers[i][0] for i in valid}
    # Locked, in a fixed order, before the answers already given are read: a
    # process writing for the same player (a phone connected to two workers)
    # waits for this one, then finds its answer; two processes never deadlock.
    # On SQLite, IMMEDIATE transactions queue the writers the same way.
    players = {
        p.pk: p
        for p in Player.objects.select_for_update()
        .filter(pk__in=ids, game_id=game.pk, removed=False)
        .order_by("pk")
    }
    done = set(
        Answer.objects.filter(player_id__in=ids, index=game.index).values_list(
            "player_id", flat=True
        )
    )
    rows, changed = [], {}
    for i, chosen in valid.items():
        player_id, _index, _choices, now = answers[i]
        player = players.get(player_id)
        if player is None:
            results[i] = Recorded("closed", "Vous ne faites plus partie de la partie.")
            continue
        if player_id in done:
            results[i] = Recorded("duplicate", "Vous avez déjà répondu.")
            continue
        try:  # one answer that cannot be scored must not cost the others theirs
            elapsed = (now - game.options_at).total_seconds()
            outcome = scoring.points(
                chosen=chosen,
                correct=set(question["correct"]),
                options=len(question["options"]),
                elapsed=elapsed,
                limit=game.seconds,
                speed=game.speed,
                streak_before=player.streak,
                streak_bonus=game.streak_bonus,
            )
            row = Answer(
                game=game,
                player=player,
                index=game.index,
                choices=sorted(chosen),
                elapsed_ms=round(max(0.0, elapsed) * 1000),
                correct=outcome.correct,
                points=outcome.points,
                at=now,
            )
        except Exception:
            logger.exception(
                "Cyberquiz: answer of player %s to game %s not scored", player_id, game.pk
            )
            results[i] = Recorded("invalid", "Réponse illisible.")
            continue
        done.add(player_id)
        rows.append(row)
        player.score += outcome.points
        player.streak = outcome.streak
        changed[player.pk] = player
        results[i] = Recorded("ok")
    Answer.objects.bulk_create(rows)
    # The rows are locked: their scores can be written as computed here.
    Player.objects.bulk_update(changed.values(), ["score", "streak"])


# What screens show ------------------------------------------------------------


def ranking(game_id: int, limit: int | None = None) -> list[dict]:
    """The active players, best first, with rank (ties share a rank) and
    streak: all of them, or the first `limit`, whose ranks depend on no one
    after them."""
    rows = list(
        Player.objects.filter(game_id=game_id, removed=False)
        .order_by("-score", "joined_at", "pk")
        .values("id", "pseudonym", "score", "streak")[:limit]
    )
    rank, last = 0, None
    for position, row in enumerate(rows, start=1):
        if row["score"] != last:
            rank, last = position, row["score"]
        row["rank"] = rank
    return rows


def standing(game_id: int, player_id: int, index: int) -> dict:
    """One player's own part of what its phone shows: score, rank (as in
    `ranking`), number of active players, and its answer to question `index`
    (None if it has not answered)."""
    row = Player.objects.filter(pk=player_id).values_list("score", "streak").first()
    score, streak = row or (0, 0)
    counts = Player.objects.filter(game_id=game_id, removed=False).aggregate(
        players=Count("id"),
        above=Count("id", filter=Q(score__gt=score)),
        next_score=Min("score", filter=Q(score__gt=score)),
    )
    answer = (
        Answer.objects.filter(player_id=player_id, index=index)
        .values("choices", "correct", "points")
        .first()
    )
    return {
        "score": score,
        "rank": counts["above"] + 1,
        "players": counts["players"],
        "answer": answer,
        "streak": streak,
        # Points behind the next higher score; None at the top.
        "gap": None if counts["next_score"] is None else counts["next_score"] - score,
    }


def state(game: Game, now: datetime | None = None) -> dict:
    """The public state of a game, the same for every screen."""
    now = now or timezone.now()
    q = game.question
    data = {
        "phase": game.phase,
        "seq": game.seq,
        "index": game.index,
        "total": len(game.questions),
        "title": game.title,
        "ends_in_ms": max(0, round((game.phase_ends_at - now).total_seconds() * 1000))
        if game.phase_ends_at
        else None,
        "seconds": game.seconds,
    }
    if q and game.phase != Phase.LOBBY:
        data["type"] = q["type"]
        data["type_label"] = TYPE_LABELS[q["type"]]
    if q and game.phase in (Phase.QUESTION, Phase.ANSWERING, Phase.REVEAL):
        data["text"] = q["text"]
    if q and game.phase in (Phase.ANSWERING, Phase.REVEAL):
        data["options"] = q["options"]
    if q and game.phase == Phase.REVEAL:
        counts = _distribution(game)
        data.update(
            correct=q["correct"],
            explanation=q["explanation"],
            source=q["source"],
            distribution=counts,
        )
    if game.phase == Phase.PODIUM:
        # The game is over: every question, to review on the phones.
        data["review"] = [
            {
                "text": question["text"],
                "answers": [question["options"][i] for i in question["correct"]],
                "explanation": question["explanation"],
                "source": question["source"],
            }
            for question in game.questions
        ]
    if game.phase in (Phase.SCORES, Phase.PODIUM, Phase.REVEAL):
        top = ranking(game.pk, limit=3 if game.phase == Phase.PODIUM else 5)
        data["top"] = [
            {"pseudonym": r["pseudonym"], "score": r["score"], "rank": r["rank"]} for r in top
        ]
        if game.phase == Phase.SCORES and game.index > 0:
            before = previous_ranks(game.pk, game.index, [r["id"] for r in top])
            for row, r in zip(data["top"], top, strict=True):
                # Places gained (> 0) or lost (< 0) since the previous question.
                row["moved"] = before[r["id"]] - r["rank"]
    return data


def previous_ranks(game_id: int, index: int, ids: list[int]) -> dict[int, int]:
    """The rank of players `ids` before question `index` was scored: their
    score less that question's points, ties sharing a rank as in `ranking`."""
    won = dict(
        Answer.objects.filter(game_id=game_id, index=index).values_list("player_id", "points")
    )
    scores = {
        pid: score - won.get(pid, 0)
        for pid, score in Player.objects.filter(game_id=game_id, removed=False).values_list(
            "id", "score"
        )
    }
    ordered = sorted(scores.values())
    return {pid: rank_among(scores.get(pid, 0), ordered) for pid in ids}


def rank_among(score: int, ordered: list[int]) -> int:
    """1 + how many of the `ordered` scores (ascending) are above `score`."""
    return 1 + len(ordered) - bisect.bisect_right(ordered, score)


def _distribution(game: Game) -> list[int]:
    counts = [0] * len(game.question["options"])
    for choices in Answer.objects.filter(game=game, index=game.index).values_list(
        "choices", flat=True
    ):
        for c in choices:
            if 0 <= c < len(counts):
                counts[c] += 1
    return counts


def purge(now: datetime | None = None) -> int:
    """Delete the players (pseudonyms and answers) of games older than
    QUIZ_KEEP_DAYS; the games' anonymous figures stay. Returns how many went."""
    now = now or timezone.now()
    limit = now - timedelta(days=settings.QUIZ_KEEP_DAYS)
    old = Game.objects.filter(created__lt=limit)
    for game in old.filter(ended_at=None):  # abandoned before the podium
        finish(game, now)
    count = 0
    for game in old.filter(players__isnull=False).distinct().select_related("org"):
        with transaction.atomic():
            removed = Player.objects.filter(game=game).count()
            Player.objects.filter(game=game).delete()
            # The organisation's journal keeps that the game's players went, not who they were.
            record(
                action="quiz.players_purged",
                org=game.org,
                obj=game,
                details={"joueurs": removed},
            )
        count += removed
    return count
