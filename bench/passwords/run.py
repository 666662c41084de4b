"""How fast the password engine runs on the server (see bench/passwords/README.md).

1. Each run in a fresh Python process: V8 started and the bundle evaluated
   (load), then the first analysis, which also ranks the dictionaries.
2. Then `analyse` on 300 passwords of various lengths (100 made like people
   make them, 100 random strings of 4 to 64 characters, 100 passphrases of 3
   to 10 words), and `renewal` on 300 pairs; p50 and p95 per call; then
   `analyse` on a phrase repeated to 256 characters and on 5 MB of it.
3. The bundle's size, raw and gzipped.
4. All of it `--runs` times; the Markdown table gives each figure's range.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import statistics
import string
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
WORDS = ROOT / "assets" / "passwords" / "words.json"
BUNDLE = ROOT / "hygie" / "static" / "hygie" / "passwords" / "hygie-passwords.js"


def passwords() -> list[str]:
    rng = random.Random(2026)
    words = json.loads(WORDS.read_text(encoding="utf-8"))
    symbols = "!?#%&*-_.@"
    made = [
        rng.choice(words).capitalize()
        + str(rng.randrange(10 ** rng.randint(1, 4)))
        + rng.choice(symbols)
        for _ in range(100)
    ]
    alphabet = string.ascii_letters + string.digits + symbols
    randoms = ["".join(rng.choice(alphabet) for _ in range(rng.randint(4, 64))) for _ in range(100)]
    phrases = [
        rng.choice(" -._").join(rng.choice(words) for _ in range(rng.randint(3, 10)))
        for _ in range(100)
    ]
    return made + randoms + phrases


# No maximum length (ANSSI R22): a phrase repeated to the estimate's own
# limit (zxcvbn-ts's default maxLength, 256), and a pasted text of 5 MB.
PHRASE = "Hirondelle-Cerfeuil-73-Boussole "
LONG = {
    "repeated_256": (PHRASE * 8)[:256],
    "pasted_5mb": PHRASE * (5 * 2**20 // len(PHRASE)),
}


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def one_run() -> dict[str, float]:
    sys.path.insert(0, str(ROOT))
    from hygie.accounts import engine

    start = time.perf_counter()
    engine.version()  # V8 started, the bundle evaluated
    load = time.perf_counter() - start
    start = time.perf_counter()
    engine.analyse("Premier-appel-2026!")
    first = time.perf_counter() - start
    sample = passwords()
    analyse_ms = []
    for password in sample:
        start = time.perf_counter()
        engine.analyse(password, ["Claire Martin", "claire@cabinet-martin.example"])
        analyse_ms.append((time.perf_counter() - start) * 1000)
    renewal_ms = []
    for old, new in zip(sample, sample[1:] + sample[:1], strict=True):
        start = time.perf_counter()
        engine.renewal(old, new)
        renewal_ms.append((time.perf_counter() - start) * 1000)
    long_ms = {}
    for key, password in LONG.items():
        start = time.perf_counter()
        engine.analyse(password)
        long_ms[key] = (time.perf_counter() - start) * 1000
    return {
        "load_ms": load * 1000,
        "first_ms": first * 1000,
        "analyse_p50": statistics.median(analyse_ms),
        "analyse_p95": percentile(analyse_ms, 95),
        "renewal_p50": statistics.median(renewal_ms),
        "renewal_p95": percentile(renewal_ms, 95),
        **long_ms,
    }


def span(values: list[float], digits: int = 0) -> str:
    low, high = f"{min(values):.{digits}f}", f"{max(values):.{digits}f}"
    return low if low == high else f"{low}–{high}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one_run()))
        return
    runs = []
    for _ in range(args.runs):
        out = subprocess.run(
            [sys.executable, __file__, "--one"], check=True, capture_output=True, text=True
        )
        runs.append(json.loads(out.stdout))
    raw = BUNDLE.read_bytes()
    print(
        f"Bundle: {len(raw) / 1024:.0f} KiB raw, {len(gzip.compress(raw, 9)) / 1024:.0f} KiB gzipped"
    )
    print(f"{args.runs} runs, 300 passwords each\n")
    print("| figure | ms |\n|---|---|")
    for key, label, digits in [
        ("load_ms", "V8 started and the bundle evaluated", 0),
        ("first_ms", "first analysis (dictionaries ranked)", 0),
        ("analyse_p50", "analyse, p50", 1),
        ("analyse_p95", "analyse, p95", 1),
        ("renewal_p50", "renewal, p50", 2),
        ("renewal_p95", "renewal, p95", 2),
        ("repeated_256", "analyse, a phrase repeated to 256 characters", 0),
        ("pasted_5mb", "analyse, 5 MB pasted", 0),
    ]:
        print(f"| {label} | {span([r[key] for r in runs], digits)} |")


if __name__ == "__main__":
    main()
