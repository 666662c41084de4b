"""Simulated phones and the host's screen of one cyberquiz game, over loopback.

Run by run.py as a process of its own, against a running `hygie serve` and a
game seeded by seed.py. In one asyncio loop:

1. the host screen opens its WebSocket with the host's sign-in cookie;
2. the server's memory is read (every process of its process group);
3. N players join as a phone does, at most --concurrency at a time: the PIN
   page, the pseudonym page (CSRF cookie and token), the pseudonym posted
   (the `hygie_quiz_<pin>` cookie comes back), the game page, then the
   WebSocket; the time of each join is measured;
4. once the host screen lists N players, the server's memory is read again
   and the host starts the game; after each reveal it asks for the scores,
   then for the next question (or the podium), a short pause before each;
5. each phone answers every question once, after a random 0.5 to 5 s from the
   moment its options arrived, and times the server's acknowledgement; every
   state message it receives gives a broadcast latency (its arrival time
   minus the `sent_at` the server stamped it with: one machine, one clock).

It writes every figure as JSON to --out.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import json
import math
import os
import random
import re
import resource
import sys
import time
import urllib.parse
from collections import Counter, defaultdict, deque
from pathlib import Path

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed
from websockets.frames import Frame, Opcode

USER_AGENT = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36"
)
TICKS = os.sysconf("SC_CLK_TCK")
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


def raise_file_limit() -> int:
    """As many file descriptors as the hard limit allows: one per socket."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY:
        hard = 1 << 20
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


# --- The server's processes -------------------------------------------------------


def server_processes(group: int) -> list[dict]:
    """Every process of the server's process group (run.py starts it in one
    of its own): pid, command, RSS and PSS in kB, CPU ticks used so far."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            fields = stat[stat.rindex(")") + 2 :].split()
            if int(fields[2]) != group:
                continue
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            rss = int(fields[21]) * PAGE_SIZE // 1024
            pss = None
            rollup = entry / "smaps_rollup"
            for line in rollup.read_text().splitlines() if rollup.exists() else []:
                if line.startswith("Pss:"):
                    pss = int(line.split()[1])
                    break
        except (OSError, ValueError, IndexError):
            continue
        found.append(
            {
                "pid": int(entry.name),
                # Paths relative to the working folder (run.py's: the project).
                "command": cmdline.strip().replace(os.getcwd() + "/", "")[:120],
                "rss_kb": rss,
                "pss_kb": pss,
                "cpu_ticks": int(fields[11]) + int(fields[12]),
            }
        )
    return sorted(found, key=lambda p: p["pid"])


def memory(group: int) -> dict:
    processes = server_processes(group)
    return {
        "rss_kb": sum(p["rss_kb"] for p in processes),
        "pss_kb": sum(p["pss_kb"] or 0 for p in processes),
        "processes": [{k: p[k] for k in ("pid", "command", "rss_kb", "pss_kb")} for p in processes],
    }


def machine_busy_ticks() -> int:
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return sum(fields[:8]) - fields[3] - fields[4]


class CpuClock:
    """Cores used between two marks: the server's processes, this process, all."""

    def __init__(self, group: int):
        self.group = group

    def mark(self) -> dict:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return {
            "time": time.monotonic(),
            "server": {p["pid"]: p["cpu_ticks"] for p in server_processes(self.group)},
            "client": usage.ru_utime + usage.ru_stime,
            "busy": machine_busy_ticks(),
        }

    @staticmethod
    def cores(before: dict, after: dict) -> dict:
        seconds = max(after["time"] - before["time"], 1e-6)
        per_process = {
            pid: (ticks - before["server"].get(pid, 0)) / TICKS / seconds
            for pid, ticks in after["server"].items()
        }
        server = sum(per_process.values())
        client = (after["client"] - before["client"]) / seconds
        busy = (after["busy"] - before["busy"]) / TICKS / seconds
        return {
            "seconds": round(seconds, 1),
            "server": round(server, 2),
            "server_per_process": sorted((round(c, 2) for c in per_process.values()), reverse=True),
            "players_process": round(client, 2),
            "machine": round(busy, 2),
            "other": round(max(busy - server - client, 0), 2),
        }


class GcPauses:
    """The garbage collector's pauses in this process: a long one delays every
    message read meanwhile, and would show as broadcast latency."""

    def __init__(self):
        self.pauses: list[float] = []
        self._started = 0.0
        gc.callbacks.append(self)

    def __call__(self, phase: str, info: dict) -> None:
        if phase == "start":
            self._started = time.perf_counter()
        else:
            self.pauses.append(time.perf_counter() - self._started)

    def figures(self) -> dict:
        return {
            "collections": len(self.pauses),
            "total_ms": round(sum(self.pauses) * 1000, 1),
            "max_ms": round(max(self.pauses, default=0) * 1000, 1),
            "over_20_ms": sum(1 for p in self.pauses if p > 0.02),
        }


# --- Figures -----------------------------------------------------------------------


def summary(seconds: list[float]) -> dict | None:
    """p50, p95, p99, max and mean in milliseconds (nearest rank)."""
    if not seconds:
        return None
    values = sorted(seconds)

    def rank(p: float) -> float:
        return values[max(math.ceil(p * len(values)) - 1, 0)]

    return {
        "n": len(values),
        "p50": round(rank(0.50) * 1000, 1),
        "p95": round(rank(0.95) * 1000, 1),
        "p99": round(rank(0.99) * 1000, 1),
        "max": round(values[-1] * 1000, 1),
        "mean": round(sum(values) / len(values) * 1000, 1),
    }


class StampedConnection(ClientConnection):
    """A WebSocket that notes when each message's bytes came off the socket.

    One process reads a thousand sockets, and a phone has one: the time a
    message came off the socket leaves out this process's own backlog (the
    loop parses the data of every ready socket before it runs the coroutines
    that read the messages). Both times are kept; here they differ by a few
    milliseconds. A pause of this whole process (its garbage collector, see
    GcPauses) delays both.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.arrivals: deque[float] = deque()
        self._arrived = 0.0

    def data_received(self, data: bytes) -> None:
        self._arrived = time.time()
        super().data_received(data)

    def process_event(self, event) -> None:
        if (
            self.response is not None
            and isinstance(event, Frame)
            and event.opcode in (Opcode.TEXT, Opcode.BINARY, Opcode.CONT)
            and event.fin
        ):
            self.arrivals.append(self._arrived)
        super().process_event(event)


def arrival(ws: StampedConnection) -> float:
    """When the message just read came off the socket."""
    return ws.arrivals.popleft() if ws.arrivals else time.time()


# --- HTTP, as small as a phone's needs --------------------------------------------


class HttpError(Exception):
    pass


async def http(
    host: str, port: int, method: str, path: str, headers: dict, body: bytes = b""
) -> tuple[int, list[tuple[str, str]], bytes]:
    """One HTTP/1.1 request on a connection of its own; status, headers, body."""
    reader, writer = await asyncio.open_connection(host, port)
    try:
        lines = [
            f"{method} {path} HTTP/1.1",
            f"Host: {host}:{port}",
            "Connection: close",
            f"User-Agent: {USER_AGENT}",
            "Accept: text/html",
            "Accept-Language: fr-FR,fr;q=0.9",
        ]
        lines += [f"{name}: {value}" for name, value in headers.items()]
        if method == "POST":
            lines.append(f"Content-Length: {len(body)}")
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)
        await writer.drain()
        data = await reader.read()
    finally:
        writer.close()
    head, _, content = data.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    try:
        status = int(status_line.split()[1])
    except (IndexError, ValueError):
        raise HttpError(f"no HTTP answer ({status_line[:60]!r})") from None
    pairs = [tuple(line.split(": ", 1)) for line in header_lines if ": " in line]
    return status, pairs, content


def cookies_from(headers: list[tuple[str, str]]) -> dict[str, str]:
    found = {}
    for name, value in headers:
        if name.lower() == "set-cookie":
            pair = value.split(";", 1)[0]
            key, _, val = pair.partition("=")
            found[key.strip()] = val.strip()
    return found


def location(headers: list[tuple[str, str]]) -> str:
    return next((v for k, v in headers if k.lower() == "location"), "")


# --- The players --------------------------------------------------------------------


class Player:
    def __init__(self, number: int, seed: int):
        self.number = number
        self.pseudonym = f"Joueur {number:04d}"
        self.rng = random.Random(seed * 1_000_003 + number)
        self.ws = None
        self.join_seconds: float | None = None
        self.error: str | None = None
        # seq: (phase, latency to the socket, latency to the code reading it), in s
        self.states: dict[int, tuple[str, float, float]] = {}
        self.answered: set[int] = set()
        self.pending: tuple[int, float] | None = None  # (question, time.time() at send)
        self.acks: list[tuple[int, str, float]] = []  # (question, status, seconds)
        self.unexpected_acks = 0
        self.sent = 0
        self.no_ack: list[int] = []
        self.closed: str | None = None
        self.done = asyncio.Event()
        self.answer_tasks: list[asyncio.Task] = []


class Bench:
    def __init__(self, args: argparse.Namespace):
        self.args = args
        parts = urllib.parse.urlsplit(args.base)
        self.host, self.port = parts.hostname, parts.port
        self.origin = f"{parts.scheme}://{parts.netloc}"
        self.ws_base = ("wss" if parts.scheme == "https" else "ws") + f"://{parts.netloc}"
        self.pin = args.pin
        self.players = [Player(i + 1, args.seed) for i in range(args.players)]
        self.cpu = CpuClock(args.server_group)
        self.gc = GcPauses()
        # The host screen's view of the game.
        self.host_players = 0
        self.all_listed = asyncio.Event()
        self.host_states: list[dict] = []  # every state the host received, in order
        self.podium = asyncio.Event()
        self.host_error: str | None = None
        self.counts_received = 0
        self.host_ws = None
        self.tasks: set[asyncio.Task] = set()  # kept until the end of the run

    # The host ----------------------------------------------------------------

    async def host_screen(self, cookie: str, ready: asyncio.Event) -> None:
        uri = f"{self.ws_base}/ws/quiz/{self.args.game}/animer/"
        try:
            async with connect(
                uri,
                origin=self.origin,
                additional_headers={"Cookie": cookie},
                user_agent_header=USER_AGENT,
                open_timeout=60,
                max_size=None,
                create_connection=StampedConnection,
            ) as ws:
                self.host_ws = ws
                async for raw in ws:
                    received = arrival(ws)
                    message = json.loads(raw)
                    kind = message.get("type")
                    if kind == "players":
                        self.host_players = len(message["players"])
                        if self.host_players >= self.args.players:
                            self.all_listed.set()
                    elif kind == "count":
                        self.counts_received += 1
                    elif kind == "state":
                        state = message["state"]
                        ready.set()
                        if "sent_at" not in state:
                            continue  # the state sent on connecting
                        self.host_states.append(
                            {
                                "phase": state["phase"],
                                "seq": state["seq"],
                                "index": state["index"],
                                "sent_at": state["sent_at"],
                                "latency": received - state["sent_at"],
                            }
                        )
                        if state["phase"] in ("reveal", "scores"):
                            self.tasks.add(asyncio.create_task(self.host_next(ws, state["seq"])))
                        elif state["phase"] == "podium":
                            self.podium.set()
                            return
        except (ConnectionClosed, OSError, TimeoutError) as error:
            self.host_error = f"{type(error).__name__}: {error}"
            ready.set()

    async def host_next(self, ws, seq: int) -> None:
        """« Suivant », after the pause a host takes to comment."""
        await asyncio.sleep(self.args.pause)
        if self.host_states and self.host_states[-1]["seq"] == seq:
            # A closed screen is recorded by host_screen's loop.
            with contextlib.suppress(ConnectionClosed):
                await ws.send(json.dumps({"action": "next"}))

    # A phone ---------------------------------------------------------------------

    async def join(self, player: Player, gate: asyncio.Semaphore) -> None:
        async with gate:
            started = time.perf_counter()
            step = "pin page"
            try:
                status, headers, _ = await http(
                    self.host, self.port, "GET", f"/jouer/?pin={self.pin}", {}
                )
                if status != 302 or not location(headers).endswith(f"/jouer/{self.pin}/"):
                    raise HttpError(f"status {status}")
                step = "pseudonym page"
                status, headers, body = await http(
                    self.host, self.port, "GET", f"/jouer/{self.pin}/", {}
                )
                cookies = cookies_from(headers)
                token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
                if status != 200 or token is None or "csrftoken" not in cookies:
                    raise HttpError(f"status {status}, no CSRF token")
                step = "pseudonym posted"
                form = urllib.parse.urlencode(
                    {"csrfmiddlewaretoken": token.group(1).decode(), "pseudonym": player.pseudonym}
                ).encode()
                status, headers, body = await http(
                    self.host,
                    self.port,
                    "POST",
                    f"/jouer/{self.pin}/",
                    {
                        "Content-Type": "application/x-www-form-urlencoded",
                        "Cookie": f"csrftoken={cookies['csrftoken']}",
                        "Origin": self.origin,
                        "Referer": f"{self.origin}/jouer/{self.pin}/",
                    },
                    form,
                )
                cookies.update(cookies_from(headers))
                name = f"hygie_quiz_{self.pin}"
                if status != 302 or name not in cookies:
                    error = re.search(rb'role="alert">([^<]+)<', body)
                    detail = f": {error.group(1).decode()}" if error else ""
                    raise HttpError(f"status {status}{detail}")
                jar = f"csrftoken={cookies['csrftoken']}; {name}={cookies[name]}"
                step = "game page"
                status, _, _ = await http(
                    self.host, self.port, "GET", f"/jouer/{self.pin}/partie/", {"Cookie": jar}
                )
                if status != 200:
                    raise HttpError(f"status {status}")
                step = "WebSocket"
                player.ws = await connect(
                    f"{self.ws_base}/ws/quiz/jouer/{self.pin}/",
                    origin=self.origin,
                    additional_headers={"Cookie": jar},
                    user_agent_header=USER_AGENT,
                    open_timeout=self.args.open_timeout,
                    max_size=None,
                    create_connection=StampedConnection,
                )
            except Exception as error:
                player.error = f"{step}: {type(error).__name__}: {error}"[:300]
                player.done.set()
                return
            player.join_seconds = time.perf_counter() - started
        self.tasks.add(asyncio.create_task(self.play(player)))

    async def play(self, player: Player) -> None:
        try:
            async for raw in player.ws:
                read = time.time()
                received = arrival(player.ws)
                message = json.loads(raw)
                kind = message.get("type")
                if kind == "state":
                    state = message["state"]
                    if "sent_at" in state:
                        player.states[state["seq"]] = (
                            state["phase"],
                            received - state["sent_at"],
                            read - state["sent_at"],
                        )
                    if state["phase"] == "answering" and state["index"] not in player.answered:
                        player.answered.add(state["index"])
                        player.answer_tasks.append(asyncio.create_task(self.answer(player, state)))
                    elif state["phase"] == "podium":
                        break
                elif kind == "ack":
                    if player.pending is None:
                        player.unexpected_acks += 1
                        continue
                    index, sent = player.pending
                    player.pending = None
                    player.acks.append((index, message["status"], received - sent))
                elif kind == "removed":
                    player.closed = "removed by the host"
        except ConnectionClosed as closed:
            player.closed = f"closed by the server: {closed}"
        finally:
            # An answer still waiting for its acknowledgement at the end is lost.
            for task in player.answer_tasks:
                task.cancel()
            if player.pending is not None:
                player.no_ack.append(player.pending[0])
                player.pending = None
            player.done.set()

    async def answer(self, player: Player, state: dict) -> None:
        await asyncio.sleep(player.rng.uniform(*self.args.think))
        options = len(state["options"])
        count = player.rng.choice((1, 2)) if state["type"] == "choix_multiples" else 1
        chosen = sorted(player.rng.sample(range(options), min(count, options)))
        while player.pending is not None:  # the previous answer's ack (never in this run)
            await asyncio.sleep(0.05)
        player.pending = (state["index"], time.time())
        player.sent += 1
        with contextlib.suppress(ConnectionClosed):  # the phone's loop records the closing
            await player.ws.send(json.dumps({"index": state["index"], "answer": chosen}))

    async def wait_acks(self, limit: float) -> None:
        """After the podium, give answers still unacknowledged a last chance."""
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline and any(p.pending for p in self.players):
            await asyncio.sleep(0.1)

    # The run -------------------------------------------------------------------

    async def run(self) -> dict:
        args = self.args
        result: dict = {"players": args.players, "concurrency": args.concurrency}
        ready = asyncio.Event()
        host = asyncio.create_task(self.host_screen(args.host_cookie, ready))
        await ready.wait()
        if self.host_error:
            return {**result, "error": f"host screen: {self.host_error}"}
        # Warm the join pages once, so that the first player does not pay for
        # templates loaded for the first time.
        await http(self.host, self.port, "GET", f"/jouer/{self.pin}/", {})
        await asyncio.sleep(1)
        result["memory_before"] = memory(args.server_group)

        gate = asyncio.Semaphore(args.concurrency)
        before_join = self.cpu.mark()
        started = time.perf_counter()
        await asyncio.gather(*(self.join(p, gate) for p in self.players))
        all_in = time.perf_counter() - started
        joined = [p for p in self.players if p.ws is not None]
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.all_listed.wait(), timeout=args.list_timeout)
        listed = time.perf_counter() - started
        cpu_join = self.cpu.cores(before_join, self.cpu.mark())
        await asyncio.sleep(1)
        result["memory_after"] = memory(args.server_group)
        result.update(
            joined=len(joined),
            join_errors=dict(Counter(p.error.split(": ")[0] for p in self.players if p.error)),
            join_error_examples=sorted({p.error for p in self.players if p.error})[:10],
            join_ms=summary([p.join_seconds for p in joined]),
            all_in_seconds=round(all_in, 2),
            host_listed=self.host_players,
            host_listed_all_seconds=round(listed, 2) if self.all_listed.is_set() else None,
        )
        growth = result["memory_after"]["rss_kb"] - result["memory_before"]["rss_kb"]
        result["memory_per_player_kb"] = round(growth / max(len(joined), 1), 1)
        growth = result["memory_after"]["pss_kb"] - result["memory_before"]["pss_kb"]
        result["memory_per_player_pss_kb"] = round(growth / max(len(joined), 1), 1)

        before_game = self.cpu.mark()
        game_started = time.perf_counter()
        if self.host_error is None:
            await self.host_ws.send(json.dumps({"action": "start"}))
        # The host's task ends at the podium, or when its connection does.
        await asyncio.wait({host}, timeout=args.game_timeout)
        # Every phone gets the podium too, or its connection ends.
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(
                asyncio.gather(*(p.done.wait() for p in joined)), timeout=args.list_timeout
            )
        await self.wait_acks(10)
        game_seconds = time.perf_counter() - game_started
        result["cpu"] = {"join": cpu_join, "game": self.cpu.cores(before_game, self.cpu.mark())}
        for p in joined:
            await p.ws.close()
        host.cancel()
        await asyncio.gather(host, return_exceptions=True)
        result.update(self.figures(joined, game_seconds))
        return result

    def figures(self, joined: list[Player], game_seconds: float) -> dict:
        broadcasts = list(self.host_states)
        seqs = {s["seq"]: s for s in broadcasts}
        latencies, by_phase = [], defaultdict(list)
        read, read_by_phase = [], defaultdict(list)
        per_broadcast = defaultdict(list)
        missed = 0
        for p in joined:
            for seq, (phase, latency, read_latency) in p.states.items():
                latencies.append(latency)
                by_phase[phase].append(latency)
                per_broadcast[seq].append(latency)
                read.append(read_latency)
                read_by_phase[phase].append(read_latency)
            # Every broadcast after the start reaches every phone.
            missed += sum(1 for seq in seqs if seq not in p.states)
        statuses = Counter(status for p in joined for _, status, _ in p.acks)
        acks = [seconds for p in joined for _, _, seconds in p.acks]
        # Answers still pending: the phone never saw the podium.
        no_ack = sum(len(p.no_ack) + (p.pending is not None) for p in joined)
        sent = sum(p.sent for p in joined)
        refused = sum(n for status, n in statuses.items() if status not in ("ok", "late", "closed"))
        # How long each question stayed open: answering until its reveal.
        open_seconds = []
        for s in broadcasts:
            if s["phase"] == "reveal":
                opened = next(
                    (
                        b
                        for b in broadcasts
                        if b["phase"] == "answering" and b["index"] == s["index"]
                    ),
                    None,
                )
                if opened:
                    open_seconds.append(round(s["sent_at"] - opened["sent_at"], 2))
        return {
            "completed": self.podium.is_set(),
            "game_seconds": round(game_seconds, 1),
            "broadcasts": len(broadcasts),
            "phases": [f"{s['phase']}:{s['index']}" for s in broadcasts],
            "answering_open_seconds": open_seconds,
            "broadcast_ms": summary(latencies),
            "broadcast_by_phase_ms": {k: summary(v) for k, v in sorted(by_phase.items())},
            # The same, up to the moment the phone's coroutine read the message.
            "broadcast_read_ms": summary(read),
            "broadcast_read_by_phase_ms": {k: summary(v) for k, v in sorted(read_by_phase.items())},
            # The last phone to get each broadcast: how long the whole fan-out took.
            "broadcast_last_phone_ms": summary([max(v) for v in per_broadcast.values()]),
            # Each broadcast in turn: its first phone, its median one and its last one.
            "broadcast_each_ms": [
                {
                    "state": f"{s['phase']}:{s['index']}",
                    "phones": len(per_broadcast.get(s["seq"], [])),
                    "first": round(min(per_broadcast[s["seq"]]) * 1000, 1)
                    if per_broadcast.get(s["seq"])
                    else None,
                    "p50": (summary(per_broadcast.get(s["seq"], [])) or {}).get("p50"),
                    "max": (summary(per_broadcast.get(s["seq"], [])) or {}).get("max"),
                }
                for s in broadcasts
            ],
            "host_broadcast_ms": summary([s["latency"] for s in broadcasts]),
            "states_missed": missed,
            "answers_sent": sent,
            "acks": dict(statuses),
            "ack_ms": summary(acks),
            "answers_ok": statuses.get("ok", 0),
            "answers_late_or_closed": statuses.get("late", 0) + statuses.get("closed", 0),
            "answers_without_ack": no_ack,
            "answers_refused": refused,
            "answers_lost": no_ack + refused,
            "unexpected_acks": sum(p.unexpected_acks for p in joined),
            "counts_to_host": self.counts_received,
            "players_without_podium": sum(1 for p in joined if not p.done.is_set()),
            "disconnected": dict(Counter(p.closed.split(":")[0] for p in joined if p.closed)),
            "disconnected_examples": sorted({p.closed for p in joined if p.closed})[:10],
            "host_error": self.host_error,
            "players_process_gc": self.gc.figures(),
        }


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", required=True, help="http://127.0.0.1:<port>")
    parser.add_argument("--game", type=int, required=True, help="the game's id")
    parser.add_argument("--pin", required=True)
    parser.add_argument("--host-cookie", required=True, help="the signed-in host's Cookie header")
    parser.add_argument(
        "--server-group", type=int, required=True, help="the server's process group"
    )
    parser.add_argument("--players", type=int, default=100)
    parser.add_argument("--concurrency", type=int, default=50, help="players joining at once")
    parser.add_argument("--think", type=float, nargs=2, default=(0.5, 5.0), help="answer delay, s")
    parser.add_argument("--pause", type=float, default=1.0, help="the host's pause before next")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--open-timeout", type=float, default=120, help="WebSocket handshake, s")
    parser.add_argument("--list-timeout", type=float, default=120, help="host lists all players")
    parser.add_argument("--game-timeout", type=float, default=900)
    parser.add_argument("--out", type=Path, required=True)
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    limit = raise_file_limit()
    if limit < args.players * 2 + 100:
        sys.exit(f"{limit} file descriptors at most: too few for {args.players} players.")
    try:
        import uvloop
    except ImportError:
        loop = "asyncio"
        result = asyncio.run(Bench(args).run())
    else:
        loop = "uvloop"
        result = uvloop.run(Bench(args).run())
    result["client_loop"] = loop
    args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
