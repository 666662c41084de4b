"""The message analyzer against the labelled set, beside SpamAssassin (see bench/messages/README.md).

1. Read the set: sms.jsonl and the e-mails listed in emails/labels.csv.
2. SpamAssassin, when installed: every message in an mbox (each SMS wrapped
   as a minimal e-mail), `spamassassin --local --mbox` in parallel processes,
   its score and rules read back from X-Spam-Status.
3. Hygie, in this process: a fresh data folder with the migrations and the
   content library (the checks may read it), then every message read
   (`read_sms`, `read_file`), analysed and turned into JSON (`as_json()`, the
   explanations included). Detected means a verdict other than « aucun_signe ».
4. Hygie's speed on one core: the whole set analysed again and again for a
   few seconds, then a generated 1 MB newsletter analysed several times.
5. Recall on phishing and false-positive rate on legitimate messages, per
   channel and for the hard cases, printed as Markdown tables; with --json,
   every figure and every message's result written to a file.

Nothing here calls the network: SpamAssassin runs with its local tests only.
"""

from __future__ import annotations

import argparse
import bisect
import contextlib
import csv
import importlib.util
import json
import math
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
SETS = {"principal": HERE, "reglage": HERE / "reglage", "controle": HERE / "controle"}

PHISHING = "phishing"
LEGITIMATE = "legitime"
CHANNELS = {"sms": "SMS", "email": "e-mail"}

# SpamAssassin's default threshold, and the options that keep it local and
# repeatable: no network tests (-L), no user preferences created (-x), no
# Bayesian filter (it would learn from the set as it goes), spam tagged in
# headers rather than wrapped in a report (report_safe 0). RCVD_ILLEGAL_IP is
# set to 0: the set's Received headers use the documentation address ranges
# (RFC 5737), which that rule flags in every message, phishing or not.
SA_REQUIRED = 5.0
SA_OPTIONS = [
    "--local",
    "--nocreate-prefs",
    "--cf=use_bayes 0",
    "--cf=bayes_auto_learn 0",
    "--cf=report_safe 0",
    "--cf=score RCVD_ILLEGAL_IP 0",
    f"--cf=required_score {SA_REQUIRED}",
]

# The targets (issue 17, « Proof »).
TARGET_RECALL = 0.95
TARGET_FALSE_POSITIVES = 0.01
TARGET_PER_SECOND = 500
TARGET_BIG_MS = 200


def _web_bench():
    """bench/web/run.py, for its log, machine, code state and portable results."""
    spec = importlib.util.spec_from_file_location("web_bench", ROOT / "bench" / "web" / "run.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


web = _web_bench()
log = web.log


# --- The set ----------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    id: str
    channel: str  # "sms" or "email"
    label: str
    hard: bool
    theme: str
    text: str = ""  # an SMS
    sender: str = ""  # an SMS's sender
    path: Path | None = None  # an e-mail

    def raw(self) -> bytes:
        return self.path.read_bytes() if self.path else self.text.encode()


def load_set(root: Path = HERE) -> list[Item]:
    """The set under root: its sms.jsonl and the e-mails of emails/labels.csv."""
    items = []
    emails = root / "emails"
    with (root / "sms.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            items.append(
                Item(
                    id=row["id"],
                    channel="sms",
                    label=row["label"],
                    hard=row["hard"],
                    theme=row["theme"],
                    text=row["text"],
                    sender=row["sender"],
                )
            )
    with (emails / "labels.csv").open(encoding="utf-8", newline="") as rows:
        for row in csv.DictReader(rows):
            path = emails / row["file"]
            items.append(
                Item(
                    id=path.stem,
                    channel="email",
                    label=row["label"],
                    hard=row["hard"] == "true",
                    theme=row["theme"],
                    path=path,
                )
            )
    return items


# --- SpamAssassin -----------------------------------------------------------------


def sa_version() -> str | None:
    if not shutil.which("spamassassin"):
        return None
    done = subprocess.run(["spamassassin", "-V"], capture_output=True, text=True, check=False)
    found = re.search(r"SpamAssassin version (\S+)", done.stdout)
    return found.group(1) if found else done.stdout.strip()


def as_email(item: Item) -> str:
    """An SMS as the smallest e-mail SpamAssassin reads: the same From address
    for every SMS, the sender as its display name, a fixed subject and date."""
    sender = item.sender.replace('"', "") or "SMS"
    return (
        f'From: "{sender}" <sms@sms.example>\n'
        "To: <destinataire@cabinet.example>\n"
        "Subject: SMS\n"
        "Date: Mon, 02 Mar 2026 10:00:00 +0100\n"
        f"Message-ID: <{item.id}@sms.example>\n"
        "MIME-Version: 1.0\n"
        'Content-Type: text/plain; charset="utf-8"\n'
        "Content-Transfer-Encoding: 8bit\n"
        "\n"
        f"{item.text}\n"
    )


def mbox_entry(item: Item) -> str:
    if item.channel == "sms":
        message = as_email(item)
    else:
        message = item.raw().decode("utf-8", "replace").replace("\r\n", "\n")
    # The bench's own header, first, to find each message in SpamAssassin's output.
    message = f"X-Bench-Id: {item.id}\n{message}"
    body = re.sub(r"(?m)^(>*From )", r">\1", message)
    return f"From bench@localhost Mon Mar  2 10:00:00 2026\n{body.rstrip(chr(10))}\n\n"


def run_spamassassin(items: list[Item], jobs: int) -> tuple[dict[str, dict], float]:
    """Each message's score and rules, read from the X-Spam-Status header that
    `spamassassin --mbox` adds; the messages are split between `jobs` processes."""
    folder = Path(tempfile.mkdtemp(prefix="hygie-messages-bench-sa-"))
    try:
        chunks = [items[i::jobs] for i in range(jobs)]
        processes = []
        started = time.perf_counter()
        for n, chunk in enumerate(chunks):
            mbox = folder / f"in-{n}.mbox"
            mbox.write_text("".join(mbox_entry(item) for item in chunk), encoding="utf-8")
            out = (folder / f"out-{n}.mbox").open("wb")
            errors = (folder / f"err-{n}.txt").open("wb")
            command = ["spamassassin", *SA_OPTIONS, "--mbox"]
            processes.append(
                (subprocess.Popen(command, stdin=mbox.open("rb"), stdout=out, stderr=errors), n)
            )
        for process, n in processes:
            if process.wait() != 0:
                sys.exit(
                    f"spamassassin failed ({process.returncode}):\n"
                    + (folder / f"err-{n}.txt").read_text(errors="replace")[-2000:]
                )
        seconds = time.perf_counter() - started
        results: dict[str, dict] = {}
        for n in range(jobs):
            results.update(
                parse_spamassassin((folder / f"out-{n}.mbox").read_text("utf-8", "replace"))
            )
        missing = [item.id for item in items if item.id not in results]
        if missing:
            sys.exit(
                f"spamassassin returned no verdict for {len(missing)} messages: {missing[:5]}…"
            )
        return results, seconds
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def parse_spamassassin(output: str) -> dict[str, dict]:
    results = {}
    for message in re.split(r"(?m)^From bench@localhost ", output):
        head = message.split("\n\n", 1)[0]
        head = re.sub(r"\n[ \t]+", " ", head)  # unfold
        found_id = re.search(r"(?m)^X-Bench-Id: (\S+)", head)
        status = re.search(r"(?m)^X-Spam-Status: (Yes|No), score=(-?[\d.]+) .*?tests=(\S*)", head)
        if found_id and status:
            tests = [t for t in status.group(3).split(",") if t and t != "none"]
            results[found_id.group(1)] = {
                "spam": status.group(1) == "Yes",
                "score": float(status.group(2)),
                "tests": tests,
            }
    return results


# --- Hygie ------------------------------------------------------------------------


def prepare_django(data_dir: Path) -> None:
    """Django on a fresh data folder, migrated, with the content library loaded:
    the checks may read their rules and brands from it."""
    os.environ["HYGIE_DATA_DIR"] = str(data_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hygie.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    from hygie.content.loader import LIBRARY_DIR, load

    call_command("migrate", verbosity=0, interactive=False)
    load(LIBRARY_DIR)


def analyse_one(item: Item, data: bytes) -> dict:
    """What a user gets: the message read, analysed, and its explanations built."""
    from hygie.phishing.analysis import analyse
    from hygie.phishing.reading import read_file, read_sms

    if item.channel == "sms":
        message = read_sms(item.text, sender=item.sender, id=item.id)
    else:
        message = read_file(item.path.name, data)
    return analyse(message).as_json()


def run_hygie(items: list[Item]) -> dict[str, dict]:
    """Each message's verdict, score and rules; an exception counts as an error
    (and as not detected), with its message kept."""
    results = {}
    for item in items:
        try:
            found = analyse_one(item, item.raw())
        except Exception as exc:  # the bench reports every failure
            results[item.id] = {"error": f"{type(exc).__name__}: {exc}"[:300]}
            continue
        results[item.id] = {
            "verdict": found["verdict"],
            "score": found["score"],
            "rules": [signal["regle"] for signal in found["signaux"]],
        }
    return results


def speed(items: list[Item], seconds: float) -> dict:
    """Messages per second on one core: the whole set, read, analysed and turned
    into JSON, again and again for at least `seconds` (files read beforehand)."""
    raws = [(item, item.raw()) for item in items]
    by_channel = {channel: [0, 0.0] for channel in CHANNELS}
    done = 0
    passes = 0
    wall = cpu = 0.0
    while passes == 0 or wall < seconds:
        wall_start, cpu_start = time.perf_counter(), time.process_time()
        for item, data in raws:
            start = time.perf_counter()
            # A failure is counted in the detection pass; here only time matters.
            with contextlib.suppress(Exception):
                analyse_one(item, data)
            by_channel[item.channel][0] += 1
            by_channel[item.channel][1] += time.perf_counter() - start
        wall += time.perf_counter() - wall_start
        cpu += time.process_time() - cpu_start
        done += len(raws)
        passes += 1
    return {
        "messages": done,
        "passes": passes,
        "seconds": round(wall, 3),
        "cpu_seconds": round(cpu, 3),
        "per_second": round(done / wall, 1),
        "per_second_by_channel": {
            channel: round(n / spent, 1) if spent else None
            for channel, (n, spent) in by_channel.items()
        },
    }


def big_newsletter(target_bytes: int = 1_000_000) -> bytes:
    """A long HTML newsletter of about 1 MB: articles, each with a click-tracked
    link and an image, a text part, an unsubscribe header."""
    articles_html, articles_text = [], []
    n = 0
    html_size = text_size = 0
    # Stop when the two parts together reach the size (the headers add ~1 kB).
    while html_size + text_size < target_bytes:
        n += 1
        target = f"https://www.lettre-sante-exemple.fr/articles/{n:05d}-actualite-du-cabinet"
        tracked = f"https://r.lettre-sante-exemple.fr/mk/cl/f/{n:05d}aZ9kQ2xLp0Vr7tYw3Bn8Hd{n * 7919 % 100000:05d}"
        html = (
            f'<tr><td style="padding:12px 24px;font-family:Arial,sans-serif;font-size:14px;color:#333">'
            f'<img src="https://img.lettre-sante-exemple.fr/{n:05d}.jpg" width="120" height="80" alt="" '
            f'style="float:left;margin:0 12px 6px 0">'
            f'<h3 style="margin:0 0 6px">Actualité n° {n} : organisation du cabinet et prévention</h3>'
            f"<p>Les recommandations de la semaine pour les professionnels de santé libéraux : "
            f"vaccination, dépistage, coordination avec l'hôpital et sécurité des données des patients.</p>"
            f'<p><a href="{tracked}" style="color:#0b5cad">Lire la suite</a> · '
            f'<a href="{tracked}s">Partager</a></p></td></tr>\n'
        )
        articles_html.append(html)
        text = (
            f"Actualité n° {n} : organisation du cabinet et prévention\n"
            f"Les recommandations de la semaine pour les professionnels de santé libéraux.\n"
            f"Lire la suite : {target}\n"
        )
        articles_text.append(text)
        html_size += len(html.encode())
        text_size += len(text.encode()) + 1
    html = (
        '<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>La lettre</title></head>'
        '<body><table width="600" align="center" cellpadding="0" cellspacing="0">\n'
        + "".join(articles_html)
        + "</table></body></html>\n"
    )
    text = "\n".join(articles_text)
    boundary = "----=_Part_1_0123456789.1700000000000"
    message = (
        "Return-Path: <bounces@lettre-sante-exemple.fr>\n"
        "Authentication-Results: mx.cabinet-exemple.fr;\n"
        "\tdkim=pass header.d=lettre-sante-exemple.fr header.s=s1 header.b=AbCdEf12;\n"
        "\tspf=pass smtp.mailfrom=bounces@lettre-sante-exemple.fr;\n"
        "\tdmarc=pass header.from=lettre-sante-exemple.fr (policy=reject)\n"
        "Received: from mail.lettre-sante-exemple.fr (mail.lettre-sante-exemple.fr [198.51.100.10])\n"
        "\tby mx.cabinet-exemple.fr (Postfix) with ESMTPS id 4XBENCH1MB\n"
        "\tfor <c.perrin@cabinet-exemple.fr>; Mon, 02 Mar 2026 10:00:00 +0100\n"
        'From: "La lettre santé" <lettre@lettre-sante-exemple.fr>\n'
        "To: <c.perrin@cabinet-exemple.fr>\n"
        "Subject: La lettre de la semaine : toutes les actualités\n"
        "Date: Mon, 02 Mar 2026 09:59:00 +0100\n"
        "Message-ID: <bench-1mb@lettre-sante-exemple.fr>\n"
        "List-Unsubscribe: <https://www.lettre-sante-exemple.fr/desinscription>\n"
        "MIME-Version: 1.0\n"
        f'Content-Type: multipart/alternative; boundary="{boundary}"\n\n'
        f"--{boundary}\n"
        'Content-Type: text/plain; charset="utf-8"\nContent-Transfer-Encoding: 8bit\n\n'
        f"{text}\n"
        f"--{boundary}\n"
        'Content-Type: text/html; charset="utf-8"\nContent-Transfer-Encoding: 8bit\n\n'
        f"{html}\n"
        f"--{boundary}--\n"
    )
    return message.encode("utf-8")


def big_email_timing(repeats: int) -> dict:
    """Milliseconds to read, analyse and explain the 1 MB newsletter."""
    data = big_newsletter()
    item = Item(
        id="newsletter-1mb",
        channel="email",
        label=LEGITIMATE,
        hard=False,
        theme="",
        path=Path("newsletter-1mb.eml"),
    )
    times, result, error = [], None, None
    for _ in range(repeats):
        start = time.perf_counter()
        try:
            result = analyse_one(item, data)
        except Exception as exc:  # reported with the timing
            error = f"{type(exc).__name__}: {exc}"[:300]
        times.append((time.perf_counter() - start) * 1000)
    links = data.count(b'href="')
    return {
        "bytes": len(data),
        "links": links,
        "repeats": repeats,
        "ms": [round(t, 1) for t in times],
        "median_ms": round(statistics.median(times), 1),
        "max_ms": round(max(times), 1),
        "verdict": result["verdict"] if result else None,
        "error": error,
    }


# --- Figures ----------------------------------------------------------------------


def auc(positives: list[float], negatives: list[float]) -> float | None:
    """Probability that a phishing message scores above a legitimate one (ties half)."""
    if not positives or not negatives:
        return None
    negatives = sorted(negatives)
    wins = 0.0
    for p in positives:
        below = bisect.bisect_left(negatives, p)
        ties = bisect.bisect_right(negatives, p) - below
        wins += below + ties / 2
    return round(wins / (len(positives) * len(negatives)), 3)


def recall_at_false_positives(positives: list[float], negatives: list[float], rate: float) -> dict:
    """The best recall with at most `rate` of legitimate messages flagged, over
    every threshold, chosen on this set itself (so an optimistic figure)."""
    if not positives or not negatives:
        return {"recall": None, "threshold": None}
    allowed = math.floor(rate * len(negatives))
    ranked = sorted(negatives, reverse=True)
    # Flag what scores strictly above the (allowed+1)-th highest legitimate score.
    bar = ranked[allowed] if allowed < len(ranked) else -math.inf
    caught = sum(1 for p in positives if p > bar)
    return {"recall": round(caught / len(positives), 3), "threshold": f"> {bar + 0.0:g}"}


def figures(items: list[Item], detected: dict[str, bool], scores: dict[str, float]) -> dict:
    phishing = [i for i in items if i.label == PHISHING]
    legitimate = [i for i in items if i.label == LEGITIMATE]
    caught = sum(detected[i.id] for i in phishing)
    flagged = sum(detected[i.id] for i in legitimate)
    positive_scores = [scores[i.id] for i in phishing if scores.get(i.id) is not None]
    negative_scores = [scores[i.id] for i in legitimate if scores.get(i.id) is not None]
    return {
        "phishing": len(phishing),
        "detected": caught,
        "recall": round(caught / len(phishing), 3) if phishing else None,
        "legitimate": len(legitimate),
        "flagged": flagged,
        "false_positive_rate": round(flagged / len(legitimate), 3) if legitimate else None,
        "auc": auc(positive_scores, negative_scores),
        "at_1_percent": recall_at_false_positives(positive_scores, negative_scores, 0.01),
    }


SUBSETS = {
    "all": lambda item: True,
    "hard": lambda item: item.hard,
}


def all_figures(items: list[Item], detected: dict, scores: dict) -> dict:
    out = {}
    for channel in CHANNELS:
        for subset, keep in SUBSETS.items():
            chosen = [i for i in items if i.channel == channel and keep(i)]
            out[f"{channel}/{subset}"] = figures(chosen, detected, scores)
    return out


def hygie_figures(items: list[Item], results: dict[str, dict]) -> dict:
    detected = {k: "error" not in r and r["verdict"] != "aucun_signe" for k, r in results.items()}
    scores = {k: r.get("score") for k, r in results.items()}
    out = all_figures(items, detected, scores)
    for channel in CHANNELS:
        verdicts: dict[str, dict[str, int]] = {}
        for item in items:
            if item.channel == channel:
                r = results[item.id]
                key = r.get("verdict", "erreur")
                verdicts.setdefault(item.label, {}).setdefault(key, 0)
                verdicts[item.label][key] += 1
        out[f"{channel}/all"]["verdicts"] = verdicts
        out[f"{channel}/all"]["errors"] = sum(
            1 for i in items if i.channel == channel and "error" in results[i.id]
        )
    return out


def sa_figures(items: list[Item], results: dict[str, dict]) -> dict:
    detected = {k: r["score"] >= SA_REQUIRED for k, r in results.items()}
    scores = {k: r["score"] for k, r in results.items()}
    return all_figures(items, detected, scores)


# --- Report -----------------------------------------------------------------------


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f} %"


def spread(values: list[float], unit: str = "", digits: int = 0) -> str:
    """Low to high over several runs, never the best run alone."""
    values = [v for v in values if v is not None]
    if not values:
        return "—"
    low, high = min(values), max(values)
    if round(low, digits) == round(high, digits):
        return f"{low:,.{digits}f}{unit}"
    return f"{low:,.{digits}f}–{high:,.{digits}f}{unit}"


def detection_table(report: dict) -> str:
    lines = [
        "| channel | messages | analyser | phishing detected | recall | legitimate flagged "
        "| false positives | AUC | recall at ≤ 1 % false positives |",
        "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    analysers = [("Hygie", report["hygie"]["figures"])]
    if report.get("spamassassin"):
        analysers.append(
            (
                f"SpamAssassin {report['spamassassin']['version']} (local, ≥ {SA_REQUIRED:g})",
                report["spamassassin"]["figures"],
            )
        )
    for channel, channel_name in CHANNELS.items():
        for subset in SUBSETS:
            for name, per in analysers:
                f = per[f"{channel}/{subset}"]
                if not f["phishing"] and not f["legitimate"]:
                    continue  # the channel was left out (--channel)
                at = f["at_1_percent"]
                lines.append(
                    f"| {channel_name} | {'hard cases' if subset == 'hard' else 'all'} | {name} | "
                    f"{f['detected']} / {f['phishing']} | {percent(f['recall'])} | "
                    f"{f['flagged']} / {f['legitimate']} | {percent(f['false_positive_rate'])} | "
                    f"{'—' if f['auc'] is None else format(f['auc'], '.3f')} | "
                    f"{percent(at['recall'])}"
                    + (f" ({at['threshold']})" if at["threshold"] else "")
                    + " |"
                )
    return "\n".join(lines)


def speed_table(reports: list[dict]) -> str:
    speeds = [r["hygie"]["speed"] for r in reports]
    bigs = [r["hygie"]["big_email"] for r in reports]
    lines = [
        "| runs | messages/s, one core (whole set) | SMS/s | e-mails/s | 1 MB e-mail, median | 1 MB e-mail, max |",
        "| ---: | ---: | ---: | ---: | ---: | ---: |",
        f"| {len(reports)} | {spread([s['per_second'] for s in speeds])} | "
        f"{spread([s['per_second_by_channel']['sms'] for s in speeds])} | "
        f"{spread([s['per_second_by_channel']['email'] for s in speeds])} | "
        f"{spread([b['median_ms'] for b in bigs], ' ms', 1)} | "
        f"{spread([b['max_ms'] for b in bigs], ' ms', 1)} |",
    ]
    big = bigs[0]
    lines.append("")
    lines.append(
        f"The 1 MB e-mail: {big['bytes']:,} bytes, {big['links']:,} links, "
        f"{big['repeats']} analyses per run; Hygie's verdict: {big['verdict']}"
        + (f"; error: {big['error']}" if big.get("error") else "")
        + "."
    )
    sa = reports[0].get("spamassassin")
    if sa:
        lines.append(
            f"SpamAssassin took {sa['seconds']:.1f} s for the {sa['messages']} messages "
            f"in {sa['processes']} processes."
        )
    return "\n".join(lines)


def targets(reports: list[dict]) -> list[dict]:
    first = reports[0]
    hygie = first["hygie"]["figures"]
    sa = first.get("spamassassin")
    checks = []
    for channel, name in CHANNELS.items():
        f = hygie[f"{channel}/all"]
        if f["recall"] is None or f["false_positive_rate"] is None:
            continue  # the channel was left out (--channel)
        checks.append(
            {
                "target": f"{name}: recall ≥ {TARGET_RECALL * 100:.0f} % at false positives ≤ {TARGET_FALSE_POSITIVES * 100:.0f} %",
                "measured": f"recall {percent(f['recall'])}, false positives {percent(f['false_positive_rate'])}",
                "met": f["recall"] >= TARGET_RECALL
                and f["false_positive_rate"] <= TARGET_FALSE_POSITIVES,
            }
        )
        if sa:
            s = sa["figures"][f"{channel}/all"]
            checks.append(
                {
                    "target": f"{name}: ahead of SpamAssassin's local rules",
                    "measured": f"recall {percent(f['recall'])} against {percent(s['recall'])}, "
                    f"false positives {percent(f['false_positive_rate'])} against {percent(s['false_positive_rate'])}",
                    "met": f["recall"] > s["recall"]
                    and f["false_positive_rate"] <= s["false_positive_rate"],
                }
            )
    slowest = min(r["hygie"]["speed"]["per_second"] for r in reports)
    checks.append(
        {
            "target": f"≥ {TARGET_PER_SECOND} messages per second per core, explanations built",
            "measured": f"{spread([r['hygie']['speed']['per_second'] for r in reports])} messages/s",
            "met": slowest >= TARGET_PER_SECOND,
        }
    )
    worst = max(r["hygie"]["big_email"]["max_ms"] for r in reports)
    checks.append(
        {
            "target": f"a 1 MB e-mail analysed in under {TARGET_BIG_MS} ms",
            "measured": f"{spread([r['hygie']['big_email']['max_ms'] for r in reports], ' ms', 1)} at most",
            "met": worst < TARGET_BIG_MS and not first["hygie"]["big_email"].get("error"),
        }
    )
    return checks


def markdown(reports: list[dict]) -> str:
    first = reports[0]
    meta = first["meta"]
    code = meta["code"]
    lines = [
        f"Set: {meta['set']['sms']} SMS and {meta['set']['email']} e-mails; "
        f"Hygie at `{code['commit']}`"
        + (" with local changes" if code.get("local_changes") else "")
        + f", {meta['hygie_checks']} checks; {meta['date']}.",
        "",
        detection_table(first),
        "",
        speed_table(reports),
        "",
        "| target | measured | |",
        "| --- | --- | --- |",
    ]
    for check in targets(reports):
        lines.append(
            f"| {check['target']} | {check['measured']} | {'met' if check['met'] else '**not met**'} |"
        )
    if not first.get("spamassassin"):
        lines += ["", first["meta"].get("spamassassin_note", "")]
    return "\n".join(lines)


def mistakes(items: list[Item], report: dict) -> str:
    """Hygie's misses and false alarms, one line each, to read them in the set."""
    results = report["hygie"]["results"]
    lines = []
    for item in items:
        r = results[item.id]
        if "error" in r:
            lines.append(f"error         {item.id:<10} {item.theme:<22} {r['error']}")
            continue
        flagged = r["verdict"] != "aucun_signe"
        if item.label == PHISHING and not flagged:
            lines.append(f"missed        {item.id:<10} {item.theme:<22} score {r['score']}")
        elif item.label == LEGITIMATE and flagged:
            lines.append(
                f"false alarm   {item.id:<10} {item.theme:<22} {r['verdict']} {r['score']}: "
                + ", ".join(r["rules"])
            )
    return "\n".join(lines) or "No miss, no false alarm."


# --- Run --------------------------------------------------------------------------


def one_run(args: argparse.Namespace, items: list[Item], sa: dict | None) -> dict:
    from hygie.phishing.analysis import checks

    started = datetime.now(UTC)
    log(f"Hygie: analysing the {len(items)} messages…")
    results = run_hygie(items)
    busy = web.wait_quiet(args.quiet_wait)
    log(f"Hygie: speed, the set again and again for {args.seconds:g} s…")
    measured = speed(items, args.seconds)
    log(f"Hygie: the 1 MB e-mail, {args.big_repeats} times…")
    big = big_email_timing(args.big_repeats)
    report = {
        "meta": {
            "date": started.strftime("%Y-%m-%d %H:%M UTC"),
            "code": web.code_state(),
            "machine": web.machine(),
            "machine_busy_before": busy,
            "set": {
                "sms": sum(1 for i in items if i.channel == "sms"),
                "email": sum(1 for i in items if i.channel == "email"),
            },
            "hygie_checks": len(checks()),
        },
        "hygie": {
            "figures": hygie_figures(items, results),
            "speed": measured,
            "big_email": big,
            "results": results,
        },
    }
    if sa:
        report["spamassassin"] = sa
    else:
        report["meta"]["spamassassin_note"] = args.sa_note
    report["targets"] = targets([report])
    return report


def spamassassin_part(args: argparse.Namespace, items: list[Item]) -> dict | None:
    if args.no_spamassassin:
        args.sa_note = "SpamAssassin skipped (--no-spamassassin)."
        return None
    version = sa_version()
    if version is None:
        args.sa_note = (
            "SpamAssassin is not installed: its figures are left out. "
            "On Debian: `apt-get install spamassassin` (the bench uses its local tests only)."
        )
        log(args.sa_note)
        return None
    log(f"SpamAssassin {version}: {len(items)} messages in {args.jobs} processes…")
    results, seconds = run_spamassassin(items, args.jobs)
    return {
        "version": version,
        "options": SA_OPTIONS,
        "required": SA_REQUIRED,
        "processes": args.jobs,
        "messages": len(items),
        "seconds": round(seconds, 1),
        "figures": sa_figures(items, results),
        "results": results,
    }


def runs_of(written: dict) -> list[dict]:
    """The runs of a results file, each as one_run returned it (the verdicts
    are those of the first run: they do not change between runs)."""
    return (
        [
            {
                **written,
                "meta": run["meta"],
                "hygie": {**written["hygie"], "speed": run["speed"], "big_email": run["big_email"]},
            }
            for run in written.get("runs", [written])
            if "speed" in run or run is written
        ]
        if "runs" in written
        else [written]
    )


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Hygie's message analyzer and SpamAssassin on the labelled set of bench/messages."
    )
    parser.add_argument(
        "--runs", type=int, default=1, help="measure Hygie this many times, then print ranges"
    )
    parser.add_argument(
        "--seconds", type=float, default=5, help="how long the speed measure lasts, per run"
    )
    parser.add_argument(
        "--big-repeats", type=int, default=5, help="analyses of the 1 MB e-mail per run"
    )
    parser.add_argument("--jobs", type=int, default=2, help="SpamAssassin processes")
    parser.add_argument("--no-spamassassin", action="store_true", help="leave SpamAssassin out")
    parser.add_argument(
        "--channel", choices=list(CHANNELS), help="only the SMS, or only the e-mails"
    )
    parser.add_argument(
        "--set",
        choices=list(SETS),
        default="principal",
        help="the labelled set (principal) or the control set, never used to tune the rules",
    )
    parser.add_argument(
        "--json", type=Path, help="write every figure and every message's result there"
    )
    parser.add_argument(
        "--mistakes", action="store_true", help="also list Hygie's misses and false alarms"
    )
    parser.add_argument(
        "--quiet-wait",
        type=float,
        default=60,
        help="seconds to wait for an idle machine before measuring speed (then measure anyway)",
    )
    parser.add_argument(
        "--report", type=Path, nargs="+", help="print the tables of results files, and stop"
    )
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    if args.report:
        reports = [run for path in args.report for run in runs_of(json.loads(path.read_text()))]
        print(markdown(reports))
        return
    items = load_set(SETS[args.set])
    if args.channel:
        items = [i for i in items if i.channel == args.channel]
    sa = spamassassin_part(args, items)
    data_dir = Path(tempfile.mkdtemp(prefix="hygie-messages-bench-"))
    try:
        log("Hygie: a fresh data folder, migrations and content library…")
        prepare_django(data_dir)
        reports = [one_run(args, items, sa) for _ in range(args.runs)]
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
    detections = {json.dumps(r["hygie"]["results"], sort_keys=True) for r in reports}
    if len(detections) > 1:
        log("Warning: Hygie's verdicts differed between runs.")
    if args.json:
        output = {
            **reports[0],
            "targets": targets(reports),
            "runs": [
                {
                    "meta": r["meta"],
                    "speed": r["hygie"]["speed"],
                    "big_email": r["hygie"]["big_email"],
                }
                for r in reports
            ],
        }
        web.write_results(args.json, output)
        log(f"Written to {args.json}")
    print(markdown(reports))
    if args.mistakes:
        print()
        print(mistakes(items, reports[0]))


if __name__ == "__main__":
    main()
