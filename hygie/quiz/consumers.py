"""The cyberquiz over WebSockets: one consumer for the host screen, one per phone.

Every message goes to the game's own group (`quiz-<id>`), never to others.
The host's connection drives the clock: it sleeps until the current phase's
deadline, then asks for the transition, which only one asker can win (see
engine). What every phone shows of a phase is computed once per process: the
public state travels in the group message, and each process reads the
ranking and the answers of a reveal once for all its phones.
"""

from __future__ import annotations

import asyncio
import json
import time
from http.cookies import SimpleCookie

from asgiref.sync import sync_to_async
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.db import close_old_connections, connection
from django.utils import timezone

from hygie.quiz import engine
from hygie.quiz.models import Answer, Game, Phase, Player

db = database_sync_to_async


def _record(player_id: int, game_id: int, index, choices: list) -> engine.Recorded:
    close_old_connections()
    try:
        return engine.record_answer(player_id, game_id, index, choices)
    finally:
        close_old_connections()


async def record(player_id: int, game_id: int, index, choices: list) -> engine.Recorded:
    """Record an answer. On PostgreSQL, answers arriving together are written
    by several threads at once (each transaction stands alone); SQLite has one
    writer anyway, so they queue on the database thread."""
    parallel = connection.vendor != "sqlite"
    return await sync_to_async(_record, thread_sensitive=not parallel)(
        player_id, game_id, index, choices
    )


def group(game_id: int) -> str:
    return f"quiz-{game_id}"


def host_group(game_id: int) -> str:
    return f"quiz-{game_id}-host"


def cookie_name(pin: str) -> str:
    return f"hygie_quiz_{pin}"


def _players(game_id: int) -> list[dict]:
    return list(
        Player.objects.filter(game_id=game_id, removed=False)
        .order_by("joined_at", "pk")
        .values("id", "pseudonym")
    )


def _count(game: Game) -> tuple[int, int]:
    answered = Answer.objects.filter(game=game, index=game.index).count()
    return answered, engine.active_players(game.pk)


async def broadcast(channel_layer, game: Game) -> None:
    """Send a game's new state to every screen of that game."""
    state = await db(engine.state)(game)
    # When the server sent it (seconds since the epoch): lets a screen, or
    # bench/quiz, measure how long the message took to arrive.
    state["sent_at"] = time.time()
    await channel_layer.group_send(group(game.pk), {"type": "game.state", "state": state})


# Per process: what the phones of a game need after a transition, read once.
_views: dict[tuple[int, int], asyncio.Future] = {}


def _read_views(game_id: int, index: int) -> dict:
    ranks = {r["id"]: r for r in engine.ranking(game_id)}
    answers = {
        pid: (correct, points)
        for pid, correct, points in Answer.objects.filter(game_id=game_id, index=index).values_list(
            "player_id", "correct", "points"
        )
    }
    return {"ranks": ranks, "answers": answers}


async def shared_views(game_id: int, seq: int, index: int) -> dict:
    key = (game_id, seq)
    future = _views.get(key)
    if future is None:
        future = asyncio.get_running_loop().create_future()
        _views[key] = future
        for old in [k for k in _views if k[0] == game_id and k[1] < seq - 2]:
            _views.pop(old, None)
        try:
            future.set_result(await db(_read_views)(game_id, index))
        except Exception as exc:  # the waiters must not hang
            _views.pop(key, None)
            future.set_exception(exc)
            raise
    return await future


RESULTS = (Phase.REVEAL, Phase.SCORES, Phase.PODIUM)
_encoded: dict[int, tuple[dict, str]] = {}


def encoded(state: dict) -> str:
    """The JSON of a state, computed once for all the phones of a process."""
    key = id(state)
    hit = _encoded.get(key)
    if hit is None or hit[0] is not state:
        if len(_encoded) > 256:
            _encoded.clear()
        hit = _encoded[key] = (state, json.dumps(state))
    return hit[1]


class HostConsumer(AsyncJsonWebsocketConsumer):
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
            answered, players = await db(_count)(game)
            await self.send_json({"type": "count", "answered": answered, "players": players})
        self.wake = asyncio.Event()
        self.driver = asyncio.create_task(self.drive())

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
        driver = getattr(self, "driver", None)
        if driver is not None:
            driver.cancel()
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

    async def receive_json(self, content, **kwargs):
        action = content.get("action")
        game = await db(Game.objects.get)(pk=self.game_id)
        moved = None
        if action == "start":
            moved = await db(engine.start)(game)
        elif action == "next":
            moved = await db(engine.next_step)(game)
        elif action == "close":
            moved = await db(engine.close_answers)(game)
        elif action == "end":
            moved = await db(engine.finish)(game)
        elif action == "remove" and str(content.get("player", "")).isdigit():
            player = int(content["player"])
            if await db(engine.remove_player)(game, player):
                await self.channel_layer.group_send(
                    group(self.game_id), {"type": "game.removed", "player": player}
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


class PlayerConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self):
        pin = self.scope["url_route"]["kwargs"]["pin"]
        found = await db(self.identify)(pin)
        if found is None:
            await self.close(code=4401)
            return
        self.game_id, self.player_id, self.pseudonym = found
        await self.channel_layer.group_add(group(self.game_id), self.channel_name)
        await self.accept()
        game = await db(Game.objects.get)(pk=self.game_id)
        await self.send_state(await db(engine.state)(game), connecting=True)
        await self.channel_layer.group_send(host_group(self.game_id), {"type": "game.players"})

    def identify(self, pin: str):
        game = Game.objects.filter(pin=pin).order_by("-created").first()
        if game is None:
            return None
        cookies = SimpleCookie()
        for name, value in self.scope.get("headers", []):
            if name == b"cookie":
                cookies.load(value.decode("latin-1"))
        morsel = cookies.get(cookie_name(pin))
        player = engine.player_from_token(morsel.value, game) if morsel else None
        return (game.pk, player.pk, player.pseudonym) if player else None

    async def disconnect(self, code):
        if hasattr(self, "game_id"):
            await self.channel_layer.group_discard(group(self.game_id), self.channel_name)

    async def receive_json(self, content, **kwargs):
        if "answer" not in content or not isinstance(content["answer"], list):
            return
        recorded = await record(
            self.player_id, self.game_id, content.get("index", -1), content["answer"][:4]
        )
        await self.send_json(
            {"type": "ack", "status": recorded.status, "message": recorded.message}
        )
        if recorded.status != "ok":
            return
        await self.channel_layer.group_send(
            host_group(self.game_id),
            {"type": "game.count", "answered": recorded.answered, "players": recorded.players},
        )
        if recorded.answered >= recorded.players:
            game = await db(Game.objects.get)(pk=self.game_id)
            moved = await db(engine.close_answers)(game)
            if moved is not None:
                await broadcast(self.channel_layer, moved)

    async def send_state(self, state: dict, *, connecting: bool = False):
        """The public state, and what this phone shows of itself: its score and
        rank after a reveal, or when it (re)connects mid-game."""
        me = {"pseudonym": self.pseudonym}
        if (connecting and state["index"] >= 0) or state["phase"] in RESULTS:
            views = await shared_views(self.game_id, state["seq"], state["index"])
            mine = views["ranks"].get(self.player_id, {"score": 0, "rank": None})
            me.update(score=mine["score"], rank=mine["rank"], players=len(views["ranks"]))
            answer = views["answers"].get(self.player_id)
            me["answered"] = answer is not None
            if answer is not None and state["phase"] in RESULTS:
                me.update(correct=answer[0], points=answer[1])
        # The state is the same for every phone: encoded once per process.
        await self.send(
            text_data='{"type":"state","state":' + encoded(state) + ',"me":' + json.dumps(me) + "}"
        )

    async def game_state(self, event):
        await self.send_state(event["state"])

    async def game_count(self, event):
        pass

    async def game_players(self, event):
        pass

    async def game_removed(self, event):
        if event["player"] == self.player_id:
            await self.send_json({"type": "removed"})
            await self.close(code=4000)
