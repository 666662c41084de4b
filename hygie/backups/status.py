"""Where the practice's backups stand: its plan read by the rules, the gaps
with their wording and sources, and what the log proves to the diagnostic."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from hygie.backups import actions, rules
from hygie.backups.models import DATA_SHORT, Data, Outcome, PlannedBackup, RestoreTest
from hygie.content import library
from hygie.deadlines.models import Deadline
from hygie.diagnostic import measures
from hygie.diagnostic.models import PlanItem
from hygie.law.days import add_months
from hygie.lib import plugins
from hygie.lib.french import count

RULES = "backup-rules"
FROM_LOG = "le journal des sauvegardes"
FROM_PLAN = "le plan de sauvegarde"


def plan_of(org) -> list[PlannedBackup]:
    """The copies of the plan in force, each with the day of its last backup
    (`last_run`) and of its last restore test that worked (`last_restored`)."""
    rows = list(
        PlannedBackup.objects.filter(org=org)
        .active()
        .select_related("processor", "responsible")
        .annotate(last_run=Max("runs__done_on"))
    )
    restored = dict(
        RestoreTest.objects.filter(planned__in=rows, outcome=Outcome.OK)
        .values("planned")
        .annotate(last=Max("done_on"))
        .values_list("planned", "last")
    )
    for planned in rows:
        planned.org = org
        planned.last_restored = restored.get(planned.pk)
    return rows


def with_deadlines(plan: list[PlannedBackup]) -> list[PlannedBackup]:
    """The copies, each with its open échéances: `next_backup` and
    `next_restore` (a Deadline, or None), read in one query."""
    due = {}
    if plan:
        rows = Deadline.objects.open().filter(
            subject_type=ContentType.objects.get_for_model(PlannedBackup),
            subject_id__in=[str(p.pk) for p in plan],
        )
        due = {(d.subject_id, d.key): d for d in rows}
    for planned in plan:
        planned.next_backup = due.get((str(planned.pk), actions.BACKUP_KEY))
        planned.next_restore = due.get((str(planned.pk), actions.RESTORE_KEY))
    return plan


def hds_of(planned: PlannedBackup, today: date) -> str:
    """A hosted copy's HDS certification, from its register's processor
    (« inconnu » without one); "" for a copy the practice keeps."""
    if not planned.is_hosted:
        return ""
    if planned.processor is None:
        return "inconnu"
    return rules.hds_status(planned.processor.hds, planned.processor.hds_until, today)


def as_copy(planned: PlannedBackup, today: date) -> rules.Copy:
    return rules.Copy(
        key=str(planned.pk),
        data=frozenset(planned.data),
        medium=planned.medium,
        place=planned.place,
        every_days=planned.every,
        encrypted=planned.encrypted,
        offline=planned.offline,
        locked=planned.locked,
        hds=hds_of(planned, today),
        restore_months=planned.restore_every,
        last_restored=getattr(planned, "last_restored", None),
    )


@dataclass
class ShownGap:
    """A gap as the page shows it: its rule's wording, the copies at fault or
    the data exposed, the diagnostic's measures it serves, its sources."""

    gap: rules.Gap
    item: dict[str, Any]
    copies: list[PlannedBackup] = field(default_factory=list)
    data: list[str] = field(default_factory=list)
    measures: list[dict[str, Any]] = field(default_factory=list)
    sources: list[dict[str, Any]] = field(default_factory=list)


def shown_gaps(org, plan: list[PlannedBackup], today: date, membership=None) -> list[ShownGap]:
    """The plan's gaps, worded; each measure links to its action in the
    diagnostic's plan, or to the diagnostic, for a member who answers it."""
    found = rules.gaps([as_copy(p, today) for p in plan], today)
    by_key = {str(p.pk): p for p in plan}
    catalogue = measures.catalogue().by_key
    answers = membership is not None and membership.can("diagnostic.answer")
    plan_items = (
        dict(PlanItem.objects.filter(org=org).values_list("measure", "pk")) if answers else {}
    )
    shown = []
    for gap in found:
        item = library.get(RULES, gap.rule) or {"title": gap.rule, "measures": [], "source": []}
        linked = []
        for key in item.get("measures", []):
            measure = catalogue.get(key)
            if measure is None:
                continue
            url = ""
            if key in plan_items:
                url = reverse("diagnostic:plan_item", args=[org.code, plan_items[key]])
            elif answers:
                url = reverse("diagnostic:home", args=[org.code])
            linked.append({"key": key, "action": measure.action, "url": url})
        shown.append(
            ShownGap(
                gap=gap,
                item=item,
                copies=[by_key[k] for k in gap.copies],
                data=[DATA_SHORT[Data(d)] for d in gap.data],
                measures=linked,
                sources=library.cite(item.get("source", [])),
            )
        )
    return shown


def evidence(org, now: datetime) -> list[plugins.Evidence]:
    """What the log and the plan prove of the diagnostic's measures (the
    plugin hook `evidence`):

    1. restauration-testee: a restore test that worked, done in the last
       twelve months, answers « Oui, dans les 12 derniers mois »; an older one
       answers nothing (the person says how long ago).
    2. sauvegarde-deconnectee and sauvegarde-hors-cabinet: the plan answers
       when its copies make the answer evident (rules.offline_answer,
       rules.offsite_answer).
    """
    today = timezone.localdate(now, org.tzinfo())
    url = reverse("backups:home", args=[org.code])
    found = []
    test = (
        RestoreTest.objects.filter(
            org=org, outcome=Outcome.OK, done_on__gt=add_months(today, -12), done_on__lte=today
        )
        .order_by("-done_on", "-recorded_at")
        .first()
    )
    if test is not None:
        found.append(
            plugins.Evidence(
                "restauration-testee",
                "annee",
                FROM_LOG,
                f"test de restauration du {test.done_on:%d/%m/%Y} ({test.restored}), "
                f"ouvert normalement, en {test.minutes} min",
                url + "#restaurations",
                test.recorded_at,
            )
        )
    plan = plan_of(org)
    if plan:
        copies = [as_copy(p, today) for p in plan]
        # A copy retired changes the plan as much as one added.
        at = PlannedBackup.objects.filter(org=org).aggregate(at=Max("updated"))["at"]
        described = f"{count(len(plan), 'sauvegarde')} au plan"
        for measure, choice in (
            ("sauvegarde-deconnectee", rules.offline_answer(copies)),
            ("sauvegarde-hors-cabinet", rules.offsite_answer(copies)),
        ):
            if choice is not None:
                found.append(
                    plugins.Evidence(measure, choice, FROM_PLAN, described, url + "#plan", at)
                )
    return found


# How a copy's protections read on its card, in words (colour is never the
# only signal): (badge kind, words) for yes, no, and « je ne sais pas ».
TRAITS = {
    "encrypted": ("chiffrée", "non chiffrée", "chiffrement à vérifier"),
    "offline": ("déconnectée", "toujours branchée", "déconnexion à vérifier"),
    "locked": ("rangée sous clé", "pas rangée sous clé", "rangement à vérifier"),
}
HDS_TRAITS = {
    "oui": ("ok", "hébergeur certifié HDS"),
    "non": ("overdue", "hébergeur non certifié HDS"),
    "expire": ("overdue", "certificat HDS expiré"),
    "inconnu": ("soon", "certification HDS à vérifier"),
}


def traits(planned: PlannedBackup, today: date) -> list[tuple[str, str]]:
    """The copy's protections, as badges: [(kind, words)]."""
    shown = []
    for name, (yes, no, unknown) in TRAITS.items():
        value = getattr(planned, name)
        if not value:
            continue
        shown.append({"oui": ("ok", yes), "non": ("overdue", no)}.get(value, ("soon", unknown)))
    if planned.is_hosted:
        shown.append(HDS_TRAITS[hds_of(planned, today)])
    return shown
