"""What Hygie records of suspicious messages, each change with its journal entry.

An analysis itself writes nothing but a count (`count_analysis`). An
organisation may keep a redacted report of one, delete it, and turn a lure
into a private question of its cyberquiz; reports are deleted after
PHISHING_KEEP_DAYS by the reminders loop's housekeeping.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from hygie.content import library
from hygie.journal import actions as journal
from hygie.journal.actions import record
from hygie.phishing import summary
from hygie.phishing.analysis import Analysis
from hygie.phishing.models import AnalysisCount, MessageReport
from hygie.quiz import actions as quiz_actions


def count_analysis(analysis: Analysis) -> None:
    """Add one to the day's count of analyses of this channel and verdict."""
    key = {
        "day": timezone.localdate(),
        "channel": analysis.message.channel,
        "verdict": analysis.verdict,
    }
    for _ in range(2):
        if AnalysisCount.objects.filter(**key).update(count=F("count") + 1):
            return
        try:
            with transaction.atomic():
                AnalysisCount.objects.create(**key, count=1)
            return
        except IntegrityError:
            continue  # another analysis created the day's row first


def analysed_at(data: dict) -> datetime:
    return parse_datetime(data.get("le", "")) or timezone.now()


@transaction.atomic
def keep_report(
    org, data: dict, *, with_body: bool, actor, request: HttpRequest | None = None
) -> MessageReport:
    """Keep the redacted report of an analysis (`data`: summary.summary());
    the message's text and subject only when `with_body`."""
    report = MessageReport.objects.create(
        org=org,
        created_by=actor,
        analysed_at=analysed_at(data),
        channel=data["canal"],
        verdict=data["verdict"],
        score=data["score"],
        sender=data.get("expediteur", ""),
        domains=data.get("domaines", []),
        signals=data.get("signaux", []),
        subject=data.get("objet", "") if with_body else "",
        body=data.get("texte", "") if with_body else "",
    )
    record(
        action="phishing.report_kept",
        org=org,
        actor=actor,
        obj=report,
        details={
            "canal": report.get_channel_display(),
            "verdict": report.get_verdict_display(),
            "texte du message conservé": "oui" if with_body else "non",
        },
        request=request,
    )
    return report


@transaction.atomic
def delete_report(report: MessageReport, *, actor, request: HttpRequest | None = None) -> None:
    label = str(report)
    record(
        action="phishing.report_deleted",
        org=report.org,
        actor=actor,
        obj=report,
        object_label=label,
        details={"verdict": report.get_verdict_display()},
        request=request,
    )
    report.delete()


def purge(now: datetime | None = None) -> int:
    """Delete the reports kept longer than PHISHING_KEEP_DAYS, journaled per
    organisation (how many, never what). Returns how many went."""
    return journal.purge_reports(
        MessageReport.objects.all(),
        action="phishing.reports_purged",
        days=settings.PHISHING_KEEP_DAYS,
        now=now or timezone.now(),
    )


def source_titles(data: dict) -> list[str]:
    titles = []
    for signal in data.get("signaux", []):
        found = library.get("sources", signal.get("source", "")) if signal.get("source") else None
        if found:
            titles.append(found.get("title", ""))
    return [t for t in titles if t]


def lure_to_question(org, data: dict, *, actor, request: HttpRequest | None = None):
    """A private cyberquiz question (« Ce message est-il une arnaque ? ») made
    of an analysed lure, its signals as the explanation; journaled by the quiz."""
    values = summary.quiz_question(data, source_titles(data))
    return quiz_actions.add_question(org, values, actor=actor, request=request)
