"""Where a page's time goes, in one process, without the network or the load.

Run on a data folder seeded by run.py (--keep), with the same environment:

    HYGIE_DATA_DIR=/tmp/hygie-bench-xxxx .venv/bin/python bench/web/breakdown.py

For each page of the load run, as the demo titulaire: the median time of a
request through Django's test client, the number of SQL queries and their
time, and the functions that cost most (cProfile, or pyinstrument when it is
importable and --pyinstrument is given). For the PDF, the time of the HTML
rendering and of WeasyPrint apart. The diagnostic's pages are those of the
demo organisation's latest diagnostic; its report is laid out anew each time
(PDF_CACHE_SECONDS = 0), as in the no-pdf-cache variant.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import io
import os
import pstats
import statistics
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hygie.settings")
django.setup()

from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from hygie.accounts.models import User  # noqa: E402
from hygie.front.demo import PEOPLE  # noqa: E402
from hygie.orgs.models import Organisation  # noqa: E402


def timed(client: Client, path: str, repeat: int) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU milliseconds of each request.

    On a shared machine the wall-clock time includes waiting for a core; the
    CPU time of this process does not, and is the steadier measure of cost.
    """
    wall, cpu = [], []
    for _ in range(repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.get(path)
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    return wall, cpu


def queries(client: Client, path: str, show: bool) -> None:
    with CaptureQueriesContext(connection) as captured:
        client.get(path)
    total = sum(float(q["time"]) for q in captured.captured_queries) * 1000
    print(f"  {len(captured)} SQL queries, {total:.1f} ms in the database")
    if show:
        for q in captured.captured_queries:
            print(f"    {float(q['time']) * 1000:6.2f} ms  {q['sql'][:160]}")


def profile(client: Client, path: str, top: int, pyinstrument: bool) -> None:
    if pyinstrument:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.0005)
        profiler.start()
        for _ in range(5):
            client.get(path)
        profiler.stop()
        print(profiler.output_text(unicode=True, color=False, show_all=False))
        return
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(5):
        client.get(path)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).sort_stats("cumulative")
    stats.print_stats(top)
    print("\n".join("    " + line for line in out.getvalue().splitlines()[6:]))


def pdf_alone(org: Organisation, user: User, repeat: int, extra_css: str = "") -> None:
    """The PDF export's steps, outside any request; `extra_css` tries a style change."""
    from django.template.loader import render_to_string
    from django.utils import timezone
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    from hygie.deadlines.models import Deadline, Status
    from hygie.lib import documents

    membership = user.memberships.get(org=org)
    html_ms, pdf_ms = [], []
    for _ in range(repeat):
        started = time.process_time()
        rows = list(
            Deadline.objects.visible_to(membership)
            .select_related("subject_type")
            .order_by("status", "due_at")
        )
        html = render_to_string(
            "deadlines/list_pdf.html",
            {
                "open_rows": [d for d in rows if d.status == Status.OPEN],
                "now": timezone.now(),
                "org": org,
                "title": "Échéances",
                "print_css": documents._print_css() + extra_css,
                "generated_at": timezone.localtime(),
            },
        )
        middle = time.process_time()
        fetcher = URLFetcher(allowed_protocols={"data"})
        document = HTML(
            string=html, url_fetcher=fetcher, base_url=str(documents.PRINT_CSS.parent)
        ).render()
        laid_out = time.process_time()
        pdf = document.write_pdf()
        end = time.process_time()
        html_ms.append((middle - started) * 1000)
        pdf_ms.append(((laid_out - middle) * 1000, (end - laid_out) * 1000))
    label = f"with {extra_css!r}" if extra_css else "as is"
    print(
        f"  PDF {label}, CPU time: queries + HTML template: {statistics.median(html_ms):.0f} ms; "
        f"WeasyPrint layout: {statistics.median(p[0] for p in pdf_ms):.0f} ms; "
        f"PDF writing: {statistics.median(p[1] for p in pdf_ms):.0f} ms "
        f"({len(document.pages)} pages, {len(pdf) / 1024:.0f} KiB, {len(html) / 1024:.0f} KiB of HTML)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--top", type=int, default=25, help="functions shown per profile")
    parser.add_argument("--sql", action="store_true", help="print every query")
    parser.add_argument("--no-profile", action="store_true")
    parser.add_argument("--pyinstrument", action="store_true")
    parser.add_argument("--only", nargs="+", help="page names to look at")
    parser.add_argument(
        "--pdf-css", default="", help='CSS appended to the print style, e.g. "table { … }"'
    )
    args = parser.parse_args()

    org = Organisation.objects.get(is_demo=True)
    user = User.objects.get(email=PEOPLE[0][1])
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    pages = {
        # Two baselines: the bare stack (no session, no template), and the
        # smallest signed-in page (middleware, session, base template).
        "etat": "/etat/",
        "leave": f"/o/{org.code}/quitter/",
        "home": f"/o/{org.code}/",
        "deadlines": f"/o/{org.code}/echeances/",
        "journal": f"/o/{org.code}/journal/",
        "pdf": f"/o/{org.code}/echeances/export.pdf",
    }
    latest = org.assessments.exclude(completed_at=None).order_by("-completed_at").first()
    if latest is not None:
        pages["diagnostic-result"] = f"/o/{org.code}/diagnostic/{latest.pk}/resultat/"
        pages["diagnostic-home"] = f"/o/{org.code}/diagnostic/"
        pages["diagnostic-pdf"] = f"/o/{org.code}/diagnostic/{latest.pk}/rapport.pdf"
    for name, path in pages.items():
        if args.only and name not in args.only:
            continue
        repeat = max(args.repeat // 4, 3) if name.endswith("pdf") else args.repeat
        cold = (
            override_settings(PDF_CACHE_SECONDS=0)
            if name == "diagnostic-pdf"
            else contextlib.nullcontext()
        )
        with cold:
            client.get(path)  # the first request loads templates and caches
            wall, cpu = timed(client, path, repeat)
            print(
                f"{name} {path}: CPU median {statistics.median(cpu):.1f} ms "
                f"(min {min(cpu):.1f}); wall-clock median {statistics.median(wall):.1f} ms "
                f"(min {min(wall):.1f}); {repeat} requests"
            )
            queries(client, path, args.sql)
            if name == "pdf":
                pdf_alone(org, user, repeat)
                if args.pdf_css:
                    pdf_alone(org, user, repeat, args.pdf_css)
            if not args.no_profile:
                profile(client, path, args.top, args.pyinstrument)


if __name__ == "__main__":
    main()
