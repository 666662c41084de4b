from __future__ import annotations

import ipaddress
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.ipv6 import clean_ipv6_address

from hygie.journal.chain import GENESIS, entry_hash
from hygie.journal.labels import ACTIONS
from hygie.journal.models import Chain, Entry
from hygie.lib import dates
from hygie.lib.http import client_ip

INSTANCE_CHAIN = "instance"


def chain_key(org_id: int | None) -> str:
    return f"org:{org_id}" if org_id is not None else INSTANCE_CHAIN


def record(
    *,
    action: str,
    org=None,
    actor=None,
    actor_label: str = "",
    obj: models.Model | None = None,
    object_label: str = "",
    details: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
) -> Entry:
    """Append an entry to the organisation's chain (or the instance chain).

    Call it inside the transaction of the change it records, so that both are
    kept or both are lost. `details` are kept as people read them: French
    labels as keys; a time is written in French in the organisation's zone,
    named (« vendredi 11 décembre 2026 à 23:59 (heure de la Martinique) »), so
    that a later change of zone leaves it unambiguous; a date in French.
    """
    if action not in ACTIONS:
        raise KeyError(
            f"Unknown journal action {action!r}: declare it in journal/labels.py "
            "or, for a capability, in its registration (lib/plugins.py)"
        )
    if actor is not None and not getattr(actor, "is_authenticated", True):
        actor = None
    fields: dict[str, Any] = {
        "chain": chain_key(org.pk if org is not None else None),
        "org_id": org.pk if org is not None else None,
        "org_label": str(org)[:150] if org is not None else "",
        "actor_id": actor.pk if actor is not None else None,
        "actor_label": (actor.email if actor is not None else actor_label)[:254],
        "action": action,
        "object_type": obj._meta.label_lower if obj is not None else "",
        "object_id": str(obj.pk) if obj is not None else "",
        "object_label": (object_label or (str(obj) if obj is not None else ""))[:200],
        "details": _stored_numbers(_readable(details or {}, _zone(org))),
        "ip": _stored_ip(client_ip(request)) if request is not None else None,
    }
    for attempt in range(3):
        try:
            return _append(fields)
        except IntegrityError:
            # Two first entries of a new chain raced to create its head.
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def _zone(org) -> tzinfo:
    return org.tzinfo() if org is not None and hasattr(org, "tzinfo") else dates.PARIS


def _readable(value: Any, tz: tzinfo) -> Any:
    """Times and dates as French readers read them (never an ISO string)."""
    if isinstance(value, datetime):
        return dates.named_datetime(value, tz) if value.tzinfo else value.isoformat()
    if isinstance(value, date):
        return dates.long_date(value)
    if isinstance(value, dict):
        return {k: _readable(v, tz) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_readable(v, tz) for v in value]
    return value


def _stored_numbers(value: Any) -> Any:
    """Whole floats as ints, as PostgreSQL's jsonb gives them back (1e20, -0.0).

    The hash covers the details as the database returns them.
    """
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {k: _stored_numbers(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_stored_numbers(v) for v in value]
    return value


def _stored_ip(address: str | None) -> str | None:
    """The address as the database will keep it, since the hash covers that form.

    The ip column normalises IPv6 addresses (and PostgreSQL refuses what is not
    an address): hashing the raw form would make an intact entry fail
    verification, and a malformed one would make the recording fail.
    """
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:
        return None
    return clean_ipv6_address(str(ip)) if ip.version == 6 else str(ip)


def _append(fields: dict[str, Any]) -> Entry:
    with transaction.atomic():
        head = Chain.objects.select_for_update().filter(key=fields["chain"]).first()
        if head is None:
            head = Chain.objects.create(key=fields["chain"], last_seq=0, last_hash=GENESIS)
        # Time is taken under the chain's lock, so it never goes back along a chain.
        fields = {**fields, "seq": head.last_seq + 1, "time": timezone.now()}
        digest = entry_hash(settings.JOURNAL_KEY, head.last_hash, fields)
        entry = Entry.objects.create(**fields, prev_hash=head.last_hash, hash=digest)
        head.last_seq = entry.seq
        head.last_hash = digest
        head.save(update_fields=["last_seq", "last_hash"])
    return entry


def _same_text(value: Any) -> Any:
    """A text as typed in a textarea (\\r\\n) or kept (\\n) is the same text."""
    return value.replace("\r\n", "\n") if isinstance(value, str) else value


def changes(
    before: dict[str, Any], after: dict[str, Any], *, model: type[models.Model] | None = None
) -> dict[str, list[Any]]:
    """The fields that differ, as {label: [old, new]}, for an entry's details.

    With `model`, a field is named by its verbose name (« fuseau horaire »,
    never « time_zone ») and a choice by its label. Line endings do not count:
    a textarea sends \\r\\n where the database kept \\n.
    """
    found = {}
    for key, value in after.items():
        old, new = _same_text(before.get(key)), _same_text(value)
        if old == new:
            continue
        if model is not None:
            field = model._meta.get_field(key)
            choices = dict(field.flatchoices)
            key = str(field.verbose_name)
            old, new = choices.get(old, old), choices.get(new, new)
        found[key] = [old, new]
    return found


@transaction.atomic
def save_org_setting(
    model: type[models.Model],
    org,
    values: dict[str, Any],
    *,
    labels: dict[str, str],
    action: str,
    actor=None,
    request: HttpRequest | None = None,
) -> models.Model:
    """An organisation's one row of `model` (a policy it states, say), set to
    `values` and journaled with what changed, under `labels` (field: French
    label)."""
    row = model._default_manager.filter(org=org).first() or model(org=org)
    before = {labels[f]: getattr(row, f) for f in labels} if row.pk else {}
    for name, value in values.items():
        setattr(row, name, value)
    row.updated = timezone.now()
    row.save()
    after = {labels[f]: getattr(row, f) for f in labels}
    record(action=action, org=org, actor=actor, obj=row, details=changes(before, after),
           request=request)  # fmt: skip
    return row


def purge_reports(reports: models.QuerySet, *, action: str, days: int, now: datetime) -> int:
    """Delete the `reports` (of a model with `org` and `created_at`) kept more
    than `days` before `now`, one transaction per organisation, each deletion
    journaled as `action` with how many went, never what. Returns how many went."""
    from hygie.orgs.models import Organisation

    old = reports.filter(created_at__lt=now - timedelta(days=days))
    removed = 0
    for org_id in old.values_list("org", flat=True).distinct().order_by("org"):
        with transaction.atomic():
            mine = old.filter(org_id=org_id)
            count = mine.count()
            if not count:
                continue
            mine.delete()
            record(
                action=action,
                org=Organisation.objects.get(pk=org_id),
                details={"rapports": count, "durée (jours)": days},
            )
        removed += count
    return removed
