"""Live games through Hygie's real ASGI application, with several WebSocket clients:
a whole game, two games at once, a reconnect, a late answer, exactly-once answers."""

from __future__ import annotations

import asyncio
import threading
import time
from datetime import timedelta

from asgiref.sync import async_to_sync, sync_to_async
from channels.layers import channel_layers
from channels.testing.websocket import WebsocketCommunicator
from django.db import IntegrityError, connection, connections, transaction
from django.test import TransactionTestCase, override_settings
from django.utils import timezone

from hygie.asgi import application
from hygie.orgs.models import Kind, Organisation
from hygie.quiz import engine
from hygie.quiz.models import Answer, Game, OrgQuestion, Player
from hygie.quiz.tests.base import ORIGIN, TIMEOUT, LayerTestCase, LiveBase, options


@override_settings(QUIZ_ANNOUNCE_SECONDS=0.1)
class LiveTestCase(LiveBase):
    def test_a_whole_game(self):
        async_to_sync(self._whole_game)()

    async def _whole_game(self):
        game = await sync_to_async(self.game)()
        host = await self.host(game)
        alice, _ = await self.player(game, "Castor Prudent")
        bob, _ = await self.player(game, "Loutre Agile")
        players = await self.until(host, "", kind="players")
        while len(players["players"]) < 2:
            players = await self.until(host, "", kind="players")

        await host.send_json_to({"action": "start"})
        announce = await self.until(alice, "announce")
        self.assertEqual(announce["state"]["type_label"], "Vrai ou faux")
        self.assertNotIn("options", announce["state"])
        answering = await self.until(alice, "answering")
        self.assertEqual(answering["state"]["options"], ["Vrai", "Faux"])
        await self.until(bob, "answering")

        await alice.send_json_to({"index": 0, "answer": [1]})
        self.assertEqual((await alice.receive_json_from(timeout=TIMEOUT))["status"], "ok")
        count = await self.until(host, "", kind="count")
        self.assertEqual((count["answered"], count["players"]), (1, 2))
        # A second answer to the same question is refused.
        await alice.send_json_to({"index": 0, "answer": [0]})
        self.assertEqual((await alice.receive_json_from(timeout=TIMEOUT))["status"], "duplicate")
        await bob.send_json_to({"index": 0, "answer": [0]})
        self.assertEqual((await bob.receive_json_from(timeout=TIMEOUT))["status"], "ok")

        # Everyone has answered: the reveal comes at once.
        reveal = await self.until(alice, "reveal")
        self.assertEqual(reveal["state"]["correct"], [1])
        self.assertEqual(reveal["state"]["distribution"], [1, 1])
        self.assertEqual(reveal["state"]["explanation"], "Il en faut bien plus.")
        self.assertTrue(reveal["me"]["correct"])
        self.assertGreater(reveal["me"]["points"], 900)
        self.assertEqual(reveal["me"]["rank"], 1)
        bob_reveal = await self.until(bob, "reveal")
        self.assertFalse(bob_reveal["me"]["correct"])
        self.assertEqual((bob_reveal["me"]["points"], bob_reveal["me"]["rank"]), (0, 2))
        # The phone's words for the rank, and how far the one ahead is.
        self.assertEqual(reveal["me"]["rank_label"], "1er sur 2")
        self.assertEqual(reveal["me"]["gap_label"], "En tête !")
        self.assertEqual(reveal["me"]["streak"], 1)
        self.assertEqual(bob_reveal["me"]["rank_label"], "2e sur 2")
        self.assertEqual(bob_reveal["me"]["gap"], reveal["me"]["points"])
        self.assertEqual(bob_reveal["me"]["streak"], 0)

        await host.send_json_to({"action": "next"})
        scores = await self.until(host, "scores")
        self.assertEqual(scores["state"]["top"][0]["pseudonym"], "Castor Prudent")
        await host.send_json_to({"action": "next"})
        announce = await self.until(bob, "announce")
        self.assertEqual(announce["state"]["type_label"], "Plusieurs bonnes réponses possibles")
        await self.until(bob, "answering")
        # Multiple choice: half of the right options, no wrong one: half the points.
        await bob.send_json_to({"index": 1, "answer": [0]})
        self.assertEqual((await bob.receive_json_from(timeout=TIMEOUT))["status"], "ok")
        await alice.send_json_to({"index": 1, "answer": [0, 2]})
        reveal = await self.until(bob, "reveal")
        self.assertFalse(reveal["me"]["correct"])
        self.assertTrue(400 < reveal["me"]["points"] <= 500)

        await host.send_json_to({"action": "next"})
        podium = await self.until(alice, "podium")
        self.assertEqual(
            [r["pseudonym"] for r in podium["state"]["top"]], ["Castor Prudent", "Loutre Agile"]
        )
        self.assertEqual(podium["me"]["rank"], 1)
        # Every question to review, with its right answers and its source.
        review = podium["state"]["review"]
        self.assertEqual(review[0]["answers"], ["Faux"])
        self.assertEqual(review[0]["explanation"], "Il en faut bien plus.")
        self.assertEqual(len(review), 2)
        ended = await sync_to_async(Game.objects.get)(pk=game.pk)
        self.assertIsNotNone(ended.ended_at)
        self.assertEqual([q["answers"] for q in ended.summary], [2, 2])
        for ws in (host, alice, bob):
            await ws.disconnect()

    def test_the_clock_closes_the_answers_and_late_answers_are_refused(self):
        async_to_sync(self._clock)()

    async def _clock(self):
        game = await sync_to_async(self.game)(seconds=1)
        host = await self.host(game)
        alice, _ = await self.player(game, "Hibou Sage")
        panda, _ = await self.player(game, "Panda Zen")
        await host.send_json_to({"action": "start"})
        await self.until(alice, "answering")
        # Nobody answers: the server's clock ends the phase.
        reveal = await self.until(alice, "reveal")
        self.assertEqual(reveal["state"]["distribution"], [0, 0])
        await alice.send_json_to({"index": 0, "answer": [1]})
        self.assertEqual((await alice.receive_json_from(timeout=TIMEOUT))["status"], "closed")
        for ws in (host, alice, panda):
            await ws.disconnect()

    def test_an_answer_after_the_deadline_is_late(self):
        game = self.game(seconds=5)
        player = engine.join(game, "Lynx Futé")
        engine.start(game)
        game.refresh_from_db()
        now = game.phase_ends_at
        game = engine.due(game, now)
        self.assertEqual(game.phase, "answering")
        late = engine.record_answer(
            player.pk, game.pk, 0, [1], now=game.phase_ends_at + timedelta(milliseconds=1)
        )
        self.assertEqual(late.status, "late")
        on_time = engine.record_answer(player.pk, game.pk, 0, [1], now=game.phase_ends_at)
        self.assertEqual(on_time.status, "ok")
        self.assertEqual(Answer.objects.get(player=player).points, 500)

    def test_a_batch_of_answers_counts_each_once(self):
        game = self.game()
        names = ["Lynx Futé", "Héron Sage", "Panda Zen", "Koala Agile"]
        lynx, heron, panda, koala = (engine.join(game, n) for n in names)
        engine.remove_player(game, koala.pk)
        engine.start(game)
        game.refresh_from_db()
        game = engine.due(game, game.phase_ends_at)
        opened = game.options_at
        results = engine.record_answers(
            game.pk,
            [
                (lynx.pk, 0, [1], opened + timedelta(seconds=2)),
                (lynx.pk, 0, [0], opened + timedelta(seconds=3)),  # the same phone again
                (heron.pk, 0, [0], opened + timedelta(seconds=10)),
                (panda.pk, 0, [1], game.phase_ends_at + timedelta(milliseconds=1)),
                (koala.pk, 0, [1], opened),  # removed by the host
                (panda.pk, 1, [0], opened),  # not the open question
                (panda.pk, 0, [0, 1], opened),  # one answer only for vrai/faux
            ],
        )
        statuses = [r.status for r in results]
        self.assertEqual(statuses, ["ok", "duplicate", "ok", "late", "closed", "closed", "invalid"])
        # Each answer is timed from the moment it arrived, not from its writing.
        self.assertEqual((results[0].answered, results[0].players), (2, 3))
        rows = dict(Answer.objects.filter(game=game).values_list("player_id", "elapsed_ms"))
        self.assertEqual(rows, {lynx.pk: 2000, heron.pk: 10000})
        scores = dict(Player.objects.filter(game=game).values_list("pk", "score"))
        self.assertEqual((scores[lynx.pk], scores[heron.pk], scores[panda.pk]), (950, 0, 0))

    def test_a_phone_answering_through_two_processes_at_once_counts_once(self):
        # Another worker writes lynx's answer and has not committed yet: this
        # one waits for it, then refuses the second answer as a duplicate.
        if connection.vendor == "sqlite":
            self.skipTest("PostgreSQL: the test database of SQLite is in memory, one writer.")
        game = self.game()
        lynx, heron = engine.join(game, "Lynx Futé"), engine.join(game, "Héron Sage")
        engine.start(game)
        game.refresh_from_db()
        game = engine.due(game, game.phase_ends_at)
        opened = game.options_at
        written, first = threading.Event(), []

        def other_worker():
            try:
                with transaction.atomic():
                    first.extend(engine.record_answers(game.pk, [(lynx.pk, 0, [1], opened)]))
                    written.set()
                    time.sleep(0.5)  # not committed yet
            finally:
                connections.close_all()

        thread = threading.Thread(target=other_worker)
        thread.start()
        self.assertTrue(written.wait(10))
        results = engine.record_answers(
            game.pk,
            [
                (lynx.pk, 0, [0], opened + timedelta(seconds=1)),
                (heron.pk, 0, [1], opened + timedelta(seconds=1)),
            ],
        )
        thread.join()
        self.assertEqual([r.status for r in first + results], ["ok", "duplicate", "ok"])
        rows = dict(Answer.objects.filter(game=game).values_list("player_id", "choices"))
        self.assertEqual(rows, {lynx.pk: [1], heron.pk: [1]})
        scores = dict(Player.objects.filter(game=game).values_list("pk", "score"))
        self.assertEqual((scores[lynx.pk], scores[heron.pk]), (1000, 975))

    def test_the_top_of_the_ranking_is_read_alone(self):
        game = self.game()
        for name, score in [("Lynx", 200), ("Héron", 300), ("Panda", 300), ("Koala", 100)]:
            Player.objects.filter(pk=engine.join(game, name).pk).update(score=score)
        full = engine.ranking(game.pk)
        self.assertEqual([(r["pseudonym"], r["rank"]) for r in full][:3],
                         [("Héron", 1), ("Panda", 1), ("Lynx", 3)])  # fmt: skip
        self.assertEqual(engine.ranking(game.pk, limit=3), full[:3])

    def test_one_subscription_per_process_for_its_phones(self):
        async_to_sync(self._relay)()

    async def _relay(self):
        from channels.layers import get_channel_layer

        from hygie.quiz import relay
        from hygie.quiz.consumers import group

        game = await sync_to_async(self.game)()
        layer = get_channel_layer()
        phones = [(await self.player(game, f"Joueur {i}"))[0] for i in range(3)]
        subscription = relay.here().relays[(id(layer), group(game.pk))]
        self.assertEqual(len(subscription.members), 3)
        if hasattr(layer, "groups"):  # the in-process layer: the group holds one channel
            self.assertEqual(list(layer.groups[group(game.pk)]), [subscription.channel])
        host = await self.host(game)
        await host.send_json_to({"action": "start"})
        for ws in phones:
            self.assertEqual((await self.until(ws, "announce"))["state"]["index"], 0)
        for ws in phones:
            await ws.disconnect()
        # The last phone gone, the process leaves the game's group.
        self.assertNotIn((id(layer), group(game.pk)), relay.here().relays)
        self.assertTrue(subscription.task.cancelled() or subscription.task.done())
        if hasattr(layer, "groups"):
            self.assertNotIn(subscription.channel, layer.groups.get(group(game.pk), {}))
        await host.disconnect()

    def test_two_games_at_once_never_mix(self):
        async_to_sync(self._two_games)()

    async def _two_games(self):
        first = await sync_to_async(self.game)()
        second = await sync_to_async(self.game)()
        host_a, host_b = await self.host(first), await self.host(second)
        a, _ = await self.player(first, "Renard Malin")
        b, _ = await self.player(second, "Renard Malin")  # the same pseudonym, another game
        self.assertEqual((await b.receive_json_from(timeout=TIMEOUT))["state"]["phase"], "lobby")
        await host_a.send_json_to({"action": "start"})
        await self.until(a, "answering")
        # The other game's player hears nothing: its game is still in the lobby.
        self.assertTrue(await b.receive_nothing(timeout=0.5))
        await a.send_json_to({"index": 0, "answer": [1]})
        await self.until(a, "reveal")
        self.assertTrue(await b.receive_nothing(timeout=0.3))
        second_state = await sync_to_async(Game.objects.get)(pk=second.pk)
        self.assertEqual(second_state.phase, "lobby")
        for ws in (host_a, host_b, a, b):
            await ws.disconnect()

    def test_a_player_comes_back_with_the_same_pseudonym_and_score(self):
        async_to_sync(self._reconnect)()

    async def _reconnect(self):
        game = await sync_to_async(self.game)()
        host = await self.host(game)
        alice, token = await self.player(game, "Marmotte Serein")
        tortue, _ = await self.player(game, "Tortue Tenace")
        await host.send_json_to({"action": "start"})
        await self.until(alice, "answering")
        await alice.send_json_to({"index": 0, "answer": [1]})
        await alice.receive_json_from(timeout=TIMEOUT)
        await alice.disconnect()  # the phone loses the network
        again, _ = await self.player(game, "", token=token)
        state = await again.receive_json_from(timeout=TIMEOUT)
        self.assertEqual(state["me"]["pseudonym"], "Marmotte Serein")
        self.assertEqual(state["state"]["phase"], "answering")
        await again.send_json_to({"index": 0, "answer": [0]})
        self.assertEqual((await again.receive_json_from(timeout=TIMEOUT))["status"], "duplicate")
        # A forged or foreign token is refused.
        bad = WebsocketCommunicator(
            application,
            f"/ws/quiz/jouer/{game.pin}/",
            headers=[ORIGIN, (b"cookie", f"{engine.cookie_name(game.pin)}={token}x".encode())],
        )
        connected, _ = await bad.connect(timeout=TIMEOUT)
        self.assertFalse(connected)
        for ws in (host, again, tortue):
            await ws.disconnect()

    def test_a_phone_back_while_answers_arrive_gets_its_own_answer_and_score(self):
        async_to_sync(self._reconnect_answering)()

    async def _reconnect_answering(self):
        game = await sync_to_async(self.game)()
        host = await self.host(game)
        alice, alice_token = await self.player(game, "Marmotte Serein")
        bob, bob_token = await self.player(game, "Tortue Tenace")
        carol, _ = await self.player(game, "Colibri Zen")  # keeps the answers open
        await host.send_json_to({"action": "start"})
        for ws in (alice, bob, carol):
            await self.until(ws, "answering")
        # Another phone comes back first: what the phase shares is read then.
        await bob.disconnect()
        bob, _ = await self.player(game, "", token=bob_token)
        self.assertFalse((await self.until(bob, "answering"))["me"]["answered"])
        await alice.send_json_to({"index": 0, "answer": [1]})
        self.assertEqual((await self.until(alice, "", kind="ack"))["status"], "ok")
        await alice.disconnect()
        alice, _ = await self.player(game, "", token=alice_token)
        first = await self.until(alice, "answering")
        score = await sync_to_async(
            Player.objects.filter(game=game, pseudonym="Marmotte Serein")
            .values_list("score", flat=True)
            .get
        )()
        self.assertGreater(score, 900)
        self.assertEqual(
            {k: first["me"].get(k) for k in ("answered", "choices", "score", "rank", "players")},
            {"answered": True, "choices": [1], "score": score, "rank": 1, "players": 3},
        )
        self.assertEqual((first["me"]["rank_label"], first["me"]["streak"]), ("1er sur 3", 1))
        # Bob, back again: 2e, as far behind Alice as her score.
        await bob.disconnect()
        bob, _ = await self.player(game, "", token=bob_token)
        back = await self.until(bob, "answering")
        self.assertEqual((back["me"]["rank_label"], back["me"]["gap"]), ("2e sur 3", score))
        for ws in (host, alice, bob, carol):
            await ws.disconnect()

    def test_the_host_removes_a_player(self):
        async_to_sync(self._remove)()

    async def _remove(self):
        game = await sync_to_async(self.game)()
        host = await self.host(game)
        troll, token = await self.player(game, "Castor Prudent")
        listed = await self.until(host, "", kind="players")
        while not listed["players"]:
            listed = await self.until(host, "", kind="players")
        await host.send_json_to({"action": "remove", "player": listed["players"][0]["id"]})
        self.assertEqual((await self.until(troll, "", kind="removed"))["type"], "removed")
        listed = await self.until(host, "", kind="players")
        self.assertEqual(listed["players"], [])
        # Its token no longer lets it back in.
        again = WebsocketCommunicator(
            application,
            f"/ws/quiz/jouer/{game.pin}/",
            headers=[ORIGIN, (b"cookie", f"{engine.cookie_name(game.pin)}={token}".encode())],
        )
        connected, _ = await again.connect(timeout=TIMEOUT)
        self.assertFalse(connected)
        await host.disconnect()

    def test_concurrent_answers_count_exactly_once(self):
        async_to_sync(self._concurrent)()

    async def _concurrent(self):
        game = await sync_to_async(self.game)()
        host = await self.host(game)
        phones = [await self.player(game, f"Joueur {i}") for i in range(12)]
        await host.send_json_to({"action": "start"})
        for ws, _ in phones:
            await self.until(ws, "answering")
        # Every phone sends its answer three times, all at once.
        await asyncio.gather(
            *(ws.send_json_to({"index": 0, "answer": [1]}) for ws, _ in phones for _ in range(3))
        )
        statuses = []
        for ws, _ in phones:
            for _ in range(3):
                message = await self.until(ws, "", kind="ack")
                statuses.append(message["status"])
        self.assertEqual(statuses.count("ok"), 12)
        # The others are refused: as duplicates, or as closed once all had answered.
        self.assertEqual(statuses.count("duplicate") + statuses.count("closed"), 24)
        self.assertEqual(await sync_to_async(Answer.objects.filter(game=game).count)(), 12)
        scores = await sync_to_async(list)(
            Player.objects.filter(game=game).values_list("score", flat=True)
        )
        self.assertTrue(all(900 < s <= 1000 for s in scores))
        await host.disconnect()
        for ws, _ in phones:
            await ws.disconnect()

    def test_only_members_host(self):
        async_to_sync(self._intruder)()

    async def _intruder(self):
        game = await sync_to_async(self.game)()
        ws = WebsocketCommunicator(application, f"/ws/quiz/{game.pk}/animer/", headers=[ORIGIN])
        connected, _ = await ws.connect(timeout=TIMEOUT)
        self.assertFalse(connected)
        # From another site's page: refused before anything else.
        foreign = WebsocketCommunicator(
            application,
            f"/ws/quiz/jouer/{game.pin}/",
            headers=[(b"origin", b"https://evil.example")],
        )
        connected, _ = await foreign.connect(timeout=TIMEOUT)
        self.assertFalse(connected)


class PseudonymTestCase(TransactionTestCase):
    def test_pseudonyms(self):
        org = Organisation.objects.create(name="GRADeS", kind=Kind.APPUI)
        q = OrgQuestion.objects.create(
            org=org, type="vrai_faux", text="Question ?", options=options("Vrai", "Faux"),
            explanation="Explication.", theme="rgpd", source="RGPD",
        )  # fmt: skip
        game = engine.create_game(org, title="T", keys=[f"org:{q.pk}"], host=None)
        self.assertEqual(len(engine.proposals(game)), 3)
        engine.join(game, "Castor Prudent")
        cases = [
            ("castor  prudent", "déjà pris"),
            ("x", "de 2 à 20 caractères"),
            ("<script>", "Lettres, chiffres"),
            ("Gros Connard", "n'est pas accepté"),
            ("Gros C0nnard", "n'est pas accepté"),
            ("Gros C\u043ennard", "n'est pas accepté"),  # a Cyrillic o
        ]
        for text, message in cases:
            with self.subTest(text), self.assertRaisesMessage(engine.Refused, message):
                engine.join(game, text)
        self.assertNotIn("Castor Prudent", engine.proposals(game, count=3))
        self.assertEqual(Player.objects.filter(game=game).count(), 1)
        self.assertIsNotNone(timezone.now())

    def test_a_look_alike_of_a_taken_pseudonym_is_refused(self):
        org = Organisation.objects.create(name="GRADeS", kind=Kind.APPUI)
        q = OrgQuestion.objects.create(
            org=org, type="vrai_faux", text="Question ?", options=options("Vrai", "Faux"),
            explanation="Explication.", theme="rgpd", source="RGPD",
        )  # fmt: skip
        game = engine.create_game(org, title="T", keys=[f"org:{q.pk}"], host=None)
        engine.join(game, "Alice")
        look_alikes = [
            "\u0410lice",  # a Cyrillic capital A
            "\u0410l\u0456\u0441\u0435",  # Cyrillic A, i, c and e
            "\u0391LICE",  # a Greek capital alpha
            "A1ice",
            "\uff21\uff4c\uff49\uff43\uff45",  # fullwidth letters
        ]
        for text in look_alikes:
            with self.subTest(text), self.assertRaisesMessage(engine.Refused, "déjà pris"):
                engine.join(game, text)
        with self.assertRaisesMessage(engine.Refused, "ressemble trop à « Alice », déjà pris"):
            engine.join(game, look_alikes[0])
        engine.join(game, "Alicia")
        # The database refuses one too, should it come another way.
        with self.assertRaises(IntegrityError), transaction.atomic():
            Player.objects.create(game=game, pseudonym="\u0410lice")
        self.assertEqual(
            sorted(Player.objects.filter(game=game).values_list("pseudonym", flat=True)),
            ["Alice", "Alicia"],
        )


class RelayTestCase(LayerTestCase):
    def test_phones_served_by_two_processes_get_the_same_message(self):
        # Two layer objects stand for two worker processes: with Redis each has
        # its own client prefix, as separate processes do.
        async_to_sync(self._two_processes)()

    async def _two_processes(self):
        from channels.layers import get_channel_layer

        from hygie.quiz import relay

        first = get_channel_layer()
        second = (
            channel_layers.make_backend("default") if hasattr(first, "client_prefix") else first
        )
        got: list[tuple[str, dict]] = []

        async def deliver(message, members):
            got.extend((m, message) for m in members)

        relays = [
            await relay.attach(first, "quiz-relais", "phone-a", deliver),
            await relay.attach(second, "quiz-relais", "phone-b", deliver),
            await relay.attach(second, "quiz-relais", "phone-c", deliver),
        ]
        self.assertIs(relays[1], relays[2])  # one subscription per process
        await first.group_send("quiz-relais", {"type": "game.state", "state": {"seq": 1}})
        for _ in range(100):
            if len(got) == 3:
                break
            await asyncio.sleep(0.05)
        self.assertEqual(sorted(m for m, _ in got), ["phone-a", "phone-b", "phone-c"])
        self.assertTrue(all(message["state"] == {"seq": 1} for _, message in got))
        for subscription, member in zip(relays, ["phone-a", "phone-b", "phone-c"], strict=True):
            await relay.detach(subscription, member)
        await first.group_send("quiz-relais", {"type": "game.state", "state": {"seq": 2}})
        await asyncio.sleep(0.3)
        self.assertEqual(len(got), 3)  # nobody subscribed any more


class QuietPhoneTestCase(LayerTestCase):
    def test_a_phone_waiting_longer_than_the_layer_blocks_stays_connected(self):
        # channels-redis blocks 5 s waiting for a message; the Redis client must
        # not time out first (with the in-process layer this passes trivially).
        async_to_sync(self._quiet)()

    async def _quiet(self):
        from channels.layers import get_channel_layer

        layer = get_channel_layer()
        channel = await layer.new_channel()
        await layer.group_add("quiz-quiet", channel)
        waiting = asyncio.ensure_future(layer.receive(channel))
        await asyncio.sleep(6.5)
        self.assertFalse(waiting.done() and waiting.exception() is not None)
        await layer.group_send("quiz-quiet", {"type": "game.state", "state": {}})
        message = await asyncio.wait_for(waiting, timeout=5)
        self.assertEqual(message["type"], "game.state")
        await layer.group_discard("quiz-quiet", channel)


class CancelTestCase(LayerTestCase):
    """Python 3.11's `wait_for`, which redis-py sends each command through, can
    lose a cancellation arriving as the command completes. A screen that
    disconnects must still stop receiving."""

    def test_a_cancellation_lost_in_a_redis_command_still_stops_the_receive(self):
        async_to_sync(self._lost)()

    async def _lost(self):
        from channels.layers import get_channel_layer

        layer = get_channel_layer()
        if not hasattr(layer, "connection"):
            self.skipTest("Redis layer only: HYGIE_REDIS_URL is not set.")
        channel = await layer.new_channel()
        connection = layer.connection(layer.consistent_hash(layer.non_local_name(channel)))
        bzpopmin = connection.bzpopmin

        async def losing_a_cancellation(*args, **kwargs):
            # As wait_for does when the reply and the cancellation come together.
            try:
                return await bzpopmin(*args, **kwargs)
            except asyncio.CancelledError:
                return None

        connection.bzpopmin = losing_a_cancellation
        receiving = asyncio.ensure_future(layer.receive(channel))
        await asyncio.sleep(0.3)  # polling Redis by now
        receiving.cancel()
        done, _ = await asyncio.wait([receiving], timeout=8)
        if not done:  # stop it for good, or the test's event loop never closes
            connection.bzpopmin = bzpopmin
            receiving.cancel()
            await asyncio.wait([receiving], timeout=8)
        self.assertTrue(done, "the receive went on polling Redis after its cancellation")
        self.assertTrue(receiving.cancelled())
