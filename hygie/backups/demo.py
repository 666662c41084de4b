"""The demo organisation's backups: two encrypted disks that alternate
between the practice and home, and the software vendor's own backup at its
HDS host (the register's demo processor). Backups were done lately; the
restore test of the practice's disk is a month overdue, so that the home page
shows it; an old USB key was destroyed last year."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from hygie.backups import actions
from hygie.backups.models import Answer, Data, Every, Medium, Method, Outcome, Place, Retired
from hygie.register.models import Hds


def _disk(label: str, place: str, responsible) -> dict:
    return {
        "data": [Data.SOFTWARE, Data.DOCUMENTS],
        "medium": Medium.DISK,
        "label": label,
        "place": place,
        "every": Every.WEEK,
        "encrypted": Answer.YES,
        "offline": Answer.YES,
        "locked": Answer.YES,
        "responsible": responsible,
        "restore_every": 3,
        "notes": "Disque chiffré avec BitLocker ; la clé de récupération est au coffre.",
    }


def create(org, owner, secretary) -> None:
    today = timezone.localdate()
    practice = actions.add_planned(org, _disk("Disque A", Place.PRACTICE, secretary), actor=owner)
    home = actions.add_planned(org, _disk("Disque B", Place.HOME, owner), actor=owner)
    host = org.processors.filter(hds=Hds.YES).first()
    vendor = actions.add_planned(
        org,
        {
            "data": [Data.SOFTWARE],
            "medium": Medium.VENDOR,
            "place": Place.HOST,
            "processor": host,
            "every": Every.DAY,
            "automatic": True,
            "encrypted": Answer.YES,
            "offline": Answer.UNKNOWN,
            "locked": "",
            "restore_every": 12,
        },
        actor=owner,
    )
    for days in (16, 9, 2):
        actions.log_backup(practice, done_on=today - timedelta(days=days), actor=secretary)
    actions.log_backup(home, done_on=today - timedelta(days=5), actor=owner)
    actions.log_backup(vendor, done_on=today - timedelta(days=3), actor=secretary)
    # Four months ago, on a quarterly schedule: a month overdue.
    actions.log_restore_test(
        practice,
        {
            "done_on": today - timedelta(days=122),
            "restored": "Le dossier d'un patient test et trois courriers scannés",
            "outcome": Outcome.OK,
            "minutes": 25,
        },
        actor=owner,
    )
    actions.log_restore_test(
        vendor,
        {
            "done_on": today - timedelta(days=60),
            "restored": "Toute la base du logiciel, sur un poste d'essai, avec l'éditeur",
            "outcome": Outcome.OK,
            "minutes": 90,
            "note": "L'éditeur a mis une heure à préparer la copie.",
        },
        actor=owner,
    )
    actions.log_destruction(
        org,
        {
            "done_on": today - timedelta(days=240),
            "kind": Retired.MEDIUM,
            "what": "Ancienne clé USB de sauvegarde (2019)",
            "method": Method.PHYSICAL,
        },
        actor=owner,
    )
