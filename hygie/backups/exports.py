"""The plan and the log as tables (CSV) and as one PDF, for the insurer or the
CNIL: what is backed up and how, what is missing, and the proof that backups
are done and restored."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone

from hygie.backups import status
from hygie.backups.models import BackupRun, Destruction, PlannedBackup, RestoreTest
from hygie.lib import documents

LIMIT = 2000
PLAN_HEADER = [
    "Sauvegarde",
    "Données",
    "Support",
    "Nom du support",
    "Lieu",
    "Prestataire",
    "Certifié HDS",
    "Fin du certificat HDS",
    "Fréquence",
    "Programmée",
    "Chiffrée",
    "Déconnectée",
    "Sous clé",
    "Responsable",
    "Test de restauration",
    "Dernière sauvegarde notée",
    "Dernier test de restauration réussi",
    "Prochaine sauvegarde",
    "Prochain test de restauration",
    "Précisions",
]
LOG_HEADER = [
    "Date",
    "Type",
    "Sauvegarde du plan",
    "Support ou objet",
    "Résultat ou méthode",
    "Durée (minutes)",
    "Attestation",
    "Par",
    "Remarque",
    "Enregistré le",
]


def plan_rows(plan: list[PlannedBackup]) -> list[list[Any]]:
    """The copies as status.with_deadlines gives them."""
    rows = []
    for p in plan:
        processor = p.processor if p.is_hosted else None
        rows.append(
            [
                str(p),
                ", ".join(p.data_labels()),
                p.get_medium_display(),
                p.label,
                p.get_place_display(),
                str(processor) if processor else "",
                processor.get_hds_display() if processor else "",
                processor.hds_until if processor else None,
                p.get_every_display(),
                p.automatic,
                p.get_encrypted_display(),
                p.get_offline_display(),
                p.get_locked_display() if p.locked else "",
                str(p.responsible) if p.responsible_id else "",
                p.get_restore_every_display(),
                p.last_run,
                p.last_restored,
                p.next_backup.due_at if p.next_backup else None,
                p.next_restore.due_at if p.next_restore else None,
                p.notes,
            ]
        )
    return rows


def plan_table(org) -> tuple[list[str], list[list[Any]]]:
    return PLAN_HEADER, plan_rows(status.with_deadlines(status.plan_of(org)))


def log_rows(org) -> list[list[Any]]:
    """Every entry of the log, the latest first."""
    entries: list[tuple[Any, ...]] = []
    for r in BackupRun.objects.filter(org=org).select_related("planned", "by")[:LIMIT]:
        entries.append(
            (r.done_on, r.recorded_at, "Sauvegarde", str(r.planned), r.medium, "", None, "", r)
        )
    for t in RestoreTest.objects.filter(org=org).select_related("planned", "by")[:LIMIT]:
        entries.append(
            (
                t.done_on,
                t.recorded_at,
                "Test de restauration",
                str(t.planned),
                t.restored,
                t.get_outcome_display(),
                t.minutes,
                "",
                t,
            )
        )
    for d in Destruction.objects.filter(org=org).select_related("planned", "by")[:LIMIT]:
        entries.append(
            (
                d.done_on,
                d.recorded_at,
                "Destruction",
                str(d.planned) if d.planned_id else "",
                f"{d.get_kind_display()} : {d.what}",
                d.get_method_display(),
                None,
                d.certificate,
                d,
            )
        )
    entries.sort(key=lambda e: (e[0], e[1]), reverse=True)
    return [
        [day, kind, planned, what, how, minutes, certificate, str(e.by or ""), e.note, recorded]
        for day, recorded, kind, planned, what, how, minutes, certificate, e in entries
    ]


def log_table(org) -> tuple[list[str], list[list[Any]]]:
    return LOG_HEADER, log_rows(org)


def pdf(org, now: datetime) -> bytes:
    """The plan, its gaps and the log, as one document."""
    today = timezone.localdate(now, org.tzinfo())
    plan = status.with_deadlines(status.plan_of(org))
    with timezone.override(org.tzinfo()):
        return _render(org, plan, today)


def _render(org, plan: list[PlannedBackup], today) -> bytes:
    return documents.render_pdf(
        "backups/backups_pdf.html",
        {
            # (title, [(heading, text)]), the empty cells left out.
            "plan": [
                (
                    row[0],
                    [
                        (h, documents.cell_text(v))
                        for h, v in zip(PLAN_HEADER[1:], row[1:], strict=True)
                        if v not in ("", None)
                    ],
                )
                for row in plan_rows(plan)
            ],
            "gaps": status.shown_gaps(org, plan, today),
            "log": log_rows(org),
            "today": today,
        },
        org=org,
        title="Plan et journal des sauvegardes",
    )
