"""The territory's dashboard over 5,000 practices, measured on loopback (see README.md).

1. A fresh data folder (SQLite), or the database hygie_bench_territory on
   PostgreSQL with Redis (--postgres); migrations and the content library.
2. seed.py: a regional body, its animateur, N practices in its territory,
   each with six monthly snapshots.
3. `hygie serve --sans-demo` on a free port; sign in as the animateur.
4. Cold: the dashboard's cache is made stale (a participation's `changed`
   moved, as a join, a leave or a refresh does), then one request; repeated.
5. Warm: C concurrent clients in a closed loop for D seconds; repeated R times.
6. p50/p95/p99 of each, printed as Markdown and written to results/.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
BIN = Path(sys.executable).parent
RESULTS = HERE / "results"
PG_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
PG_DB = "hygie_bench_territory"
TOUCH = (
    "from django.utils import timezone\n"
    "from hygie.territory.models import Participation\n"
    "Participation.objects.filter(pk=Participation.objects.order_by('pk').values('pk')[:1])"
    ".update(changed=timezone.now())\n"
)
# --refresh: every snapshot made two hours old, then the background loop's
# batches until none is stale, each timed.
REFRESH = """
import json, time
from datetime import timedelta
from django.conf import settings
from django.utils import timezone
from hygie.territory import actions
from hygie.territory.models import Snapshot
Snapshot.objects.update(computed_at=timezone.now() - timedelta(hours=2))
now = timezone.now()
batches = []
started = time.perf_counter()
while True:
    t = time.perf_counter()
    done = actions.refresh_stale(now)
    if not done:
        break
    batches.append((done, time.perf_counter() - t))
total = time.perf_counter() - started
print("REFRESHED " + json.dumps({"batch": settings.TERRITORY_REFRESH_BATCH,
    "practices": sum(d for d, _ in batches), "seconds": round(total, 1),
    "batch_seconds": sorted(round(s, 2) for _, s in batches)}))
"""


def log(message: str) -> None:
    print(f"[bench {datetime.now(UTC):%H:%M:%S}] {message}", file=sys.stderr, flush=True)


def hygie(env: dict, *args: str, stdin: str | None = None) -> str:
    done = subprocess.run(
        [str(BIN / "hygie"), *args],
        env=env,
        cwd=ROOT,
        input=stdin,
        text=True,
        capture_output=True,
        check=False,
    )
    if done.returncode:
        sys.exit(f"hygie {' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    cut = statistics.quantiles(ordered, n=100, method="inclusive")
    return {
        "n": len(ordered),
        "p50": round(cut[49] * 1000, 1),
        "p95": round(cut[94] * 1000, 1),
        "p99": round(cut[98] * 1000, 1),
    }


def sign_in(base: str, email: str, password: str) -> str:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(f"{base}/connexion/") as response:
        page = response.read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "email": email, "password": password}
    ).encode()
    request = urllib.request.Request(
        f"{base}/connexion/", data=form, headers={"Referer": f"{base}/connexion/"}
    )
    opener.open(request).read()
    cookies = {c.name: c.value for c in jar}
    return f"hygie_session={cookies['hygie_session']}"


def fetch(url: str, cookie: str) -> float:
    started = time.perf_counter()
    request = urllib.request.Request(url, headers={"Cookie": cookie})
    with urllib.request.urlopen(request, timeout=60) as response:
        body = response.read()
        if response.status != 200 or b"structures partagent leurs" not in body:
            raise RuntimeError(f"Unexpected answer {response.status} from {url}")
    return time.perf_counter() - started


def warm_run(url: str, cookie: str, clients: int, seconds: float) -> list[float]:
    samples: list[float] = []
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client() -> None:
        while time.monotonic() < stop:
            elapsed = fetch(url, cookie)
            with lock:
                samples.append(elapsed)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return samples


def report_refresh(args, database: str, refreshes: list[dict]) -> None:
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    result = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": commit,
        "database": database,
        "practices": args.practices,
        "refresh": refreshes,
    }
    RESULTS.mkdir(exist_ok=True)
    name = f"{datetime.now(UTC):%Y-%m-%d-%H%M}-{database}-refresh.json"
    (RESULTS / name).write_text(json.dumps(result, indent=2, ensure_ascii=False))
    for i, run in enumerate(refreshes, 1):
        longest = run["batch_seconds"][-1] if run["batch_seconds"] else 0
        print(
            f"| {database} | refresh run {i} | {run['practices']} practices | "
            f"{run['seconds']} s | batches of {run['batch']}, longest {longest} s |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--practices", type=int, default=5000)
    parser.add_argument("--clients", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cold", type=int, default=10, help="cold requests")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument(
        "--refresh", action="store_true", help="time the refresh of every snapshot instead"
    )
    args = parser.parse_args()

    data = Path(tempfile.mkdtemp(prefix="hygie-bench-territory-"))
    password = secrets.token_urlsafe(16) + "-Aa1!"
    env = {**os.environ, "HYGIE_DATA_DIR": str(data), "BENCH_PASSWORD": password}
    env["BENCH_PRACTICES"] = str(args.practices)
    database = "sqlite"
    if args.postgres:
        import psycopg

        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as pg:
            pg.execute(f"DROP DATABASE IF EXISTS {PG_DB}")
            pg.execute(f"CREATE DATABASE {PG_DB}")
        env["HYGIE_DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{PG_DB}"
        env["HYGIE_REDIS_URL"] = "redis://127.0.0.1:6379/0"
        env["HYGIE_CACHE_PREFIX"] = "hygie-bench-territory"
        database = "postgresql"
    server = None
    try:
        log(f"Migrating and loading the library in {data}")
        hygie(env, "migrate", "-v0")
        hygie(env, "contenu", "charger")
        started = time.monotonic()
        out = hygie(env, "shell", stdin=(HERE / "seed.py").read_text())
        code = re.search(r"SEEDED (\S+)", out).group(1)
        seed_seconds = round(time.monotonic() - started, 1)
        log(f"Seeded {args.practices} practices in {seed_seconds} s")
        if args.refresh:
            refreshes = []
            for i in range(args.runs):
                out = hygie(env, "shell", stdin=REFRESH)
                refreshes.append(json.loads(re.search(r"REFRESHED (.+)", out).group(1)))
                log(f"Refresh run {i + 1}: {refreshes[-1]}")
            report_refresh(args, database, refreshes)
            return
        port = free_port()
        log_path = data / "server.log"
        with log_path.open("ab") as out_file:
            server = subprocess.Popen(
                [
                    str(BIN / "hygie"),
                    "serve",
                    "--sans-demo",
                    "--host=127.0.0.1",
                    f"--port={port}",
                    f"--workers={args.workers}",
                ],
                env=env,
                cwd=ROOT,
                stdout=out_file,
                stderr=out_file,
                start_new_session=True,
            )
        base = f"http://127.0.0.1:{port}"
        for _ in range(600):
            try:
                urllib.request.urlopen(f"{base}/etat/", timeout=2).read()
                break
            except OSError:
                time.sleep(0.3)
        cookie = sign_in(base, "animateur@bench.example", password)
        url = f"{base}/o/{code}/territoire/tableau/"

        cold = []
        for _ in range(args.cold):
            hygie(env, "shell", stdin=TOUCH)
            # Each worker process computes once after a change: ask every one.
            for _ in range(args.workers):
                cold.append(fetch(url, cookie))
        log(f"Cold: {percentiles(cold)}")
        for _ in range(args.workers * 2):
            fetch(url, cookie)
        runs = []
        for i in range(args.runs):
            samples = warm_run(url, cookie, args.clients, args.seconds)
            runs.append({**percentiles(samples), "rps": round(len(samples) / args.seconds, 1)})
            log(f"Warm run {i + 1}: {runs[-1]}")
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
        if args.postgres:
            import psycopg

            with psycopg.connect(PG_ADMIN_URL, autocommit=True) as pg:
                pg.execute(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)")
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    result = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": commit,
        "database": database,
        "practices": args.practices,
        "workers": args.workers,
        "clients": args.clients,
        "seconds": args.seconds,
        "seed_seconds": seed_seconds,
        "cold": percentiles(cold),
        "cold_note": "first request of each worker after the cache key changed",
        "warm": runs,
    }
    RESULTS.mkdir(exist_ok=True)
    name = f"{datetime.now(UTC):%Y-%m-%d-%H%M}-{database}.json"
    (RESULTS / name).write_text(json.dumps(result, indent=2, ensure_ascii=False))
    print(
        f"| {database} | cold | {result['cold']['p50']} | {result['cold']['p95']} | "
        f"{result['cold']['p99']} | {result['cold']['n']} requests |"
    )
    for i, run in enumerate(runs, 1):
        print(
            f"| {database} | warm run {i}, {args.clients} clients | {run['p50']} | "
            f"{run['p95']} | {run['p99']} | {run['rps']} req/s |"
        )


if __name__ == "__main__":
    main()
