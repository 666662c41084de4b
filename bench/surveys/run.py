"""2,000 respondents submit the ready-made survey against `hygie serve`
(see bench/surveys/README.md).

1. A fresh data folder on the embedded default (SQLite); the limit of
   questionnaires per network is raised (HYGIE_SURVEY_SUBMISSIONS_PER_NETWORK),
   since every client of the bench comes from 127.0.0.1.
2. `hygie serve` starts (migrations, content library), then seed.py creates a
   regional body with the ready-made survey, open.
3. Each respondent is a client of its own (its own cookies): it GETs the form,
   reads the CSRF token, and POSTs random valid answers, conditional questions
   included. `--clients` respondents run at once.
4. The POSTs' latency, the total time, the throughput and the errors (any
   answer other than the redirect to the thank-you page) are written as JSON
   in bench/surveys/results/ and printed; the database is then asked how
   many responses it holds, which must equal the number of respondents.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
BIN = Path(sys.executable).parent
RESULTS = HERE / "results"
TEMPLATE = ROOT / "hygie" / "content" / "library" / "survey_templates.yaml"
sys.path.insert(0, str(HERE.parent / "web"))

import run as web  # noqa: E402  (bench/web/run.py: server, git and machine helpers)

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def questions() -> list[dict]:
    data = yaml.safe_load(TEMPLATE.read_text())["items"][0]
    return [q for section in data["sections"] for q in section["questions"]]


def random_answers(rng: random.Random, asked: list[dict]) -> list[tuple[str, str]]:
    """Form fields for a plausible respondent: every question answered, the
    server dropping the conditional ones whose condition is not met."""
    fields = []
    for q in asked:
        name = f"q-{q['key']}"
        keys = [c["key"] for c in q.get("choices", [])]
        if q["kind"] == "single":
            fields.append((name, rng.choice(keys)))
        elif q["kind"] == "multiple":
            fields += [(name, k) for k in rng.sample(keys, rng.randint(1, len(keys)))]
        elif q["kind"] == "scale":
            fields.append((name, str(rng.randint(q["scale"]["min"], q["scale"]["max"]))))
        elif q["kind"] == "number":
            fields.append((name, str(rng.randint(q["number"]["min"], q["number"]["max"]))))
        elif rng.random() < 0.3:
            fields.append((name, "Plus de formations près de chez nous."))
    return fields


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


def respondent(url: str, fields: list[tuple[str, str]]) -> tuple[bool, float, str]:
    """(ok, seconds of the POST, error): one browser, GET then POST."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)
    try:
        with opener.open(url, timeout=120) as page:
            html = page.read().decode()
        token = CSRF.search(html).group(1)
        body = urllib.parse.urlencode([("csrfmiddlewaretoken", token), *fields]).encode()
        request = urllib.request.Request(url, data=body, headers={"Referer": url})
        started = time.perf_counter()
        try:
            with opener.open(request, timeout=120) as answer:
                status = answer.status
        except urllib.error.HTTPError as error:
            status = error.code
            location = error.headers.get("Location", "")
        else:
            location = ""
        seconds = time.perf_counter() - started
        if status == 302 and location.endswith("/merci/"):
            return True, seconds, ""
        return False, seconds, f"HTTP {status}"
    except Exception as error:  # counted and reported, never hidden
        return False, 0.0, f"{type(error).__name__}: {error}"


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def one_run(args: argparse.Namespace, number: int) -> dict:
    data_dir = Path(tempfile.mkdtemp(prefix="hygie-bench-surveys-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("HYGIE_")}
    env.update(
        HYGIE_DATA_DIR=str(data_dir),
        DJANGO_SETTINGS_MODULE="hygie.settings",
        HYGIE_SURVEY_SUBMISSIONS_PER_NETWORK=str(args.respondents * 10),
    )
    port = web.free_port()
    base = f"http://127.0.0.1:{port}"
    log_path = data_dir / "serve.log"
    server = web.start_server(env, port, args.workers, log_path)
    try:
        web.wait_ready(base, server, log_path)
        seeded = subprocess.run(
            [sys.executable, str(HERE / "seed.py")],
            env=env, cwd=ROOT, capture_output=True, text=True, check=True,
        )  # fmt: skip
        url = base + json.loads(seeded.stdout)["path"]
        asked = questions()
        rng = random.Random(number)
        forms = [random_answers(rng, asked) for _ in range(args.respondents)]
        web.log(f"Run {number}: {args.respondents} respondents, {args.clients} at once…")
        started = time.perf_counter()
        with ThreadPoolExecutor(args.clients) as pool:
            outcomes = list(pool.map(lambda f: respondent(url, f), forms))
        total = time.perf_counter() - started
        counted = subprocess.run(
            [sys.executable, str(HERE / "seed.py"), "--count"],
            env=env, cwd=ROOT, capture_output=True, text=True, check=True,
        )  # fmt: skip
        stored = json.loads(counted.stdout)["responses"]
    finally:
        web.stop_server(server)
        shutil.rmtree(data_dir, ignore_errors=True)
    posts = [s for ok, s, _ in outcomes if ok]
    errors = [e for ok, _, e in outcomes if not ok]
    return {
        "run": number,
        "respondents": args.respondents,
        "clients": args.clients,
        "total_seconds": round(total, 1),
        "respondents_per_second": round(args.respondents / total, 1),
        "post_ms": {
            "p50": round(percentile(posts, 50) * 1000, 1) if posts else None,
            "p95": round(percentile(posts, 95) * 1000, 1) if posts else None,
            "p99": round(percentile(posts, 99) * 1000, 1) if posts else None,
            "mean": round(statistics.fmean(posts) * 1000, 1) if posts else None,
        },
        "errors": len(errors),
        "error_kinds": sorted(set(errors))[:10],
        "responses_stored": stored,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--respondents", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=32, help="respondents at once")
    parser.add_argument("--workers", type=int, default=1, help="hygie serve --workers")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    code = web.code_state()
    runs = [one_run(args, n) for n in range(1, args.runs + 1)]
    report = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "code": code,
        "machine": web.machine(),
        "database": "SQLite (embedded default)",
        "workers": args.workers,
        "runs": runs,
    }
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{datetime.now(UTC):%Y%m%dT%H%M%S}.json"
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    print("| run | total (s) | respondents/s | POST p50 (ms) | p95 | p99 | errors | stored |")
    print("|---|---|---|---|---|---|---|---|")
    for r in runs:
        p = r["post_ms"]
        print(
            f"| {r['run']} | {r['total_seconds']} | {r['respondents_per_second']} | "
            f"{p['p50']} | {p['p95']} | {p['p99']} | {r['errors']} | {r['responses_stored']} |"
        )
    print(f"\nCommit {code['commit']}, results in {path.relative_to(ROOT)}")
    if any(r["errors"] or r["responses_stored"] != r["respondents"] for r in runs):
        sys.exit(1)


if __name__ == "__main__":
    main()
