"""Time a survey's results for the animateur: 2,000 responses to 25 questions.

Builds a throw-away database (SQLite in a temporary folder by default, or the
PostgreSQL of HYGIE_DATABASE_URL), a survey shaped like the ready-made one
(profession and setting, 12 single choices, 5 multiple choices, 3 scales, 1
number, 2 free texts) and the responses drawn at random, then times, several
times each: the counting (hygie.surveys.results.compute, with its queries),
the results page as the animateur opens it, the published page, the CSV and
XLSX exports and the PDF report. Prints one line of JSON.

    python bench/surveys/results_timing.py --responses 2000 --runs 5
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--responses", type=int, default=2000)
parser.add_argument("--runs", type=int, default=5)
parser.add_argument("--random-seed", type=int, default=6)
args = parser.parse_args()

if "HYGIE_DATABASE_URL" not in os.environ:
    os.environ["HYGIE_DATA_DIR"] = tempfile.mkdtemp(prefix="hygie-bench-surveys-")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hygie.settings")
os.environ["HYGIE_PDF_CACHE_SECONDS"] = "0"
os.environ["HYGIE_PREPARE_DOCUMENTS"] = "0"  # time each page alone

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from hygie.accounts.models import User  # noqa: E402
from hygie.orgs.models import Kind, Membership, Organisation  # noqa: E402
from hygie.orgs.roles import Role  # noqa: E402
from hygie.surveys import exports, results  # noqa: E402
from hygie.surveys.models import Answer, Question, Response, Survey  # noqa: E402


def choices(prefix: str, n: int) -> list[dict]:
    return [{"key": f"{prefix}{i}", "label": f"Réponse {i} de {prefix}"} for i in range(n)]


def build(rng: random.Random) -> tuple[Survey, User]:
    region = Organisation.objects.create(name="GRADeS du banc", kind=Kind.APPUI)
    user = User.objects.create_user("banc@grades.example", "Banc-Enquetes-2026", full_name="Banc")
    Membership.objects.create(user=user, org=region, role=Role.ANIMATEUR)
    survey = Survey.objects.create(
        org=region, title="Pratiques RGPD (banc)", status="open", results_published=True
    )
    specs = [
        dict(key="profession", kind="single", choices=choices("p", 9), breakdown="profession"),
        dict(key="exercice", kind="single", choices=choices("e", 6), breakdown="setting"),
    ]
    specs += [dict(key=f"s{i}", kind="single", choices=choices("c", 4)) for i in range(12)]
    specs += [dict(key=f"m{i}", kind="multiple", choices=choices("c", 6)) for i in range(5)]
    specs += [dict(key=f"e{i}", kind="scale", scale_min=1, scale_max=5) for i in range(3)]
    specs += [dict(key="postes", kind="number", number_min=0, number_max=50)]
    specs += [dict(key=f"t{i}", kind="text") for i in range(2)]
    questions = [
        Question.objects.create(survey=survey, position=i, text=f"Question {s['key']}", **s)
        for i, s in enumerate(specs)
    ]
    start = timezone.now() - timedelta(days=20)
    responses = Response.objects.bulk_create(
        Response(
            survey=survey,
            submitted_at=(start + timedelta(minutes=rng.randrange(20 * 24 * 60))).replace(
                second=0, microsecond=0
            ),
            channel="public",
        )
        for _ in range(args.responses)
    )
    if responses[0].pk is None:  # SQLite before RETURNING: read them back
        responses = list(Response.objects.filter(survey=survey))
    rows = []
    weights = [40, 25, 10, 8, 6, 5, 3, 2, 1]
    for response in responses:
        for q in questions:
            if q.kind == "single":
                keys = [c["key"] for c in q.choices]
                w = weights[: len(keys)]
                rows.append(Answer(response=response, question=q, choice=rng.choices(keys, w)[0]))
            elif q.kind == "multiple":
                for c in rng.sample(q.choices, rng.randint(0, 3)):
                    rows.append(Answer(response=response, question=q, choice=c["key"]))
            elif q.kind == "scale":
                v = rng.randint(1, 5)
                rows.append(Answer(response=response, question=q, choice=str(v), number=v))
            elif q.kind == "number":
                rows.append(Answer(response=response, question=q, number=rng.randint(0, 50)))
            elif rng.random() < 0.2:
                rows.append(Answer(response=response, question=q, text="Une remarque libre"))
    Answer.objects.bulk_create(rows, batch_size=5000)
    return survey, user


def timed(label: str, call, runs: int) -> dict:
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        call()
        times.append((time.perf_counter() - began) * 1000)
    return {
        "what": label,
        "median_ms": round(statistics.median(times)),
        "min_ms": round(min(times)),
        "max_ms": round(max(times)),
    }


# Pages are asked through the test client: no collected static files, any host.
PLAIN_STATIC = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


@override_settings(STORAGES=PLAIN_STATIC, ALLOWED_HOSTS=["*"])
def main() -> None:
    call_command("migrate", verbosity=0)
    rng = random.Random(args.random_seed)
    survey, user = build(rng)
    client = Client()
    client.force_login(user)
    code = survey.org.code

    def page(name: str, *url_args, **extra):
        def get():
            response = client.get(reverse(name, args=url_args), **extra)
            if response.status_code != 200:
                sys.exit(f"{name}: {response.status_code}")

        return get

    with CaptureQueriesContext(connection) as queries:
        results.compute(survey)
    report = {
        "database": connection.vendor,
        "responses": args.responses,
        "questions": survey.questions.count(),
        "answers": Answer.objects.filter(response__survey=survey).count(),
        "count_queries": len(queries),
        "timings": [
            timed("results.compute", lambda: results.compute(survey, with_texts=True), args.runs),
            timed("page résultats", page("surveys:results", code, survey.pk), args.runs),
            timed("page publiée", page("surveys:published", survey.results_token), args.runs),
            timed("export CSV", lambda: exports.csv_bytes(survey), args.runs),
            timed("export XLSX", lambda: exports.xlsx_bytes(survey), args.runs),
            timed(
                "rapport PDF", page("surveys:report_pdf", code, survey.pk), max(1, args.runs // 2)
            ),
        ],
    }
    print(json.dumps(report, ensure_ascii=False))


if __name__ == "__main__":
    main()
