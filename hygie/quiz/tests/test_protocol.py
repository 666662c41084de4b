"""Hostile messages over the game's WebSockets: each is refused with an error
frame, the socket stays open, and no honest answer is lost."""

from __future__ import annotations

import asyncio
import json
import random
import string
from datetime import timedelta

from asgiref.sync import async_to_sync, sync_to_async
from django.test import SimpleTestCase, override_settings

from hygie.quiz import consumers, engine, protocol, relay
from hygie.quiz.models import Answer, Player
from hygie.quiz.tests.base import TIMEOUT, LiveBase

# Values that are never a valid question index, option or player id.
JUNK = [
    "NaN", "-NaN", "Infinity", "-Infinity", "1e400", "-1e400", "1e5", "1.5", "0.0", "-0.0",
    "9" * 40, "-" + "9" * 40, str(2**63), str(-(2**63)), "-1", "true", "false", "null",
    '"²"', '"١"', '"٣"', '"𝟙"', '"1"', '"0"', '"12²"', '""', '"\\u00b2"', '"\\ud800"',
    "[]", "{}", "[0]", '{"0": 0}', "[[1]]",
]  # fmt: skip
CHARS = string.printable + "²³¹١٢٣۴߁०১𝟙½ⅫΑАаé\u200b\u202e\x00\U0001f600"


def _text(rng: random.Random, size: int) -> str:
    return "".join(rng.choice(CHARS) for _ in range(size))


def _value(rng: random.Random, depth: int = 0) -> str:
    """Any JSON value, as text: junk, strings, numbers, arrays, objects."""
    kind = rng.randrange(6 if depth < 4 else 3)
    if kind == 0:
        return rng.choice(JUNK)
    if kind == 1:
        return json.dumps(_text(rng, rng.randrange(12)))
    if kind == 2:
        return str(rng.choice([rng.randrange(-(10**6), 10**6), rng.getrandbits(100)]))
    if kind == 3:
        return "[" + ",".join(_value(rng, depth + 1) for _ in range(rng.randrange(4))) + "]"
    if kind == 4:
        return "[" * (depth + 2) + rng.choice(JUNK) + "]" * (depth + 2)
    items = (f"{json.dumps(_text(rng, 3))}:{_value(rng, depth + 1)}" for _ in range(3))
    return "{" + ",".join(items) + "}"


def _framed(rng: random.Random, good: str, fields: list[str]) -> str | bytes:
    """Around one honest message `good`: a hostile frame, text or binary."""
    kind = rng.randrange(9)
    if kind == 0:  # binary frames, even one holding an honest message
        return rng.choice([rng.randbytes(rng.randrange(64)), good.encode()])
    if kind == 1:  # not JSON: cut short, garbage, nothing
        return rng.choice([good[: rng.randrange(len(good))], _text(rng, rng.randrange(40))])
    if kind == 2:  # JSON, not an object
        return rng.choice([_value(rng), "[" + good + "]", json.dumps(good)])
    if kind == 3:  # an unknown key beside honest ones
        return good[:-1] + f', "{_text(rng, 4).replace(chr(34), "")}x": {_value(rng)}}}'
    if kind == 4:  # a key missing
        data = json.loads(good)
        data.pop(rng.choice(fields))
        return json.dumps(data)
    if kind == 5:  # too long: padded, a long list, deep nesting, a long string
        return rng.choice(
            [
                good + " " * protocol.MAX_CHARS,
                '{"index": 0, "answer": [' + ",".join(["0"] * 5000) + "]}",
                "[" * 5000 + "]" * 5000,
                '{"action": "' + "x" * 10_000 + '"}',
            ]
        )
    return ""  # the caller puts a junk value in a field


def player_frames(rng: random.Random, count: int) -> list[str | bytes]:
    good = '{"index": 0, "answer": [1]}'
    frames = []
    for _ in range(count):
        frame = _framed(rng, good, ["index", "answer"])
        if frame == "" and rng.random() < 0.4:
            frame = f'{{"index": {rng.choice([*JUNK, "99999", "32768"])}, "answer": [1]}}'
        elif frame == "":
            # Never an honest answer: a list holding 9 (no such option), or junk.
            answer = rng.choice(
                [
                    rng.choice([j for j in JUNK if j != "[0]"]),
                    f"[{_value(rng)}, 9]",
                    f"[{rng.choice(JUNK)}, 1]",
                    "[0, 1, 2, 3, 0]",
                ]
            )
            frame = f'{{"index": 0, "answer": {answer}}}'
        frames.append(frame)
    return frames


def host_frames(rng: random.Random, count: int) -> list[str | bytes]:
    frames = []
    for _ in range(count):
        good = rng.choice(['{"action": "next"}', '{"action": "remove", "player": 1}'])
        frame = _framed(rng, good, ["action"])
        if frame == "" and rng.random() < 0.5:
            name = rng.choice(
                [_value(rng), json.dumps(_text(rng, rng.randrange(1, 9))), '"Start"',
                 '"start "', '"ｓｔａｒｔ"', '"remove\\u0000"', '"st\\u0430rt"', '"next", "x": 1']
            )  # fmt: skip
            frame = f'{{"action": {name}}}'
        elif frame == "":
            player = rng.choice([*JUNK, "0", f"[{_value(rng)}]"])
            frame = f'{{"action": "remove", "player": {player}}}'
        frames.append(frame)
    return frames


def honest(frame: str | bytes, parse) -> bool:
    try:
        parse(
            frame if isinstance(frame, str) else None, frame if isinstance(frame, bytes) else None
        )
    except protocol.Malformed:
        return False
    return True


class ProtocolTestCase(SimpleTestCase):
    def test_it_reads_the_honest_messages(self):
        self.assertEqual(
            protocol.player_message('{"index": 2, "answer": [0, 3]}'), protocol.Answer(2, [0, 3])
        )
        self.assertEqual(protocol.host_message('{"action": "start"}'), protocol.Action("start"))
        self.assertEqual(
            protocol.host_message('{"action": "remove", "player": 12}'),
            protocol.Action("remove", 12),
        )

    def test_it_refuses_numbers_that_are_not_plain_integers(self):
        for text in ("[Infinity]", "[NaN]", "[-Infinity]", "[1e400]", "[1.0]", "[true]", '["1"]'):
            with self.subTest(text), self.assertRaises(protocol.Malformed):
                protocol.player_message(f'{{"index": 0, "answer": {text}}}')
        for player in ('"²"', '"١"', '"12"', "0", "true", "1.5", str(2**63), "1e3"):
            with self.subTest(player), self.assertRaises(protocol.Malformed):
                protocol.host_message(f'{{"action": "remove", "player": {player}}}')

    def test_the_generated_messages_are_all_hostile(self):
        # The fuzz below expects an error frame for each: none may be honest.
        rng = random.Random(15)
        self.assertFalse(any(honest(f, protocol.player_message) for f in player_frames(rng, 2000)))
        self.assertFalse(any(honest(f, protocol.host_message) for f in host_frames(rng, 2000)))


@override_settings(QUIZ_ANNOUNCE_SECONDS=0.1)
class HostileMessageTestCase(LiveBase):
    async def refused(self, ws, frame: str | bytes) -> dict:
        """Send `frame`; its answer must be an error frame."""
        if isinstance(frame, bytes):
            await ws.send_to(bytes_data=frame)
        else:
            await ws.send_to(text_data=frame)
        while True:
            message = await ws.receive_json_from(timeout=TIMEOUT)
            self.assertNotEqual(message["type"], "ack", f"{frame!r} reached the answers")
            if message["type"] == "error":
                return message

    def test_an_infinite_answer_spoils_no_honest_answer_of_its_batch(self):
        async_to_sync(self._infinity)()

    async def _infinity(self):
        game = await sync_to_async(self.game)()
        host = await self.host(game)
        players = [(await self.player(game, n))[0] for n in ("Castor Prudent", "Loutre Agile",
                                                             "Hibou Sage", "Renard Malin")]  # fmt: skip
        *honest_phones, troll = players
        await host.send_json_to({"action": "start"})
        for ws in players:
            await self.until(ws, "answering")
        # The desk is kept busy: the four answers wait to go in the same batch.
        desk = relay.here().desk = relay.Desk(consumers.write_answers, consumers.after_answers)
        desk.worker = asyncio.get_running_loop().create_future()
        await troll.send_to(text_data='{"index": 0, "answer": [Infinity]}')
        for ws in honest_phones:
            await ws.send_json_to({"index": 0, "answer": [1]})
        for _ in range(500):
            queued = len(desk.pending.get(game.pk, []))
            if queued == 4 or (queued == 3 and not troll.output_queue.empty()):
                break
            await asyncio.sleep(0.01)
        desk.worker = asyncio.ensure_future(desk._drain())
        for ws in honest_phones:
            self.assertEqual((await self.until(ws, "", kind="ack"))["status"], "ok")
        error = await self.until(troll, "", kind="error")
        self.assertEqual(error["message"], protocol.UNREADABLE)
        # Every socket is still open: the troll can still answer properly.
        await troll.send_json_to({"index": 0, "answer": [0]})
        self.assertEqual((await self.until(troll, "", kind="ack"))["status"], "ok")
        for ws in players:
            self.assertTrue((await self.until(ws, "reveal"))["me"]["answered"])
        self.assertEqual(await sync_to_async(Answer.objects.filter(game=game).count)(), 4)
        for ws in (host, *players):
            await ws.disconnect()

    def test_the_host_removing_a_non_ascii_digit_keeps_its_screen(self):
        async_to_sync(self._superscript)()

    async def _superscript(self):
        game = await sync_to_async(self.game)()
        host = await self.host(game)
        phone, _ = await self.player(game, "Castor Prudent")
        for player in ("²", "١", "12²", 10**30, True, -1, None, [1]):
            error = await self.refused(host, json.dumps({"action": "remove", "player": player}))
            self.assertIn(error["message"], (protocol.BAD_PLAYER, protocol.UNREADABLE))
        listed = await self.until(host, "", kind="players")
        while not listed["players"]:
            listed = await self.until(host, "", kind="players")
        await host.send_json_to({"action": "remove", "player": listed["players"][0]["id"]})
        self.assertEqual((await self.until(phone, "", kind="removed"))["type"], "removed")
        await host.disconnect()

    def test_fuzzed_messages_never_break_a_screen(self):
        async_to_sync(self._fuzz)()

    async def _fuzz(self):
        rng = random.Random(15)
        game = await sync_to_async(self.game)()
        host = await self.host(game)
        phone, _ = await self.player(game, "Castor Prudent")
        for frame in host_frames(rng, 150):
            await self.refused(host, frame)
        await host.send_json_to({"action": "start"})
        await self.until(phone, "answering")
        for frame in player_frames(rng, 150):
            await self.refused(phone, frame)
        # Both screens still work: an answer counts, the host moves on.
        await phone.send_json_to({"index": 0, "answer": [1]})
        self.assertEqual((await self.until(phone, "", kind="ack"))["status"], "ok")
        await self.until(host, "reveal")
        await host.send_json_to({"action": "next"})
        await self.until(host, "scores")
        self.assertEqual(
            await sync_to_async(Player.objects.filter(game=game, removed=False).count)(), 1
        )
        for ws in (host, phone):
            await ws.disconnect()

    def test_a_bad_item_in_a_batch_fails_none_of_its_neighbours(self):
        game = self.game()
        lynx, heron, panda, troll = (
            engine.join(game, n) for n in ["Lynx Futé", "Héron Sage", "Panda Zen", "Troll"]
        )
        engine.start(game)
        game.refresh_from_db()
        game = engine.due(game, game.phase_ends_at)
        opened = game.options_at
        batch = [
            (lynx.pk, 0, [1], opened + timedelta(seconds=2)),
            (troll.pk, 0, [float("inf")], opened),
            (heron.pk, 0, [0], opened + timedelta(seconds=10)),
            (troll.pk, 0, [float("nan")], opened),
            (troll.pk, 0, [True], opened),
            (troll.pk, 0, [1], None),  # no time of arrival
            (troll.pk, 0, None, opened),
            (panda.pk, 0, [1], opened),
        ]
        with self.assertLogs("hygie.quiz.engine", "ERROR") as logged:
            results = engine.record_answers(game.pk, batch)
        self.assertEqual(len(logged.records), 1)  # the answer without a time of arrival
        statuses = [r.status for r in results]
        self.assertEqual(statuses, ["ok", "invalid", "ok", *["invalid"] * 4, "ok"])
        rows = dict(Answer.objects.filter(game=game).values_list("player_id", "choices"))
        self.assertEqual(rows, {lynx.pk: [1], heron.pk: [0], panda.pk: [1]})
