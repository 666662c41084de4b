"""Joining and leaving a territory, the practices' snapshots, and the dashboard."""

from __future__ import annotations

import hashlib
import json
import logging
import secrets
import threading
import time
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import IntegrityError, connections, transaction
from django.db.models import Count, F, Max, OuterRef, Q, Subquery, TextField
from django.db.models.functions import Cast
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone

from hygie.journal.actions import record
from hygie.lib import emails
from hygie.orgs.models import Organisation
from hygie.orgs.roles import Role
from hygie.territory import indicators, labels, stats
from hygie.territory.models import JoinLink, Participation, Snapshot, month_of

log = logging.getLogger(__name__)

# The consent a titulaire gives (templates/territory/consent.html): a new
# wording gets a new version, kept on each participation.
CONSENT_VERSION = "2026-12"
STALE_AFTER = timedelta(hours=1)
DASHBOARD_SECONDS = 24 * 3600
# A computation of the dashboard holds its region's lock this long at most;
# a visitor waits for one under way this long at most.
DASHBOARD_LOCK_SECONDS = 60
DASHBOARD_WAIT_SECONDS = 10
# Bumped when the dashboard's cached structure changes.
DASHBOARD_FORMAT = 1


class JoinError(Exception):
    """Why a practice cannot join, in French."""


# Links -------------------------------------------------------------------------


def create_link(region: Organisation, *, label: str = "", actor=None, request=None) -> JoinLink:
    with transaction.atomic():
        link = JoinLink.objects.create(region=region, label=label[:120], created_by=actor)
        record(
            action="territory.link_created",
            org=region,
            actor=actor,
            obj=link,
            details={"pour": label or "—", "valable jusqu'au": link.expires},
            request=request,
        )
    return link


def revoke_link(link: JoinLink, *, actor=None, request=None) -> None:
    with transaction.atomic():
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at"])
        record(
            action="territory.link_revoked", org=link.region, actor=actor, obj=link, request=request
        )


def send_link(link: JoinLink, email: str, *, actor=None, request=None) -> bool:
    """E-mail the link to a practice's titulaire; False if it could not leave."""
    sent = emails.send(
        "territory_invitation",
        email,
        {"region": link.region, "link": link, "sender": actor},
        capped=True,
    )
    if sent:
        record(
            action="territory.link_sent",
            org=link.region,
            actor=actor,
            obj=link,
            details={"à": email},
            request=request,
        )
    return sent


# Joining and leaving -----------------------------------------------------------


def practices_of(user, region: Organisation | None = None) -> list[tuple[Organisation, bool]]:
    """The practices where `user` is titulaire and which may join a territory,
    each with whether it is already in `region`'s."""
    orgs = [
        m.org
        for m in user.memberships.select_related("org").filter(role=Role.TITULAIRE)
        if not m.org.is_regional
    ]
    joined = set()
    if region is not None:
        joined = set(
            Participation.objects.active()
            .filter(region=region, practice__in=orgs)
            .values_list("practice_id", flat=True)
        )
    return [(org, org.pk in joined) for org in sorted(orgs, key=lambda o: o.name)]


def join(
    link: JoinLink, practice: Organisation, *, actor, request: HttpRequest | None = None
) -> Participation:
    """Make `practice` join the territory of the link's region, with its titulaire's consent.

    1. The link must be usable, the actor titulaire of the practice, the
       practice not a regional body and not already in the territory.
    2. The participation is created, the journal of both organisations
       records it, and the practice's snapshot is computed at once.
    """
    region = link.region
    if not link.is_usable:
        raise JoinError("Ce lien d'adhésion a expiré ou a été retiré.")
    if not practice.memberships.filter(user=actor, role=Role.TITULAIRE).exists():
        raise JoinError("Seul le ou la titulaire de la structure peut la faire adhérer.")
    if practice.is_regional or practice.pk == region.pk:
        raise JoinError("Une structure d'appui ne peut pas rejoindre un territoire.")
    departement = indicators.departement_of_address(practice.address)
    try:
        with transaction.atomic():
            participation = Participation.objects.create(
                region=region,
                practice=practice,
                departement=departement,
                joined_by=actor,
                consent_version=CONSENT_VERSION,
            )
            JoinLink.objects.filter(pk=link.pk).update(uses=link.uses + 1)
            details = {"structure": practice.name, "territoire": region.name}
            for org in (practice, region):
                record(
                    action="territory.joined",
                    org=org,
                    actor=actor,
                    obj=participation,
                    details={**details, "version du consentement": CONSENT_VERSION},
                    request=request,
                )
    except IntegrityError:
        raise JoinError(f"{practice.name} fait déjà partie de ce territoire.") from None
    refresh(practice, prepare=False)
    prepare_dashboard(region.pk)
    return participation


def leave(participation: Participation, *, actor, request: HttpRequest | None = None) -> None:
    """The practice leaves: its indicators stop counting at once."""
    with transaction.atomic():
        now = timezone.now()
        updated = Participation.objects.filter(pk=participation.pk, left_at=None).update(
            left_at=now, left_by=actor, changed=now
        )
        if not updated:
            return
        participation.left_at = now
        details = {
            "structure": participation.practice.name,
            "territoire": participation.region.name,
        }
        for org in (participation.practice, participation.region):
            record(
                action="territory.left",
                org=org,
                actor=actor,
                obj=participation,
                details=details,
                request=request,
            )
        prepare_dashboard(participation.region_id)


# Snapshots ----------------------------------------------------------------------


def refresh(
    practice: Organisation, now: datetime | None = None, *, prepare: bool = True
) -> Snapshot:
    """Compute the practice's snapshot of this month; if its figures changed, mark
    its territories changed (their dashboards are then computed again, in the
    background unless `prepare` is False)."""
    now = now or timezone.now()
    values = indicators.compute(practice)
    month = month_of(timezone.localdate(now, practice.tzinfo()))
    with transaction.atomic():
        found = Snapshot.objects.filter(practice=practice, month=month).first()
        changed = found is None or any(getattr(found, k) != v for k, v in values.items())
        snapshot, _ = Snapshot.objects.update_or_create(
            practice=practice, month=month, defaults={**values, "computed_at": now}
        )
        if changed:
            members = Participation.objects.active().filter(practice=practice)
            regions = list(members.values_list("region_id", flat=True))
            members.update(changed=now)
            if prepare:
                for region_pk in regions:
                    prepare_dashboard(region_pk)
    return snapshot


def refresh_if_stale(practice: Organisation, now: datetime | None = None) -> Snapshot:
    now = now or timezone.now()
    month = month_of(timezone.localdate(now, practice.tzinfo()))
    found = Snapshot.objects.filter(practice=practice, month=month).first()
    if found is not None and now - found.computed_at < STALE_AFTER:
        return found
    return refresh(practice, now)


def stale_practices(now: datetime):
    """The practices of a territory whose snapshot of this month is missing or
    an hour old, the oldest first."""
    month = month_of(timezone.localdate(now))
    fresh = Snapshot.objects.filter(month=month, computed_at__gt=now - STALE_AFTER).values(
        "practice_id"
    )
    members = Participation.objects.active().values("practice_id")
    computed = Snapshot.objects.filter(practice=OuterRef("pk"), month=month).values("computed_at")
    return (
        Organisation.objects.filter(pk__in=members)
        .exclude(pk__in=fresh)
        .annotate(computed=Subquery(computed[:1]))
        .order_by(F("computed").asc(nulls_first=True), "pk")
    )


def refresh_stale(now: datetime, batch: int | None = None) -> int:
    """At each pass of the background loop: refresh `batch` stale snapshots at
    most (TERRITORY_REFRESH_BATCH), the oldest first, so that a pass stays
    short whatever the territories' size; then prepare the dashboards whose
    figures changed, once each."""
    batch = settings.TERRITORY_REFRESH_BATCH if batch is None else batch
    done = 0
    for practice in stale_practices(now)[:batch]:
        try:
            refresh(practice, now, prepare=False)
        except Exception:  # one practice's broken data must not stop the others
            log.exception("Indicateurs de la structure %s non recalculés", practice.pk)
            continue
        done += 1
    # Without a shared cache, what this process computed would serve no page.
    if done and shared_cache():
        moved = Participation.objects.active().filter(changed=now).values_list("region_id")
        for region_pk in sorted({pk for (pk,) in moved}):
            prepare_dashboard(region_pk)
    return done


# The dashboard --------------------------------------------------------------------


@dataclass(frozen=True)
class Dashboard:
    summary: stats.Summary
    computed_at: datetime
    names: labels.Names = field(default_factory=labels.Names)
    # The cache key it was computed for: the page's rendered figures are kept under it too.
    key: str = ""


def dashboard_version(region: Organisation) -> str:
    """Changes at every join, leave and change of a member's figures."""
    found = Participation.objects.filter(region=region).aggregate(
        changed=Max("changed"), rows=Count("id"), active=Count("id", filter=Q(left_at=None))
    )
    raw = f"{DASHBOARD_FORMAT}:{found['rows']}:{found['active']}:{found['changed']}"
    return hashlib.sha256(raw.encode()).hexdigest()[:24]


def dashboard_key(region: Organisation) -> str:
    return f"territory:dashboard:{region.pk}:{dashboard_version(region)}"


def dashboard(region: Organisation, now: datetime | None = None) -> Dashboard:
    """The territory's dashboard, computed once per change of its members.

    The key is read before the figures: a practice that leaves meanwhile moves
    the key, so that figures still counting it are never served after its
    leaving. One computation per region at a time (a lock in the cache, shared
    by the processes when the cache is): a visitor who finds one under way
    waits for it rather than computing the same figures beside it.
    """
    key = dashboard_key(region)
    found = cache.get(key)
    if found is not None:
        return found
    lock = f"territory:dashboard-lock:{region.pk}"
    token = secrets.token_hex(8)
    deadline = time.monotonic() + DASHBOARD_WAIT_SECONDS
    while not cache.add(lock, token, DASHBOARD_LOCK_SECONDS):
        time.sleep(0.05)
        if (found := cache.get(key)) is not None:
            return found
        if time.monotonic() > deadline:  # a stuck computation: compute beside it
            token = None
            break
    try:
        found = cache.get(key)
        if found is None:
            found = replace(compute_dashboard(region, now), key=key)
            cache.set(key, found, DASHBOARD_SECONDS)
    finally:
        if token is not None and cache.get(lock) == token:
            cache.delete(lock)
    return found


def shared_cache() -> bool:
    """Whether the cache is shared by the processes (Redis), not each one's own."""
    return not isinstance(caches["default"], LocMemCache)


def warm_dashboard(region: Organisation) -> None:
    """Compute the dashboard and lay out its figures' fragment, so that the
    next visitor finds both in the cache."""
    from hygie.territory import present

    board = dashboard(region)
    if not board.summary.published:
        return
    with timezone.override(region.tzinfo()):
        render_to_string("territory/dashboard_figures.html", present.page_context(board))


def prepare_dashboard(region_pk: int) -> None:
    """Once the current transaction is committed, warm the region's dashboard
    in a thread (TERRITORY_PREPARE_DASHBOARD), its failures logged."""
    if not settings.TERRITORY_PREPARE_DASHBOARD:
        return

    def run() -> None:
        try:
            warm_dashboard(Organisation.objects.get(pk=region_pk))
        except Exception:
            log.exception("Tableau du territoire %s non préparé", region_pk)
        finally:
            connections.close_all()

    def start() -> None:
        threading.Thread(target=run, name="hygie-territory-dashboard", daemon=True).start()

    transaction.on_commit(start)


# The snapshot's columns the dashboard reads; its JSON ones come as text, all
# decoded at once (decoding 20,000 small documents one by one costs more than
# the query).
JSON_FIELDS = ("theme_indices", "key_measures", "quiz", "incidents")
COLUMNS = (
    "practice_id",
    "profession",
    "indice",
    *(Cast(name, TextField()) for name in JSON_FIELDS),
    "requests_answered",
    "requests_on_time",
    "register_completeness",
)


def latest_rows(snapshots) -> list[tuple]:
    """The snapshots' COLUMNS, their JSON documents decoded."""
    found = list(snapshots.values_list(*COLUMNS))
    documents = json.loads(
        "["
        + ",".join(
            f"{r[3] or 'null'},{r[4] or 'null'},{r[5] or 'null'},{r[6] or 'null'}" for r in found
        )
        + "]"
    )
    return [
        (*r[:3], *(d or {} for d in documents[4 * i : 4 * i + 4]), *r[7:])
        for i, r in enumerate(found)
    ]


def compute_dashboard(region: Organisation, now: datetime | None = None) -> Dashboard:
    """1. The active participations and their départements.
    2. Each one's latest snapshot (this month's, or its latest before).
    3. The earlier months' indices for the trends, counted by the database.
    4. The pure summary (stats.summarise), with the names to show it."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    current = month_of(today)
    active = Participation.objects.active().filter(region=region)
    departements = dict(active.values_list("practice_id", "departement"))
    members = active.values("practice_id")
    latest = {
        row[0]: row
        for row in latest_rows(Snapshot.objects.filter(practice_id__in=members, month=current))
    }
    missing = [pk for pk in departements if pk not in latest]
    if missing:
        for row in latest_rows(
            Snapshot.objects.filter(practice_id__in=missing).order_by("practice_id", "-month")
        ):
            latest.setdefault(row[0], row)
    rows = []
    for pk, departement in departements.items():
        row = latest.get(pk)
        if row is None:
            rows.append(stats.Row(profession="", departement=departement, indice=None))
            continue
        rows.append(stats.Row(row[1], departement, *row[2:]))
    months = indicators.last_months(today)
    since = current.replace(year=int(months[0][:4]), month=int(months[0][5:]))
    trend: list[tuple[str, int]] = []
    for month, indice, n in (
        Snapshot.objects.filter(
            practice_id__in=members, month__gte=since, month__lt=current, indice__isnull=False
        )
        .order_by()
        .values("month", "indice")
        .annotate(n=Count("id"))
        .values_list("month", "indice", "n")
    ):
        trend += [(indicators.month_key(month), indice)] * n
    trend += [(indicators.month_key(current), r.indice) for r in rows if r.indice is not None]
    names = labels.names()
    summary = stats.summarise(rows, trend, measure_keys=names.key_measures, months=months)
    return Dashboard(summary, now, names)


def tick(now: datetime) -> None:
    """At each pass of the background loop: one batch of stale snapshots."""
    refresh_stale(now)


def record_export(region: Organisation, fmt: str, *, actor=None, request=None) -> None:
    record(
        action="territory.exported",
        org=region,
        actor=actor,
        details={"format": fmt.upper()},
        request=request,
    )
