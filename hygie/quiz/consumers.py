"""The cyberquiz over WebSockets: one consumer for the host screen, one per phone.

Every message goes to the game's own group (`quiz-<id>`), never to others.
The host's connection drives the clock: it sleeps until the current phase's
deadline, then asks for the transition, which only one asker can win (see
engine). Each process subscribes once per game for all the phones it serves
(`relay.Relay`): the public state travels in the group message, the process
reads the ranking and the answers of a reveal once, then writes to each of
its phones. Answers are written in batches (`relay.Desk`), timed when they
arrive.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Callable
from http.cookies import SimpleCookie
from typing import Any

from asgiref.sync import sync_to_async
from channels.consumer import get_handler_name
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from channels.layers import get_channel_layer
from django.db import close_old_connections, connection
from django.utils import timezone

from hygie.quiz import engine, protocol, relay
from hygie.quiz import ranks as ranks_fr
from hygie.quiz.models import Answer, Game, Phase, Player

logger = logging.getLogger(__name__)
db = database_sync_to_async


def _record(game_id: int, items: list[tuple]) -> list[engine.Recorded]:
    close_old_connections()
    try:
        return engine.record_answers(game_id, items)
    finally:
        close_old_connections()


async def write_answers(game_id: int, items: list[tuple]) -> list[engine.Recorded]:
    """Write a batch of answers. On PostgreSQL, in a thread of its own, beside
    the database thread the consumers share; SQLite has one writer anyway,
    so it goes through that thread."""
    parallel = connection.vendor != "sqlite"
    return await sync_to_async(_record, thread_sensitive=not parallel)(game_id, items)


async def after_answers(layer, game_id: int, results: list[engine.Recorded]) -> None:
    """Once a batch is written: the count on the host screen, and the reveal
    when every player has answered."""
    ok = [r for r in results if r.status == "ok"]
    if not ok:
        return
    await layer.group_send(
        host_group(game_id),
        {"type": "game.count", "answered": ok[-1].answered, "players": ok[-1].players},
    )
    if ok[-1].answered >= ok[-1].players:
        game = await db(Game.objects.get)(pk=game_id)
        moved = await db(engine.close_answers)(game)
        if moved is not None:
            await broadcast(layer, moved)


def group(game_id: int) -> str:
    return f"quiz-{game_id}"


def host_group(game_id: int) -> str:
    return f"quiz-{game_id}-host"


def _players(game_id: int) -> list[dict]:
    return list(
        Player.objects.filter(game_id=game_id, removed=False)
        .order_by("joined_at", "pk")
        .values("id", "pseudonym")
    )


async def broadcast(channel_layer, game: Game) -> None:
    """Send a game's new state to every screen of that game."""
    state = await db(engine.state)(game)
    # When the server sent it (seconds since the epoch): lets a screen, or
    # bench/quiz, measure how long the message took to arrive.
    state["sent_at"] = time.time()
    await channel_layer.group_send(group(game.pk), {"type": "game.state", "state": state})


def _read_views(game_id: int, index: int) -> dict:
    ranks = {r["id"]: r for r in engine.ranking(game_id)}
    answers = {
        pid: (correct, points)
        for pid, correct, points in Answer.objects.filter(game_id=game_id, index=index).values_list(
            "player_id", "correct", "points"
        )
    }
    return {
        "ranks": ranks,
        "answers": answers,
        "gaps": ranks_fr.gaps({pid: r["score"] for pid, r in ranks.items()}),
    }


async def shared_views(subscription: relay.Relay, game_id: int, seq: int, index: int) -> dict:
    """What the phones of a game need after a transition: read once per
    process, however many of them ask at once. Kept by the process's
    subscription to the game, and gone with it."""
    views = subscription.memo
    future = views.get(seq)
    if future is None:
        future = views[seq] = asyncio.get_running_loop().create_future()
        for old in [s for s in views if s < seq - 2]:
            views.pop(old, None)
        try:
            future.set_result(await db(_read_views)(game_id, index))
        except Exception as exc:  # the waiters must not hang
            views.pop(seq, None)
            future.set_exception(exc)
            raise
    return await future


RESULTS = (Phase.REVEAL, Phase.SCORES, Phase.PODIUM)


class QuizConsumer(AsyncJsonWebsocketConsumer):
    # protocol.player_message or protocol.host_message: reads a frame, or
    # refuses it with protocol.Malformed.
    parse: Callable[[str | None, bytes | None], Any]

    async def dispatch(self, message):
        """As channels does, without its hop to the database thread before
        every message: each database call here goes through `db()`, which
        closes stale connections itself. A thousand phones would otherwise
        queue a thousand hops behind the answers being written."""
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)

    async def receive(self, text_data=None, bytes_data=None, **kwargs):
        """Every frame is checked (`protocol`) before anything acts on it; a
        malformed one gets an error frame, and the connection stays open."""
        try:
            message = self.parse(text_data, bytes_data)
        except protocol.Malformed as refused:
            await self.send_json({"type": "error", "message": str(refused)})
            return
        await self.handle(message)

    async def handle(self, message) -> None:
        raise NotImplementedError


class HostConsumer(QuizConsumer):
    parse = staticmethod(protocol.host_message)

    async def connect(self):
        self.game_id = int(self.scope["url_route"]["kwargs"]["game"])
        if not await db(self.allowed)():
            await self.close(code=4403)
            return
        await self.channel_layer.group_add(group(self.game_id), self.channel_name)
        await self.channel_layer.group_add(host_group(self.game_id), self.channel_name)
        await self.accept()
        game = await db(Game.objects.get)(pk=self.game_id)
        await self.send_json({"type": "state", "state": await db(engine.state)(game)})
        await self.send_json({"type": "players", "players": await db(_players)(self.game_id)})
        if game.phase == Phase.ANSWERING:  # a reloaded host screen gets the count back
            answered, players = await db(engine.answer_count)(game)
            await self.send_json({"type": "count", "answered": answered, "players": players})
        self.wake = asyncio.Event()
        self.driver = asyncio.create_task(self.drive())
        self.listing: asyncio.Task | None = None

    def allowed(self) -> bool:
        from hygie.orgs.models import Membership

        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            return False
        game = Game.objects.select_related("org").filter(pk=self.game_id).first()
        if game is None:
            return False
        membership = Membership.objects.filter(user=user, org=game.org).first()
        if membership is None or not membership.can("quiz.host"):
            return False
        return not game.org.require_mfa or _verified(self.scope)

    async def disconnect(self, code):
        for task in (getattr(self, "driver", None), getattr(self, "listing", None)):
            if task is not None:
                task.cancel()
        await self.channel_layer.group_discard(group(self.game_id), self.channel_name)
        await self.channel_layer.group_discard(host_group(self.game_id), self.channel_name)

    async def drive(self):
        """Advance the game when its phase's time is up."""
        while True:
            game = await db(Game.objects.get)(pk=self.game_id)
            if game.phase == Phase.PODIUM:
                return
            if game.phase_ends_at is None:
                await self.wake.wait()
                self.wake.clear()
                continue
            wait = (game.phase_ends_at - timezone.now()).total_seconds()
            if wait > 0:
                try:
                    await asyncio.wait_for(self.wake.wait(), timeout=wait)
                    self.wake.clear()
                    continue
                except TimeoutError:
                    pass
            moved = await db(engine.due)(game)
            if moved is not None:
                await broadcast(self.channel_layer, moved)
            else:
                # Someone else moved it: its state message will wake us.
                await asyncio.sleep(0.05)

    async def handle(self, message: protocol.Action):
        game = await db(Game.objects.get)(pk=self.game_id)
        moved = None
        if message.name == "start":
            moved = await db(engine.start)(game)
        elif message.name == "next":
            moved = await db(engine.next_step)(game)
        elif message.name == "close":
            moved = await db(engine.close_answers)(game)
        elif message.name == "end":
            moved = await db(engine.finish)(game)
        elif message.name == "remove" and await db(engine.remove_player)(game, message.player):
            await self.channel_layer.group_send(
                group(self.game_id), {"type": "game.removed", "player": message.player}
            )
        if moved is not None:
            await broadcast(self.channel_layer, moved)

    async def game_state(self, event):
        await self.send_json({"type": "state", "state": event["state"]})
        if hasattr(self, "wake"):
            self.wake.set()

    async def game_count(self, event):
        await self.send_json(
            {"type": "count", "answered": event["answered"], "players": event["players"]}
        )

    async def game_players(self, event):
        # Players join by the hundred at the start: the list is read again at
        # most four times a second, not once per arrival.
        if getattr(self, "listing", None) is None:
            self.listing = asyncio.ensure_future(self.send_players())

    async def send_players(self):
        await asyncio.sleep(0.25)
        self.listing = None
        await self.send_json({"type": "players", "players": await db(_players)(self.game_id)})

    async def game_removed(self, event):
        await self.game_players(event)


def _verified(scope) -> bool:
    """Whether the session passed its second factor (django-otp's mark)."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.models import Device

    session = scope.get("session")
    persistent_id = session.get(DEVICE_ID_SESSION_KEY) if session else None
    device = Device.from_persistent_id(persistent_id) if persistent_id else None
    return device is not None and device.user_id == scope["user"].pk


async def to_phones(message: dict, phones: list) -> None:
    """A group message, written to this process's phones of the game."""
    if message["type"] == "game.state" and phones:
        state = message["state"]
        views = None
        if state["phase"] in RESULTS:
            views = await shared_views(
                phones[0].relay, phones[0].game_id, state["seq"], state["index"]
            )
        text = json.dumps(state)
        for phone in phones:
            try:
                await phone.push(state, text, views)
            except Exception:  # noqa: S112 (a phone gone meanwhile: the others still get it)
                continue
    elif message["type"] == "game.removed":
        for phone in phones:
            if phone.player_id == message["player"]:
                await phone.send_json({"type": "removed"})
                await phone.close(code=4000)


class PlayerConsumer(QuizConsumer):
    # No channel of its own: the process's relay writes to it.
    channel_layer_alias = None
    parse = staticmethod(protocol.player_message)

    async def connect(self):
        pin = self.scope["url_route"]["kwargs"]["pin"]
        found = await db(self.identify)(pin)
        if found is None:
            await self.close(code=4401)
            return
        self.game_id, self.player_id, self.pseudonym = found
        self.layer = get_channel_layer()
        self.relay = await relay.attach(self.layer, group(self.game_id), self, to_phones)
        await self.accept()
        game = await db(Game.objects.get)(pk=self.game_id)
        await self.send_first_state(await db(engine.state)(game))
        await self.layer.group_send(host_group(self.game_id), {"type": "game.players"})

    def identify(self, pin: str):
        game = engine.game_for_pin(pin)
        if game is None:
            return None
        cookies = SimpleCookie()
        for name, value in self.scope.get("headers", []):
            if name == b"cookie":
                cookies.load(value.decode("latin-1"))
        morsel = cookies.get(engine.cookie_name(pin))
        player = engine.player_from_token(morsel.value, game) if morsel else None
        return (game.pk, player.pk, player.pseudonym) if player else None

    async def disconnect(self, code):
        if hasattr(self, "relay"):
            await relay.detach(self.relay, self)

    async def handle(self, message: protocol.Answer):
        answer = (self.player_id, message.index, message.choices, timezone.now())
        here = relay.here()
        if here.desk is None:
            here.desk = relay.Desk(write_answers, after_answers)
        try:
            recorded = await here.desk.submit(self.layer, self.game_id, answer)
        except Exception:
            # The batch could not be written (the database, not the answer):
            # the phone may try again, its connection stays open.
            logger.exception("Cyberquiz: answer of player %s not written", self.player_id)
            recorded = engine.Recorded("error", "Réponse non enregistrée : réessayez.")
        await self.send_json(
            {"type": "ack", "status": recorded.status, "message": recorded.message}
        )

    async def send_first_state(self, state: dict):
        """The state when the phone (re)connects: mid-game, with its own
        answer and score read from its rows. Not from `shared_views`: read
        once per phase, they are as old as the phase, and answers keep
        arriving while it lasts."""
        me: dict = {"pseudonym": self.pseudonym}
        if state["index"] >= 0:
            mine = await db(engine.standing)(self.game_id, self.player_id, state["index"])
            answer = mine["answer"]
            me.update(
                score=mine["score"],
                rank=mine["rank"],
                players=mine["players"],
                answered=answer is not None,
                streak=mine["streak"],
                gap=mine["gap"],
            )
            _labels(me)
            if answer is not None:
                me["choices"] = answer["choices"]
                if state["phase"] in RESULTS:
                    me.update(correct=answer["correct"], points=answer["points"])
        await self.send_json({"type": "state", "state": state, "me": me})

    async def push(self, state: dict, text: str, views: dict | None):
        """The state (`text`, its JSON), with this phone's score and rank
        when `views` are given (after a reveal)."""
        me = {"pseudonym": self.pseudonym}
        if views is not None:
            mine = views["ranks"].get(self.player_id, {"score": 0, "rank": None})
            me.update(
                score=mine["score"],
                rank=mine["rank"],
                players=len(views["ranks"]),
                streak=mine.get("streak", 0),
                gap=views["gaps"].get(self.player_id),
            )
            _labels(me)
            answer = views["answers"].get(self.player_id)
            me["answered"] = answer is not None
            if answer is not None and state["phase"] in RESULTS:
                me.update(correct=answer[0], points=answer[1])
        await self.send(
            text_data='{"type":"state","state":' + text + ',"me":' + json.dumps(me) + "}"
        )


def _labels(me: dict) -> None:
    """The rank and the gap as the phone writes them (« 2e sur 42 »)."""
    if me.get("rank"):
        me["rank_label"] = ranks_fr.rank_label(me["rank"], me["players"])
        me["gap_label"] = ranks_fr.gap_label(me["gap"])
