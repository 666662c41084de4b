"""The cyberquiz load run's data: one organisation, its host, one game; and
the count of the game's answers once it is over.

Run by run.py in a subprocess with the environment of the server it started
(HYGIE_DATA_DIR, and HYGIE_DATABASE_URL for PostgreSQL), once the server is
up: `hygie serve` has migrated the database and loaded the content library,
so the bank's questions are there. Everything goes through Hygie's own
functions (create_user, create_org, engine.create_game).

    seed.py create --questions 10 --seconds 20 --question-delay 1
    seed.py count --game 12

Each prints one line of JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hygie.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.utils import timezone  # noqa: E402

from hygie.accounts.models import User  # noqa: E402
from hygie.content import library  # noqa: E402
from hygie.orgs.actions import create_org  # noqa: E402
from hygie.orgs.models import Kind, Profession  # noqa: E402
from hygie.quiz import engine  # noqa: E402
from hygie.quiz.models import Answer, Game, Player  # noqa: E402

HOST_EMAIL = "animatrice@quiz-bench.example"
HOST_PASSWORD = "Banc-Quiz-Hygie-2026"


def create(args: argparse.Namespace) -> dict:
    bank = library.items("quiz-questions")
    if len(bank) < args.questions:
        sys.exit(f"The bank has {len(bank)} questions: is the content library loaded?")
    picked = random.Random(args.random_seed).sample(bank, args.questions)
    host = User.objects.filter(email=HOST_EMAIL).first()
    if host is None:
        host = User.objects.create_user(
            HOST_EMAIL,
            HOST_PASSWORD,
            full_name="Claire Animatrice",
            email_confirmed_at=timezone.now(),
        )
        org = create_org(
            name="Cabinet du cyberquiz",
            kind=Kind.MSP,
            profession=Profession.PLURIPROFESSIONNEL,
            creator=host,
        )
    else:
        org = host.memberships.get().org
    game = engine.create_game(
        org,
        title="Cyberquiz de charge",
        keys=[f"bank:{q['id']}" for q in picked],
        host=host,
        seconds=args.seconds,
        question_delay=args.question_delay,
    )
    return {
        "game": game.pk,
        "pin": game.pin,
        "org": org.code,
        "email": HOST_EMAIL,
        "password": HOST_PASSWORD,
        "bank_size": len(bank),
        "questions": [q["key"] for q in game.questions],
        "types": [q["type"] for q in game.questions],
        "channel_layer": settings.CHANNEL_LAYERS["default"]["BACKEND"],
        "channel_layer_config": settings.CHANNEL_LAYERS["default"].get("CONFIG", {}),
    }


def count(args: argparse.Namespace) -> dict:
    game = Game.objects.get(pk=args.game)
    per_question = {
        row["index"]: row["n"]
        for row in Answer.objects.filter(game=game).values("index").annotate(n=Count("id"))
    }
    return {
        "phase": game.phase,
        "ended": game.ended_at is not None,
        "players": Player.objects.filter(game=game).count(),
        "answers": Answer.objects.filter(game=game).count(),
        "answers_per_question": [per_question.get(i, 0) for i in range(len(game.questions))],
        "summary_answers": [q["answers"] for q in game.summary],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="action", required=True)
    make = sub.add_parser("create", help="the organisation, its host and one game")
    make.add_argument("--questions", type=int, default=10)
    make.add_argument("--seconds", type=int, default=20)
    make.add_argument("--question-delay", type=int, default=1)
    make.add_argument("--random-seed", type=int, default=1)
    check = sub.add_parser("count", help="the game's answers in the database")
    check.add_argument("--game", type=int, required=True)
    args = parser.parse_args()
    result = create(args) if args.action == "create" else count(args)
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
