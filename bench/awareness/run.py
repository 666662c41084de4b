"""How fast the public awareness pages answer (see bench/awareness/README.md).

1. A fresh temporary data folder, migrated, static files collected and the
   content library loaded, as `hygie serve` does; the in-process cache (LocMemCache), as by default.
2. In this process, with Django's test client (no network): the index, then
   every sheet, each opened `--repeat` times; the median and p95 per page.
3. Each sheet's PDF laid out cold (the cache emptied first), then served warm
   from the cache; the whole set the same way.
4. All of it `--runs` times; the Markdown table gives each figure's range
   over the runs.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent


def prepare_django(data_dir: Path) -> None:
    os.environ["HYGIE_DATA_DIR"] = str(data_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hygie.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from hygie.content.loader import LIBRARY_DIR, load

    settings.ALLOWED_HOSTS = ["testserver"]
    settings.PREPARE_DOCUMENTS = False  # measure the layout in the request
    call_command("migrate", verbosity=0, interactive=False)
    call_command("collectstatic", verbosity=0, interactive=False)
    load(LIBRARY_DIR)


def timed(client, url: str) -> float:
    start = time.perf_counter()
    response = client.get(url)
    elapsed = (time.perf_counter() - start) * 1000
    assert response.status_code == 200, (url, response.status_code)
    return elapsed


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


def one_run(repeat: int) -> dict[str, float]:
    from django.core.cache import cache
    from django.test import Client

    from hygie.awareness import sheets

    client = Client()
    slugs = [p["id"] for p in sheets.pages()]
    pages = [timed(client, "/sensibilisation/") for _ in range(repeat)]
    sheet_times = [timed(client, f"/sensibilisation/{s}/") for s in slugs for _ in range(repeat)]
    cold, warm = [], []
    for slug in slugs:
        cache.clear()
        cold.append(timed(client, f"/sensibilisation/{slug}/pdf/"))
        warm.append(timed(client, f"/sensibilisation/{slug}/pdf/"))
    cache.clear()
    set_cold = timed(client, "/sensibilisation/pdf/")
    set_warm = timed(client, "/sensibilisation/pdf/")
    return {
        "index_median": statistics.median(pages),
        "index_p95": p95(pages),
        "sheet_median": statistics.median(sheet_times),
        "sheet_p95": p95(sheet_times),
        "pdf_cold_median": statistics.median(cold),
        "pdf_cold_max": max(cold),
        "pdf_warm_median": statistics.median(warm),
        "set_cold": set_cold,
        "set_warm": set_warm,
    }


LABELS = {
    "index_median": "Index, médiane",
    "index_p95": "Index, p95",
    "sheet_median": "Fiche, médiane",
    "sheet_p95": "Fiche, p95",
    "pdf_cold_median": "PDF d'une fiche, mise en page (médiane)",
    "pdf_cold_max": "PDF d'une fiche, mise en page (la plus lente)",
    "pdf_warm_median": "PDF d'une fiche, depuis le cache (médiane)",
    "set_cold": "PDF de toutes les fiches, mise en page",
    "set_warm": "PDF de toutes les fiches, depuis le cache",
}


def markdown(runs: list[dict[str, float]]) -> str:
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    lines = [f"{len(runs)} runs, commit {commit}", "", "| Mesure | ms (min – max) |", "|---|---|"]
    for key, label in LABELS.items():
        values = [r[key] for r in runs]
        lines.append(f"| {label} | {min(values):.0f} – {max(values):.0f} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=20, help="openings of each page per run")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="hygie-bench-awareness-") as data:
        prepare_django(Path(data))
        runs = [one_run(args.repeat) for _ in range(args.runs)]
    print(markdown(runs))


if __name__ == "__main__":
    main()
