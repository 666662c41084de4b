"""Load run on loopback against a running Hygie (see bench/web/README.md).

1. Prepare a fresh data folder, and for --postgres a dedicated database.
2. Seed it with seed.py (the demo organisation with 100 diagnostics, and 30
   others, with volume).
3. Start `hygie serve` and wait for /etat/ to answer.
4. Sign in as the demo titulaire and keep the session cookie.
5. Run wrk with load.lua: each page alone with one user, then the pages and
   the PDF (or the diagnostic's pages and report) at 20 and 50 users, with
   think time and in a closed loop.
6. Write the figures as JSON in bench/web/results/ and print a Markdown table.

The server, and the bench database on PostgreSQL, are removed at the end.
"""

from __future__ import annotations

import argparse
import hashlib
import http.cookiejar
import json
import os
import platform
import re
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
BIN = Path(sys.executable).parent
RESULTS = HERE / "results"

PG_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
PG_BENCH_DB = "hygie_bench"
REDIS_URL = "redis://127.0.0.1:6379/0"
CACHE_PREFIX = "hygie-bench"

# Think time between two requests of one user: uniform between these (ms),
# one second on average.
THINK_MS = (500, 1500)
MODELS = {"think": "think time 0.5–1.5 s", "closed": "closed loop"}

# Settings variants, to measure a configuration change without touching the
# application: a module importing hygie.settings, written to the data folder.
VARIANTS = {
    "as-is": None,
    "conn-max-age-0": 'DATABASES["default"]["CONN_MAX_AGE"] = 0\n',
    # Django's pool for psycopg 3 (the psycopg-pool package), 30 s to get a
    # connection where Hygie's settings give 10 since commit b91664d.
    "pool": (
        'DATABASES["default"]["CONN_MAX_AGE"] = 0\n'
        'DATABASES["default"].setdefault("OPTIONS", {})["pool"] = '
        '{"min_size": 2, "max_size": 8, "timeout": 30}\n'
    ),
    # Every PDF laid out anew: the worst case, as if each request asked for a
    # document whose content had just changed.
    "no-pdf-cache": "PDF_CACHE_SECONDS = 0\n",
}


def log(message: str) -> None:
    # In UTC: loading Django switches the process's local time to the
    # project's time zone, which would make the clock jump mid-run.
    print(f"[bench {datetime.now(UTC):%H:%M:%S} UTC] {message}", file=sys.stderr, flush=True)


# --- Data folder and database -------------------------------------------------


def pg_admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as connection:
        connection.execute(sql)


def pg_version() -> str:
    import psycopg

    with psycopg.connect(PG_ADMIN_URL) as connection:
        return connection.execute("SHOW server_version").fetchone()[0].split()[0]


def clear_redis_prefix(prefix: str = f"{CACHE_PREFIX}:") -> None:
    """Remove the keys a run left in Redis under `prefix`."""
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    keys = list(client.scan_iter(match=f"{prefix}*"))
    if keys:
        client.delete(*keys)


def environment(
    data_dir: Path,
    postgres: bool,
    variant: str,
    *,
    database: str = PG_BENCH_DB,
    prefix: str = CACHE_PREFIX,
    variants: dict[str, str | None] = VARIANTS,
) -> dict[str, str]:
    """The server's environment: a fresh data folder, PostgreSQL and Redis
    with --postgres, and a settings variant written beside the data."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("HYGIE_")}
    env.update(HYGIE_DATA_DIR=str(data_dir), DJANGO_SETTINGS_MODULE="hygie.settings")
    if postgres:
        env.update(
            HYGIE_DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{database}",
            HYGIE_REDIS_URL=REDIS_URL,
            HYGIE_CACHE_PREFIX=prefix,
        )
    if variants[variant]:
        module = data_dir / "bench_settings.py"
        module.write_text("from hygie.settings import *  # noqa: F403\n\n" + variants[variant])
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(data_dir), env.get("PYTHONPATH")]))
        env["DJANGO_SETTINGS_MODULE"] = "bench_settings"
    return env


def seed(env: dict[str, str], args: argparse.Namespace) -> dict:
    command = [
        str(BIN / "python"),
        str(HERE / "seed.py"),
        f"--orgs={args.orgs}",
        f"--deadlines={args.deadlines}",
        f"--diagnostics={args.diagnostics}",
        f"--org-diagnostics={args.org_diagnostics}",
    ]
    done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"Seeding failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def demo_titulaire(data_dir: Path) -> tuple[str, str]:
    text = (data_dir / "demo-logins.txt").read_text()
    match = re.search(r"Titulaire\s+(\S+@\S+)\s+mot de passe : (\S+)", text)
    if match is None:
        sys.exit(f"No titulaire in demo-logins.txt:\n{text}")
    return match.group(1), match.group(2)


# --- Server -------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(env: dict, port: int, workers: int, log_path: Path) -> subprocess.Popen:
    command = [
        str(BIN / "hygie"),
        "serve",
        "--sans-demo",
        "--host=127.0.0.1",
        f"--port={port}",
        f"--workers={workers}",
    ]
    with log_path.open("ab") as out:
        # A session of its own, so that stopping it reaches uvicorn's workers too.
        return subprocess.Popen(
            command, env=env, cwd=ROOT, stdout=out, stderr=out, start_new_session=True
        )


def stop_server(server: subprocess.Popen) -> None:
    if server.poll() is not None:
        return
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


def get(url: str, timeout: float = 60) -> tuple[int, float]:
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    return status, time.perf_counter() - started


def wait_ready(base: str, server: subprocess.Popen, log_path: Path, limit: float = 300) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"The server stopped:\n{log_path.read_text()[-3000:]}")
        try:
            if get(f"{base}/etat/", timeout=2)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    sys.exit("The server did not answer /etat/ in time.")


def wait_drained(base: str, quiet_ms: float = 50, limit: float = 180) -> float:
    """Wait until the requests still running from the previous run are done.

    wrk closes its connections when its time is up, but requests already
    handed to Django still run, and share the CPU with any new one: /etat/
    answers quickly only once they are over.
    """
    started = time.monotonic()
    calm = 0
    while time.monotonic() - started < limit and calm < 3:
        _, seconds = get(f"{base}/etat/")
        calm = calm + 1 if seconds * 1000 < quiet_ms else 0
        time.sleep(0.2)
    return time.monotonic() - started


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


def sign_in(base: str, email: str, password: str) -> tuple[str, str]:
    """Sign in as a person would; return the Cookie header and the org's code."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(f"{base}/connexion/") as response:
        page = response.read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if token is None:
        sys.exit("No CSRF token on the login page.")
    form = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token.group(1), "email": email, "password": password}
    ).encode()
    request = urllib.request.Request(
        f"{base}/connexion/", data=form, headers={"Referer": f"{base}/connexion/"}
    )
    with opener.open(request) as response:
        landed = response.geturl()
    match = re.search(r"/o/([^/]+)/$", urllib.parse.urlsplit(landed).path)
    if match is None:
        sys.exit(f"Sign-in did not reach the organisation's home page (landed on {landed}).")
    cookies = {c.name: c.value for c in jar}
    if "hygie_session" not in cookies:
        sys.exit("No session cookie after sign-in.")
    return f"hygie_session={cookies['hygie_session']}", match.group(1)


def check_pages(base: str, cookie: str, paths: list[str]) -> None:
    """Each page answers 200 with the session, not a redirect to the login."""
    opener = urllib.request.build_opener(NoRedirect)
    for path in paths:
        request = urllib.request.Request(base + path, headers={"Cookie": cookie})
        try:
            with opener.open(request, timeout=120) as response:
                status = response.status
                body = response.read()
        except urllib.error.HTTPError as error:
            status, body = error.code, b""
        if status != 200:
            sys.exit(f"{path} answered {status}, not 200: is the session lost?")
        log(f"  {path}: 200, {len(body) / 1024:.0f} KiB")


# --- CPU accounting -------------------------------------------------------------
# The machine may be shared: each run records who used the CPU while it ran,
# so that a figure taken while something else was busy can be told apart.

TICKS = os.sysconf("SC_CLK_TCK")


def cpu_busy_ticks() -> int:
    """Ticks all CPUs spent on anything but idling, since boot."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle, iowait
    return sum(fields[:8]) - idle


def processes() -> dict[int, tuple[int, int, str]]:
    """pid: (session, CPU ticks, command line) of every process."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        # After "pid (comm) ": state is field 3, session 6, utime 14, stime 15.
        fields = stat[stat.rindex(")") + 2 :].split()
        found[int(entry.name)] = (int(fields[3]), int(fields[11]) + int(fields[12]), cmdline)
    return found


class CpuMeter:
    """CPU used during a run: the app's processes, its database backends, wrk, the rest."""

    def __init__(self, server_pid: int, postgres: bool):
        self.server_pid = server_pid
        self.postgres = postgres

    def _is_database(self, cmdline: str) -> bool:
        # PostgreSQL titles its backends "postgres: 15/main: user database host(port) state".
        return self.postgres and cmdline.startswith("postgres:") and f" {PG_BENCH_DB} " in cmdline

    def sample(self) -> dict:
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        return {
            "time": time.monotonic(),
            "busy": cpu_busy_ticks(),
            "wrk": (children.ru_utime + children.ru_stime) * TICKS,
            "processes": processes(),
        }

    def database_connections(self) -> int:
        return sum(1 for _, _, cmd in processes().values() if self._is_database(cmd))

    def cores(self, before: dict, after: dict) -> dict[str, float]:
        """Average cores used between two samples, by whom."""
        seconds = after["time"] - before["time"]
        server = database = 0
        per_process = []
        for pid, (session, ticks, cmdline) in after["processes"].items():
            # A process that started during the run counts from zero.
            used = ticks - before["processes"].get(pid, (0, 0, ""))[1]
            if session == self.server_pid:
                server += used
                per_process.append(used)
            elif self._is_database(cmdline):
                database += used
        used = {
            "busy": after["busy"] - before["busy"],
            "server": server,
            "database": database,
            "wrk": after["wrk"] - before["wrk"],
        }
        cores = {k: v / TICKS / seconds for k, v in used.items()}
        cores["other"] = max(cores["busy"] - cores["server"] - cores["database"] - cores["wrk"], 0)
        cores = {k: round(v, 2) for k, v in cores.items()}
        # Each uvicorn worker keeps the connections it accepted: this shows how even it is.
        cores["per_worker"] = sorted(
            (round(t / TICKS / seconds, 2) for t in per_process if t > 0), reverse=True
        )
        return cores


def wait_quiet(limit: float, threshold: float = 0.25) -> float:
    """Wait, up to `limit` seconds, until the machine is idle; return how busy it was.

    Idle means less than `threshold` of a core busy over two seconds. Past the
    limit the run goes on, and the load it met is recorded with it.
    """
    started = time.monotonic()
    while True:
        before = (time.monotonic(), cpu_busy_ticks())
        time.sleep(2)
        busy = (cpu_busy_ticks() - before[1]) / TICKS / (time.monotonic() - before[0])
        if busy < threshold or time.monotonic() - started > limit:
            return round(busy, 2)
        time.sleep(3)


# --- Load ---------------------------------------------------------------------


def wrk(
    base: str,
    targets: list[tuple[str, str]],
    users: int,
    think: bool,
    seconds: int,
    meter: CpuMeter | None = None,
) -> dict:
    env = {
        **os.environ,
        "BENCH_TARGETS": "\n".join(f"{cookie} {path}" for cookie, path in targets),
        "BENCH_THINK_MIN": str(THINK_MS[0] if think else 0),
        "BENCH_THINK_MAX": str(THINK_MS[1] if think else 0),
    }
    command = [
        "wrk",
        "--threads=1",  # one core's worth at most: the server needs the other cycles
        f"--connections={users}",
        f"--duration={seconds}s",
        "--timeout=60s",  # wrk's default (2 s) would drop slow PDFs from the latency
        f"--script={HERE / 'load.lua'}",
        base + targets[0][1],
    ]
    before = meter.sample() if meter else None
    peak_connections = 0
    with subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True) as process:
        while process.poll() is None:
            if meter is not None and meter.postgres:
                peak_connections = max(peak_connections, meter.database_connections())
            time.sleep(1)
        stdout = process.stdout.read()
    for line in stdout.splitlines():
        if line.startswith("BENCH_JSON "):
            result = json.loads(line.removeprefix("BENCH_JSON "))
            result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
            if meter is not None:
                result["cpu_cores"] = meter.cores(before, meter.sample())
                result["peak_database_connections"] = peak_connections
            return result
    sys.exit(f"wrk gave no result:\n{stdout}")


PAGES = {"home": "/o/{code}/", "deadlines": "/o/{code}/echeances/", "journal": "/o/{code}/journal/"}
PDF = "/o/{code}/echeances/export.pdf"
# The diagnostic, at the organisation's latest completed diagnostic ({pk}): its
# results page, and the diagnostic's home page with the history chart.
DIAGNOSTIC_PAGES = {
    "diagnostic-result": "/o/{code}/diagnostic/{pk}/resultat/",
    "diagnostic-home": "/o/{code}/diagnostic/",
}
DIAGNOSTIC_PDF = "/o/{code}/diagnostic/{pk}/rapport.pdf"
# The one-user runs that go with each loaded scenario.
SINGLES = {
    "pages": list(PAGES),
    "pdf": ["pdf-alone"],
    "diagnostic": list(DIAGNOSTIC_PAGES),
    "diagnostic-pdf": ["diagnostic-pdf-alone"],
}
PDF_SCENARIOS = ("pdf", "diagnostic-pdf")
DIAGNOSTIC_SCENARIOS = ("diagnostic", "diagnostic-pdf", *DIAGNOSTIC_PAGES, "diagnostic-pdf-alone")


def scenario_targets(
    people: list[tuple[str, str]], diagnostics: dict[str, int]
) -> dict[str, list[tuple[str, str]]]:
    """(cookie, path) requested in turn, for each scenario.

    One-user runs ask for the demo organisation's pages; loaded runs spread
    over every signed-in titulaire's organisation, as real users would (and
    so that no cache sees the same organisation over and over). The
    diagnostic's pages are the exception: every user is the demo titulaire,
    whose organisation has the long history (`diagnostics`: the latest
    completed diagnostic of each organisation, by code).
    """
    demo_cookie, demo_code = people[0]
    targets = {name: [(demo_cookie, path.format(code=demo_code))] for name, path in PAGES.items()}
    targets["pdf-alone"] = [(demo_cookie, PDF.format(code=demo_code))]
    targets["pages"] = [
        (cookie, path.format(code=code)) for cookie, code in people for path in PAGES.values()
    ]
    targets["pdf"] = [(cookie, PDF.format(code=code)) for cookie, code in people]
    demo_pk = diagnostics.get(demo_code)
    if demo_pk is not None:
        for name, path in DIAGNOSTIC_PAGES.items():
            targets[name] = [(demo_cookie, path.format(code=demo_code, pk=demo_pk))]
        targets["diagnostic"] = [
            (demo_cookie, path) for name in DIAGNOSTIC_PAGES for _, path in targets[name]
        ]
        targets["diagnostic-pdf-alone"] = [
            (demo_cookie, DIAGNOSTIC_PDF.format(code=demo_code, pk=demo_pk))
        ]
        targets["diagnostic-pdf"] = [
            (cookie, DIAGNOSTIC_PDF.format(code=code, pk=diagnostics[code]))
            for cookie, code in people
            if code in diagnostics
        ]
    return targets


def plan(args: argparse.Namespace) -> list[tuple[str, int, str, int]]:
    """(scenario, users, model, seconds) in the order they run."""
    runs = []
    if not args.skip_single:
        singles = [page for scenario in args.scenarios for page in SINGLES.get(scenario, [])]
        for page in dict.fromkeys(singles):
            runs.append((page, 1, "closed", args.single_seconds))
    for scenario in args.scenarios:
        for users in args.users:
            for model in args.models:
                seconds = args.pdf_seconds if scenario in PDF_SCENARIOS else args.seconds
                runs.append((scenario, users, model, seconds))
    return runs


# --- Report -------------------------------------------------------------------


def git(*arguments: str) -> str:
    # --no-optional-locks: reading the state must not rewrite the index.
    done = subprocess.run(
        ["git", "--no-optional-locks", *arguments],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    return done.stdout.strip()


def code_state() -> dict:
    """The commit, and a fingerprint of the application's uncommitted changes,
    new files included: read just before the server starts, since that is the
    code it loads."""
    diff = git("diff", "HEAD", "--", "hygie")
    new = git("ls-files", "--others", "--exclude-standard", "--", "hygie").splitlines()
    digest = hashlib.sha256(diff.encode())
    for name in new:
        digest.update(name.encode() + b"\0" + (ROOT / name).read_bytes())
    return {
        "commit": git("rev-parse", "--short", "HEAD"),
        "local_changes": digest.hexdigest()[:12] if diff or new else None,
        "changed_files": git("diff", "HEAD", "--name-only", "--", "hygie").splitlines(),
        "new_files": new,
    }


def machine_paths() -> dict[str, str]:
    """Where this machine keeps things, and how results name them: the
    repository (and what it holds, such as .venv) by paths relative to it,
    the others by a name."""
    places = [(ROOT, ".")]
    places += [
        (place, name)
        for place, name in [
            (Path(sys.prefix), "$VENV"),
            (Path(tempfile.gettempdir()), "$TMPDIR"),
            (Path.home(), "~"),
        ]
        if not place.resolve().is_relative_to(ROOT)
    ]
    found: dict[str, str] = {}
    for place, name in places:
        for spelling in (str(place), str(place.resolve())):
            found.setdefault(spelling.rstrip("/"), name)
    return found


def portable(value, paths: dict[str, str] | None = None):
    """The results with no path of the machine they ran on: committed, they
    must read the same wherever they were measured."""
    paths = machine_paths() if paths is None else paths
    if isinstance(value, str):
        # A place, whole, where a path starts (a word, an option's value, a quote).
        places = "|".join(re.escape(p) for p in sorted(paths, key=len, reverse=True))
        found = rf"(?<![\w./~$-])({places})(?:(/)|(?![\w.-]))"

        def name(match: re.Match) -> str:
            place, slash = paths[match.group(1)], match.group(2)
            if place == ".":
                return "" if slash else "."
            return place + (slash or "")

        return re.sub(found, name, value)
    if isinstance(value, dict):
        return {key: portable(item, paths) for key, item in value.items()}
    if isinstance(value, list):
        return [portable(item, paths) for item in value]
    return value


def write_results(path: Path, report: dict) -> None:
    path.parent.mkdir(exist_ok=True)
    path.write_text(json.dumps(portable(report), indent=2, ensure_ascii=False) + "\n")


def machine() -> dict:
    cpu = memory = None
    if Path("/proc/cpuinfo").exists():
        cpu = re.search(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text())
        memory = re.search(r"MemTotal:\s*(\d+)", Path("/proc/meminfo").read_text())
    return {
        "cpus": os.cpu_count(),
        "cpu": cpu.group(1).strip() if cpu else "",
        "memory_gb": round(int(memory.group(1)) / 1024 / 1024) if memory else None,
        "python": platform.python_version(),
        "kernel": platform.release(),
    }


def wrk_version() -> str:
    version = subprocess.run(["wrk", "--version"], capture_output=True, text=True, check=False)
    return version.stdout.split(" [")[0]


def cpu_per_request(result: dict) -> float:
    seconds = result["duration_us"] / 1e6
    return result["cpu_cores"]["server"] * seconds * 1000 / max(result["requests"], 1)


def markdown(report: dict) -> str:
    meta = report["meta"]
    code = meta["code"]
    changes = f" plus local changes `{code['local_changes']}`" if code["local_changes"] else ""
    lines = [
        f"**{meta['database']}**, {meta['workers']} uvicorn worker(s), settings {meta['variant']}; "
        f"{meta['date']}, commit `{code['commit']}`{changes}; "
        f"{meta['machine']['cpus']} CPUs ({meta['machine']['cpu']}), wrk on the same machine.",
        "",
        "| scenario | users | model | req/s | p50 (ms) | p95 (ms) | p99 (ms) | errors "
        "| app CPU ms/req | cores: app + db + wrk | per worker | other |",
        "| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for run in report["runs"]:
        r = run["result"]
        lat = r["latency_us"]
        cpu = r["cpu_cores"]
        errors = r["not_ok"] + sum(r["socket_errors"].values())
        lines.append(
            f"| {run['scenario']} | {run['users']} | {MODELS[run['model']]} | {r['rps']:.1f} | "
            f"{lat['p50'] / 1000:.0f} | {lat['p95'] / 1000:.0f} | {lat['p99'] / 1000:.0f} | "
            f"{errors} / {r['requests']} | {cpu_per_request(r):.0f} | "
            f"{cpu['server']:.2f} + {cpu['database']:.2f} + {cpu['wrk']:.2f} | "
            f"{' / '.join(f'{c:.2f}' for c in cpu['per_worker'] if c >= 0.01) or '0'} | "
            f"{cpu['other']:.2f} |"
        )
    return "\n".join(lines)


# --- Main ---------------------------------------------------------------------


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Load run on loopback against Hygie.")
    parser.add_argument("--postgres", action="store_true", help="PostgreSQL and Redis, not SQLite")
    parser.add_argument("--workers", type=int, default=2, help="uvicorn worker processes")
    parser.add_argument("--seconds", type=int, default=40, help="length of each loaded run")
    parser.add_argument(
        "--pdf-seconds",
        type=int,
        default=60,
        help="length of each loaded PDF run: long enough for several rounds of slow answers",
    )
    parser.add_argument("--single-seconds", type=int, default=10, help="each one-user run")
    parser.add_argument("--users", type=int, nargs="+", default=[20, 50])
    parser.add_argument(
        "--scenarios",
        nargs="+",
        default=["pages", "pdf"],
        choices=["pages", "pdf", "diagnostic", "diagnostic-pdf"]
        + [page for pages in SINGLES.values() for page in pages],
        help="loaded scenarios; the one-user runs of their pages come first (see SINGLES)",
    )
    parser.add_argument("--models", nargs="+", default=["think", "closed"], choices=list(MODELS))
    parser.add_argument("--skip-single", action="store_true", help="no one-user runs")
    parser.add_argument(
        "--variant",
        default="as-is",
        choices=list(VARIANTS),
        help="settings change to measure (see VARIANTS); the application is not edited",
    )
    parser.add_argument("--orgs", type=int, default=30, help="organisations besides the demo")
    parser.add_argument(
        "--one-org", action="store_true", help="every user in the demo organisation, one session"
    )
    parser.add_argument("--deadlines", type=int, default=50, help="open deadlines per org")
    parser.add_argument(
        "--diagnostics",
        type=int,
        default=100,
        help="completed diagnostics in the demo organisation's history",
    )
    parser.add_argument(
        "--org-diagnostics", type=int, default=1, help="completed diagnostics per other org"
    )
    parser.add_argument(
        "--quiet-wait",
        type=float,
        default=300,
        help="seconds to wait for an idle machine before each run (then run anyway)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the data folder and database")
    parser.add_argument("--report", type=Path, help="print the table of a results file, and stop")
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    if args.report:
        print(markdown(json.loads(args.report.read_text())))
        return
    if shutil.which("wrk") is None:
        sys.exit("wrk is missing: apt-get install wrk")
    data_dir = Path(tempfile.mkdtemp(prefix="hygie-bench-"))
    env = environment(data_dir, args.postgres, args.variant)
    started = datetime.now(UTC)
    # The server loads the code when it starts: that is the state measured.
    code = code_state()
    kind = "postgres" if args.postgres else "sqlite"
    stem = f"{started:%Y%m%dT%H%M%SZ}-{kind}-w{args.workers}-{args.variant}"
    server = None
    server_log = data_dir / "server.log"
    try:
        if args.postgres:
            pg_admin(f"DROP DATABASE IF EXISTS {PG_BENCH_DB} WITH (FORCE)")
            pg_admin(f"CREATE DATABASE {PG_BENCH_DB}")
            clear_redis_prefix()
            database = f"PostgreSQL {pg_version()} + Redis cache"
        else:
            import sqlite3

            database = f"SQLite {sqlite3.sqlite_version} (WAL)"
        log(f"Seeding {database} in {data_dir}…")
        volume = seed(env, args)
        log(f"Seeded in {volume['seconds']} s: {json.dumps(volume)}")

        port = free_port()
        base = f"http://127.0.0.1:{port}"
        log(f"Starting hygie serve with {args.workers} worker(s) on {base}…")
        server = start_server(env, port, args.workers, server_log)
        wait_ready(base, server, server_log)

        email, password = demo_titulaire(data_dir)
        people = [sign_in(base, email, password)]
        if not args.one_org:
            password = volume["titulaire_password"]
            people += [sign_in(base, other, password) for other in volume["titulaires"]]
        targets = scenario_targets(people, volume.get("latest_diagnostics", {}))
        log(f"Signed in as {email} (organisation {people[0][1]}) and {len(people) - 1} others.")
        diagnostic_checks = []
        if any(s in DIAGNOSTIC_SCENARIOS for s in args.scenarios):
            if "diagnostic" not in targets:
                sys.exit("The demo organisation has no completed diagnostic.")
            diagnostic_checks = (
                targets["diagnostic"]
                + targets["diagnostic-pdf"][:1]
                + targets["diagnostic-pdf"][-1:]
            )
        for cookie, path in (
            targets["pages"][:3] + targets["pdf"][:1] + targets["pages"][-3:] + diagnostic_checks
        ):
            check_pages(base, cookie, [path])
        # Warm both workers: templates, content cache, connections. The
        # diagnostic's pages come first: the list is longer than 5 s of requests.
        wrk(base, diagnostic_checks + targets["pages"] + targets["pdf"], 4, False, 5)
        wait_drained(base)

        meter = CpuMeter(server.pid, args.postgres)
        runs = []
        for scenario, users, model, seconds in plan(args):
            idle = wait_quiet(args.quiet_wait)
            log(f"{scenario}, {users} user(s), {MODELS[model]}, {seconds} s (busy before: {idle})…")
            result = wrk(base, targets[scenario], users, model == "think", seconds, meter)
            drained = wait_drained(base)
            lat = result["latency_us"]
            log(
                f"  {result['rps']:.1f} req/s, p50 {lat['p50'] / 1000:.0f} ms, "
                f"p95 {lat['p95'] / 1000:.0f} ms, non-200 {result['not_ok']} "
                f"{result['statuses'] or ''}, socket errors "
                f"{sum(result['socket_errors'].values())}; cores {result['cpu_cores']}; "
                f"app CPU {cpu_per_request(result):.0f} ms/req; drained in {drained:.1f} s"
            )
            runs.append(
                {
                    "scenario": scenario,
                    "paths": sorted({path for _, path in targets[scenario]})[:6],
                    "organisations": len({path.split("/")[2] for _, path in targets[scenario]}),
                    "users": users,
                    "model": model,
                    "think_ms": list(THINK_MS) if model == "think" else None,
                    "seconds": seconds,
                    "machine_busy_before": idle,
                    "drained_seconds": round(drained, 1),
                    "result": result,
                }
            )
        # The session must have survived: a lost cookie would show as redirects.
        for cookie, path in targets["home"] + targets["pages"][-3:] + diagnostic_checks:
            check_pages(base, cookie, [path])

        report = {
            "meta": {
                "date": started.strftime("%Y-%m-%d %H:%M UTC"),
                "code": code,
                "database": database,
                "workers": args.workers,
                "variant": args.variant,
                "machine": {**machine(), "wrk": wrk_version()},
                "volume": volume,
                "server_errors_logged": server_log.read_text(errors="replace").count(" ERROR "),
            },
            "runs": runs,
        }
        out = RESULTS / f"{stem}.json"
        write_results(out, report)
        log(f"Results written to {out.relative_to(ROOT)}")
        print(markdown(report))
    finally:
        if server is not None:
            stop_server(server)
        if server_log.exists():
            RESULTS.mkdir(exist_ok=True)
            shutil.copy(server_log, RESULTS / f"{stem}.server.log")
        if args.keep:
            log(f"Kept {data_dir}")
        else:
            shutil.rmtree(data_dir, ignore_errors=True)
            if args.postgres:
                pg_admin(f"DROP DATABASE IF EXISTS {PG_BENCH_DB} WITH (FORCE)")
                clear_redis_prefix()


if __name__ == "__main__":
    main()
