"""Cyberquiz load run on loopback (see bench/quiz/README.md).

For each number of players:

1. a fresh data folder, and for --postgres a dedicated database and Redis as
   the channel layer;
2. `hygie serve --sans-demo` in a process group of its own, until /etat/
   answers;
3. seed.py: an organisation, its host, one game of 10 questions from the
   content library's bank;
4. the host signs in through /connexion/ and keeps the sign-in cookie;
5. players.py plays the game: N phones and the host screen;
6. seed.py counts the answers in the database: as many rows as "ok" acks;
7. the figures go to bench/quiz/results/ as JSON, with a summary of the
   server's log (kept whole in the data folder with --keep), and a Markdown
   table is printed.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
BIN = Path(sys.executable).parent
RESULTS = HERE / "results"

PG_BENCH_DB = "hygie_quiz_bench"
PREFIX = "hygie-quiz-bench"

GC_LOG = """
import gc as _gc
import sys as _sys
import time as _time

_gc_started = [0.0]


def _gc_watch(phase, info):
    if phase == "start":
        _gc_started[0] = _time.perf_counter()
        return
    pause = _time.perf_counter() - _gc_started[0]
    if pause > 0.02:
        generation = info["generation"]
        print(f"GC-PAUSE {pause * 1000:.1f} ms generation {generation}", file=_sys.stderr, flush=True)


_gc.callbacks.append(_gc_watch)
"""
GC_FREEZE = """
from django.core.signals import request_started as _request_started


def _freeze(**kwargs):
    _request_started.disconnect(_freeze)
    _gc.collect()
    _gc.freeze()
    print(f"GC-FROZEN {_gc.get_freeze_count()} objects", file=_sys.stderr, flush=True)


_request_started.connect(_freeze, weak=False)
"""

# Settings variants, to measure a configuration change without touching the
# application: a module importing hygie.settings, written to the data folder.
VARIANTS = {
    "as-is": None,
    # The server's garbage collector: each pause over 20 ms is written to the
    # server's log (server_gc in the results), to tell its pauses from the rest.
    "gc-log": GC_LOG,
    # The same, and the objects alive at the first request (the application,
    # loaded) moved out of the collector's reach with gc.freeze(), so that a
    # full collection walks only what the game created.
    "gc-freeze": GC_LOG + GC_FREEZE,
    # No automatic collection at all: what the collector's pauses cost, at
    # most (memory held by reference cycles grows meanwhile: not for production).
    "gc-off": GC_LOG + "\n_gc.disable()\n",
}

# The targets: (players, broadcast p95 in ms, whether no answer may be lost).
TARGETS = {300: (250, True), 1000: (500, False)}


def _web_bench():
    """bench/web/run.py, for its server and sign-in functions."""
    spec = importlib.util.spec_from_file_location("web_bench", ROOT / "bench" / "web" / "run.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


web = _web_bench()
log = web.log
sys.path.insert(0, str(HERE))
from players import raise_file_limit  # noqa: E402


def environment(data_dir: Path, postgres: bool, variant: str) -> dict[str, str]:
    return web.environment(
        data_dir, postgres, variant, database=PG_BENCH_DB, prefix=PREFIX, variants=VARIANTS
    )


def django_script(env: dict, *arguments: str) -> dict:
    command = [str(BIN / "python"), str(HERE / "seed.py"), *arguments]
    done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"seed.py {arguments[0]} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def server_gc(log_path: Path) -> dict | None:
    """The garbage collector's pauses over 20 ms in the server (variant gc-log)."""
    text = log_path.read_text(errors="replace") if log_path.exists() else ""
    found = re.findall(r"GC-PAUSE ([\d.]+) ms generation (\d)", text)
    frozen = re.findall(r"GC-FROZEN (\d+) objects", text)
    if not found and not frozen:
        return None
    pauses = [float(ms) for ms, _ in found]
    return {
        "frozen_objects": [int(n) for n in frozen],
        "pauses_over_20_ms": len(pauses),
        "total_ms": round(sum(pauses)),
        "max_ms": max(pauses, default=0),
        "by_generation": dict(Counter(generation for _, generation in found)),
    }


def server_problems(log_path: Path) -> dict:
    """Errors and warnings in the server's log: how many, and the distinct ones."""
    text = log_path.read_text(errors="replace") if log_path.exists() else ""
    lines = text.splitlines()
    problems = [
        line
        for line in lines
        if re.search(r"\b(ERROR|CRITICAL|WARNING)\b|^Traceback|Exception|Error:", line)
    ]
    distinct = []
    for line in problems:
        # The same message with other numbers counts once.
        shape = re.sub(r"\d+", "N", line.split(" ", 2)[-1])[:160]
        if shape not in {d[0] for d in distinct}:
            distinct.append((shape, line[:300]))
    # The end of the first error's traceback: where it was raised from.
    first = next((i for i, line in enumerate(lines) if re.search(r"\bERROR\b", line)), None)
    ending = []
    if first is not None:
        following = next(
            (i for i in range(first + 1, len(lines)) if re.search(r"\bERROR\b", lines[i])),
            len(lines),
        )
        ending = [line.replace(f"{ROOT}/", "") for line in lines[first:following][-6:]]
    return {
        "lines": len(problems),
        "errors": sum(1 for line in lines if re.search(r"\b(ERROR|CRITICAL)\b", line)),
        "tracebacks": text.count("Traceback (most recent call last)"),
        "distinct": [line for _, line in distinct[:15]],
        "first_error_ends": ending,
    }


def one_run(args: argparse.Namespace, players: int, database: str) -> dict:
    data_dir = Path(tempfile.mkdtemp(prefix="hygie-quiz-bench-"))
    env = environment(data_dir, args.postgres, args.variant)
    started = datetime.now(UTC)
    kind = "postgres" if args.postgres else "sqlite"
    stem = f"{started:%Y%m%dT%H%M%SZ}-{kind}-w{args.workers}-p{players}"
    if args.variant != "as-is":
        stem += f"-{args.variant}"
    server_log = data_dir / "server.log"
    server = None
    try:
        if args.postgres:
            web.pg_admin(f"DROP DATABASE IF EXISTS {PG_BENCH_DB} WITH (FORCE)")
            web.pg_admin(f"CREATE DATABASE {PG_BENCH_DB}")
            web.clear_redis_prefix(PREFIX)
        # The machine may be shared: start on an idle one, and record how busy it was.
        busy = web.wait_quiet(args.quiet_wait)
        port = web.free_port()
        base = f"http://127.0.0.1:{port}"
        log(f"{players} players: starting hygie serve ({database}, {args.workers} worker(s))…")
        code = web.code_state()
        server = web.start_server(env, port, args.workers, server_log)
        web.wait_ready(base, server, server_log)
        game = django_script(
            env,
            "create",
            f"--questions={args.questions}",
            f"--seconds={args.seconds}",
            f"--question-delay={args.question_delay}",
            f"--random-seed={args.seed}",
        )
        cookie, _ = web.sign_in(base, game["email"], game["password"])
        log(f"  game {game['game']} (PIN {game['pin']}), {game['types']}; host signed in")
        out = data_dir / "players.json"
        command = [
            str(BIN / "python"),
            str(HERE / "players.py"),
            f"--base={base}",
            f"--game={game['game']}",
            f"--pin={game['pin']}",
            f"--host-cookie={cookie}",
            # bench/web's start_server gives the server a process group of its own.
            f"--server-group={server.pid}",
            f"--players={players}",
            f"--concurrency={args.concurrency}",
            f"--pause={args.pause}",
            f"--seed={args.seed}",
            f"--game-timeout={args.game_timeout}",
            f"--out={out}",
        ]
        done = subprocess.run(command, cwd=ROOT, check=False)
        if done.returncode != 0 or not out.exists():
            sys.exit(f"players.py failed ({done.returncode}); server log in {server_log}")
        result = json.loads(out.read_text())
        database_check = django_script(env, "count", f"--game={game['game']}")
        result["database"] = database_check
        result["answers_in_database_match"] = database_check["answers"] == result.get("answers_ok")
        report = {
            "meta": {
                "date": started.strftime("%Y-%m-%d %H:%M UTC"),
                "code": code,
                "database": database,
                "workers": args.workers,
                "channel_layer": game.get("channel_layer"),
                "channel_layer_config": game.get("channel_layer_config"),
                "variant": args.variant,
                "machine": web.machine(),
                "machine_busy_before": busy,
                "game": {
                    **{k: game[k] for k in ("questions", "types", "bank_size")},
                    "seconds": args.seconds,
                    "question_delay": args.question_delay,
                    "host_pause": args.pause,
                },
            },
            "result": result,
            "server_log": server_problems(server_log),
            "server_gc": server_gc(server_log),
        }
        report["targets"] = targets(report)
        path = RESULTS / f"{stem}.json"
        web.write_results(path, report)
        log(f"  written to {path.relative_to(ROOT)}")
        return report
    finally:
        if server is not None:
            web.stop_server(server)
        if args.keep:
            log(f"  kept {data_dir}")
        else:
            shutil.rmtree(data_dir, ignore_errors=True)
            if args.postgres:
                web.pg_admin(f"DROP DATABASE IF EXISTS {PG_BENCH_DB} WITH (FORCE)")
                web.clear_redis_prefix(PREFIX)


def targets(report: dict) -> list[dict]:
    r = report["result"]
    checks = [
        {
            "target": "the game reaches the podium",
            "met": bool(r.get("completed")),
            "measured": f"last state {r['phases'][-1] if r.get('phases') else 'none'}"
            + (f", host screen: {r['host_error']}" if r.get("host_error") else ""),
        }
    ]
    lost = r.get("answers_lost", 0) + (0 if r.get("answers_in_database_match") else 1)
    lost_ok = lost == 0 and r.get("answers_without_ack", 0) == 0
    checks.append(
        {
            "target": "0 answers lost, as many rows as ok acks",
            "met": lost_ok,
            "measured": f"{r.get('answers_lost')} lost, {r['database']['answers']} rows "
            f"for {r.get('answers_ok')} ok",
        }
    )
    dropped = sum(r.get("disconnected", {}).values()) + r.get("players_without_podium", 0)
    checks.append(
        {
            "target": "every player joins and stays connected until the podium",
            "met": dropped == 0 and r.get("joined") == r["players"],
            "measured": f"{r.get('joined')} joined, {dropped} dropped",
        }
    )
    target = TARGETS.get(r["players"])
    if target is not None and r.get("broadcast_ms"):
        limit, strict = target
        p95 = r["broadcast_ms"]["p95"]
        met = p95 < limit and (lost_ok or not strict)
        checks.append(
            {
                "target": f"{r['players']} players: broadcast p95 < {limit} ms"
                + (" and 0 answers lost" if strict else ""),
                "met": met,
                "measured": f"p95 {p95:.0f} ms" + (f", {lost} lost" if strict else ""),
            }
        )
    return checks


# --- Report ---------------------------------------------------------------------


def triple(figures: dict | None) -> str:
    if not figures:
        return "—"
    return f"{figures['p50']:.0f} / {figures['p95']:.0f} / {figures['max']:.0f}"


def label(report: dict) -> str:
    """The database and workers, and any game setting that is not the default."""
    meta = report["meta"]
    short = "PostgreSQL + Redis" if meta["database"].startswith("PostgreSQL") else "SQLite"
    extra = ""
    if meta.get("variant", "as-is") != "as-is":
        extra += f", settings {meta['variant']}"
    if meta["game"]["host_pause"] != 1.0:
        extra += f", host pause {meta['game']['host_pause']:g} s"
    if meta["game"]["seconds"] != 20:
        extra += f", {meta['game']['seconds']} s to answer"
    workers = f"{meta['workers']} worker" + ("s" if meta["workers"] > 1 else "")
    return f"{short}, {workers}{extra}"


def markdown(reports: list[dict]) -> str:
    lines = [
        "| configuration | players | joined | join p50 / p95 / max (ms) | all in (s) "
        "| broadcast p50 / p95 / max (ms) | options (answering) p50 / p95 / max (ms) "
        "| ack p50 / p95 / max (ms) | answers ok / sent | lost | players dropped | late, closed | rows in DB "
        "| server RSS before → after (MB) | per player (kB) | server cores: join, game "
        "| client cores: join, game | server errors logged |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: "
        "| ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for report in reports:
        r = report["result"]
        cpu = r.get("cpu", {})
        lines.append(
            f"| {label(report)} | {r['players']} | {r.get('joined', 0)} | "
            f"{triple(r.get('join_ms'))} | {r.get('all_in_seconds', '—')} | "
            f"{triple(r.get('broadcast_ms'))} | "
            f"{triple(r.get('broadcast_by_phase_ms', {}).get('answering'))} | "
            f"{triple(r.get('ack_ms'))} | {r.get('answers_ok', 0)} / {r.get('answers_sent', 0)} | "
            f"{r.get('answers_lost', '—')} | "
            f"{sum(r.get('disconnected', {}).values()) + r.get('players_without_podium', 0)} | "
            f"{r.get('answers_late_or_closed', '—')} | "
            f"{r['database']['answers']} | "
            f"{r['memory_before']['rss_kb'] / 1024:.0f} → {r['memory_after']['rss_kb'] / 1024:.0f} | "
            f"{r['memory_per_player_kb']:.0f} | "
            f"{cpu.get('join', {}).get('server', '—')}, {cpu.get('game', {}).get('server', '—')} | "
            f"{cpu.get('join', {}).get('players_process', '—')}, "
            f"{cpu.get('game', {}).get('players_process', '—')} | "
            f"{report['server_log']['errors']} |"
        )
    lines += ["", "| run | target | measured | |", "| --- | --- | --- | --- |"]
    for report in reports:
        for check in targets(report):
            lines.append(
                f"| {label(report)}, {report['result']['players']} players | "
                f"{check['target']} | {check['measured']} | "
                f"{'met' if check['met'] else '**not met**'} |"
            )
    return "\n".join(lines)


def spread(values: list[float], unit: str = "") -> str:
    """Low to high over several runs (e.g. 40 to 115 ms), never the best run alone."""
    if not values:
        return "—"
    low, high = min(values), max(values)
    if round(low) == round(high):
        return f"{low:.0f}{unit}"
    return f"{low:.0f}–{high:.0f}{unit}"


def ranges(reports: list[dict]) -> str:
    """One line per configuration and number of players: each figure as the range of its runs."""
    groups: dict[tuple[str, int], list[dict]] = {}
    for report in sorted(reports, key=lambda r: r["meta"]["date"]):
        code = report["meta"]["code"]
        commit = code["commit"] + (" + changes" if code.get("local_changes") else "")
        groups.setdefault((label(report), report["result"]["players"], commit), []).append(report)
    lines = [
        "| configuration | players | commit | runs | dates (UTC) | join p95 | broadcast p50 | broadcast p95 "
        "| ack p95 | answers lost / sent | players dropped | memory per player |",
        "| --- | ---: | --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for (name, players, commit), runs in groups.items():
        results = [run["result"] for run in runs]

        def figures(key: str, quantile: str, results=results) -> list[float]:
            return [r[key][quantile] for r in results if r.get(key)]

        days = sorted({run["meta"]["date"][:10] for run in runs})
        first, last = runs[0]["meta"]["date"], runs[-1]["meta"]["date"]
        when = (
            first[:16]
            if first == last
            else f"{first[:16]} → {last[11:16] if days[0] == days[-1] else last[:16]}"
        )
        lost = sum(r.get("answers_lost", 0) for r in results)
        sent = sum(r.get("answers_sent", 0) for r in results)
        dropped = sum(
            sum(r.get("disconnected", {}).values()) + r.get("players_without_podium", 0)
            for r in results
        )
        lines.append(
            f"| {name} | {players} | `{commit}` | {len(runs)} | {when} | "
            f"{spread(figures('join_ms', 'p95'), ' ms')} | "
            f"{spread(figures('broadcast_ms', 'p50'), ' ms')} | "
            f"{spread(figures('broadcast_ms', 'p95'), ' ms')} | "
            f"{spread(figures('ack_ms', 'p95'), ' ms')} | {lost} / {sent:,} | {dropped} | "
            f"{spread([r['memory_per_player_kb'] for r in results], ' kB')} |"
        )
    return "\n".join(lines)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Cyberquiz load run on loopback against Hygie.")
    parser.add_argument(
        "--players",
        type=int,
        nargs="+",
        help="one game per figure (100 300 1000; 1000 with --postgres)",
    )
    parser.add_argument(
        "--postgres", action="store_true", help="PostgreSQL and Redis (channel layer), not SQLite"
    )
    parser.add_argument(
        "--workers", type=int, help="uvicorn worker processes (1; 2 with --postgres)"
    )
    parser.add_argument("--concurrency", type=int, default=50, help="players joining at once")
    parser.add_argument("--questions", type=int, default=10)
    parser.add_argument("--seconds", type=int, default=20, help="seconds to answer")
    parser.add_argument("--question-delay", type=int, default=1, help="question alone, seconds")
    parser.add_argument("--pause", type=float, default=1.0, help="host's pause before « suivant »")
    parser.add_argument("--seed", type=int, default=1, help="questions and players' choices")
    parser.add_argument("--game-timeout", type=float, default=900)
    parser.add_argument(
        "--variant",
        default="as-is",
        choices=list(VARIANTS),
        help="settings change to measure (see VARIANTS); the application is not edited",
    )
    parser.add_argument(
        "--quiet-wait",
        type=float,
        default=120,
        help="seconds to wait for an idle machine before each game (then run anyway)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the data folder and database")
    parser.add_argument(
        "--runs", type=int, default=1, help="play every game this many times, then print ranges"
    )
    parser.add_argument(
        "--report", type=Path, nargs="+", help="print the table of results files, and stop"
    )
    parser.add_argument(
        "--ranges",
        action="store_true",
        help="with --report: one line per configuration, each figure as the range of its runs",
    )
    args = parser.parse_args()
    args.players = args.players or ([1000] if args.postgres else [100, 300, 1000])
    args.workers = args.workers or (2 if args.postgres else 1)
    return args


def main() -> None:
    args = parse_args()
    if args.report:
        reports = [json.loads(path.read_text()) for path in args.report]
        print(ranges(reports) if args.ranges else markdown(reports))
        return
    # The server inherits the limit: one descriptor per player's socket.
    limit = raise_file_limit()
    log(f"File descriptors per process: {limit}")
    if args.postgres:
        database = f"PostgreSQL {web.pg_version()} + Redis"
    else:
        import sqlite3

        database = f"SQLite {sqlite3.sqlite_version} (WAL)"
    reports = [
        one_run(args, players, database) for _ in range(args.runs) for players in args.players
    ]
    print(markdown(reports))
    if args.runs > 1:
        print()
        print(ranges(reports))


if __name__ == "__main__":
    main()
