"""Everything that changes the practice's backup plan and its log.

Each change is written with its journal entry and its échéances in one
transaction. Each copy of the plan has two échéances: its next backup (from
its frequency and the last one logged) and its next restore test (from the
last one that worked; a quarterly test is proposed by default). The
diagnostic's draft, if one is open, is told what the log now proves.
"""

from __future__ import annotations

from datetime import date, timedelta, tzinfo

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from hygie.backups import rules
from hygie.backups.models import (
    DATA_SHORT,
    BackupRun,
    Data,
    Destruction,
    Outcome,
    PlannedBackup,
    RestoreTest,
)
from hygie.deadlines import actions as deadlines
from hygie.diagnostic import actions as diagnostic
from hygie.journal.actions import changes, record
from hygie.law.days import add_months
from hygie.orgs.signals import zone_change_reason

BACKUP_KEY = "sauvegarde"
RESTORE_KEY = "restauration"
PLAN_FIELDS = (
    "data",
    "medium",
    "label",
    "place",
    "processor",
    "every",
    "automatic",
    "encrypted",
    "offline",
    "locked",
    "responsible",
    "restore_every",
    "notes",
)


class Refused(Exception):
    """A log entry that cannot be recorded as given; its message is in French."""


def check_day(day: date, today: date) -> None:
    """A log entry's day: not in the future, not before 2000."""
    if day > today:
        raise Refused("La date ne peut pas être dans le futur.")
    if day.year < 2000:
        raise Refused("Indiquez une date après l'an 2000.")


def _created_on(planned: PlannedBackup, tz: tzinfo) -> date:
    return timezone.localtime(planned.created, tz).date()


def sync_deadlines(
    planned: PlannedBackup, *, actor=None, request: HttpRequest | None = None, change_reason=""
) -> None:
    """The copy's two échéances follow its log, due at the end of a working
    day as the diagnostic's actions are; a retired copy has none.

    1. Next backup: the last one logged (or the day the copy entered the
       plan) plus its frequency; a scheduled backup is checked weekly at most.
    2. Next restore test: the last one that worked (or the day it entered the
       plan) plus its period; after a test that failed or half-worked, a new
       one within RETRY_DAYS.
    """
    org = planned.org
    tz = org.tzinfo()
    active = planned.is_active
    common = {
        "org": org,
        "reason": "Sauvegarde retirée du plan",
        "permission": "backups.log",
        "url": planned.get_absolute_url(),
        "change_reason": change_reason,
        "actor": actor,
        "request": request,
    }
    start = _created_on(planned, tz)
    last_run = planned.runs.order_by("-done_on").values_list("done_on", flat=True).first()
    every = rules.backup_every(planned.every, planned.automatic)
    next_run = (last_run or start) + timedelta(days=every)
    verb = "Vérifier que la sauvegarde a eu lieu" if planned.automatic else "Faire la sauvegarde"
    deadlines.follow(
        planned,
        BACKUP_KEY,
        due_at=diagnostic.due_at(next_run, tz) if active else None,
        title=f"{verb} : {planned}"[:200],
        notes="Une fois faite, cliquez « Sauvegarde faite aujourd'hui » dans Sauvegardes.",
        reminder_hours=rules.reminder_hours(every),
        **common,
    )
    tests = planned.restore_tests.order_by("-done_on", "-recorded_at", "-pk")
    last = tests.first()
    if last is not None and not last.succeeded:
        day = last.done_on + timedelta(days=rules.RETRY_DAYS)
        title = f"Refaire le test de restauration : {planned}"
    else:
        day = add_months(last.done_on if last else start, planned.restore_every)
        title = f"Tester la restauration : {planned}"
    deadlines.follow(
        planned,
        RESTORE_KEY,
        due_at=diagnostic.due_at(day, tz) if active else None,
        title=title[:200],
        notes="Restaurez quelques fichiers ou la base du logiciel, puis notez le résultat.",
        reminder_hours=rules.RESTORE_REMINDER_HOURS,
        **common,
    )


def _describe(planned: PlannedBackup) -> dict:
    """The copy as the journal reads it."""
    return {
        "données": ", ".join(DATA_SHORT[Data(d)] for d in planned.data),
        "support": planned.get_medium_display(),
        "nom du support": planned.label,
        "lieu": planned.get_place_display(),
        "prestataire": str(planned.processor) if planned.processor_id else "",
        "fréquence": planned.get_every_display(),
        "programmée": "oui" if planned.automatic else "non",
        "chiffrée": planned.get_encrypted_display(),
        "déconnectée": planned.get_offline_display(),
        "sous clé": planned.get_locked_display() if planned.locked else "",
        "responsable": str(planned.responsible) if planned.responsible_id else "",
        "test de restauration": planned.get_restore_every_display(),
        "précisions": planned.notes,
    }


@transaction.atomic
def add_planned(
    org, values: dict, *, actor=None, request: HttpRequest | None = None
) -> PlannedBackup:
    """Add a copy to the plan; its échéances are set at once."""
    planned = PlannedBackup.objects.create(
        org=org, **{k: values[k] for k in PLAN_FIELDS if k in values}
    )
    record(
        action="backups.plan_added",
        org=org,
        actor=actor,
        obj=planned,
        details={k: v for k, v in _describe(planned).items() if v},
        request=request,
    )
    sync_deadlines(planned, actor=actor, request=request)
    diagnostic.follow_evidence(org)
    return planned


@transaction.atomic
def change_planned(
    planned: PlannedBackup, values: dict, *, actor=None, request: HttpRequest | None = None
) -> bool:
    """Change a copy of the plan; False when nothing changed."""
    before = _describe(planned)
    for name in PLAN_FIELDS:
        if name in values:
            setattr(planned, name, values[name])
    after = _describe(planned)
    if before == after:
        return False
    planned.updated = timezone.now()
    planned.save()
    record(
        action="backups.plan_changed",
        org=planned.org,
        actor=actor,
        obj=planned,
        details=changes(before, after),
        request=request,
    )
    sync_deadlines(planned, actor=actor, request=request)
    diagnostic.follow_evidence(planned.org)
    return True


@transaction.atomic
def retire(planned: PlannedBackup, *, actor=None, request: HttpRequest | None = None) -> None:
    """Take a copy out of the plan (a disk given up, a provider left); its log stays."""
    if not planned.is_active:
        return
    planned.retired_at = planned.updated = timezone.now()
    planned.save(update_fields=["retired_at", "updated"])
    record(
        action="backups.plan_retired", org=planned.org, actor=actor, obj=planned, request=request
    )
    sync_deadlines(planned, actor=actor, request=request)
    diagnostic.follow_evidence(planned.org)


@transaction.atomic
def log_backup(
    planned: PlannedBackup,
    *,
    done_on: date,
    note: str = "",
    actor=None,
    request: HttpRequest | None = None,
) -> BackupRun:
    """A backup of this copy was done on `done_on`; its échéance moves on."""
    if not planned.is_active:
        raise Refused("Cette sauvegarde a été retirée du plan.")
    check_day(done_on, timezone.localdate(timezone.now(), planned.org.tzinfo()))
    run = BackupRun.objects.create(
        org=planned.org,
        planned=planned,
        done_on=done_on,
        medium=planned.medium_text()[:200],
        by=actor,
        note=note[:300],
    )
    record(
        action="backups.done",
        org=planned.org,
        actor=actor,
        obj=planned,
        details={"le": done_on, "support": run.medium, **({"remarque": note} if note else {})},
        request=request,
    )
    sync_deadlines(planned, actor=actor, request=request)
    return run


@transaction.atomic
def delete_backup(run: BackupRun, *, actor=None, request: HttpRequest | None = None) -> None:
    """Remove a backup logged by mistake; the journal keeps that it was."""
    planned = run.planned
    record(
        action="backups.done_deleted",
        org=run.org,
        actor=actor,
        obj=planned,
        details={"le": run.done_on, "support": run.medium},
        request=request,
    )
    run.delete()
    sync_deadlines(planned, actor=actor, request=request)


@transaction.atomic
def log_restore_test(
    planned: PlannedBackup, values: dict, *, actor=None, request: HttpRequest | None = None
) -> RestoreTest:
    """A restore test from this copy: what was restored, whether it opened,
    how long it took. Its échéance moves on; the diagnostic hears of it."""
    check_day(values["done_on"], timezone.localdate(timezone.now(), planned.org.tzinfo()))
    test = RestoreTest.objects.create(
        org=planned.org,
        planned=planned,
        done_on=values["done_on"],
        restored=values["restored"][:300],
        outcome=values["outcome"],
        minutes=values["minutes"],
        by=actor,
        note=values.get("note", "")[:300],
    )
    record(
        action="backups.restore_tested",
        org=planned.org,
        actor=actor,
        obj=planned,
        details={
            "le": test.done_on,
            "restauré": test.restored,
            "résultat": test.get_outcome_display(),
            "durée (minutes)": test.minutes,
        },
        request=request,
    )
    sync_deadlines(planned, actor=actor, request=request)
    if test.outcome == Outcome.OK:
        diagnostic.follow_evidence(planned.org)
    return test


@transaction.atomic
def log_destruction(
    org, values: dict, *, actor=None, request: HttpRequest | None = None
) -> Destruction:
    """A medium retired or data destroyed at the end of their retention, and how."""
    check_day(values["done_on"], timezone.localdate(timezone.now(), org.tzinfo()))
    destruction = Destruction.objects.create(
        org=org,
        done_on=values["done_on"],
        kind=values["kind"],
        what=values["what"][:300],
        method=values["method"],
        certificate=values.get("certificate", "")[:200],
        planned=values.get("planned"),
        by=actor,
        note=values.get("note", "")[:300],
    )
    record(
        action="backups.destroyed",
        org=org,
        actor=actor,
        obj=destruction,
        details={
            "le": destruction.done_on,
            "quoi": f"{destruction.get_kind_display()} : {destruction.what}",
            "comment": destruction.get_method_display(),
            **({"attestation": destruction.certificate} if destruction.certificate else {}),
        },
        request=request,
    )
    return destruction


@transaction.atomic
def follow_time_zone(sender, *, org, old, new, actor=None, request=None, **kw) -> None:
    """Échéances fall at 18:00 in the practice's calendar: they move to its new
    zone (orgs.signals)."""
    reason = zone_change_reason(old, new)
    for planned in PlannedBackup.objects.filter(org=org).active():
        planned.org = org
        sync_deadlines(planned, actor=actor, request=request, change_reason=reason)
