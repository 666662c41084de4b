"""What the journal's tests share: raw SQL as an attacker would run it, backdated entries."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from django.conf import settings
from django.db import connection, transaction

from hygie.journal.actions import chain_key
from hygie.journal.chain import GENESIS, entry_hash
from hygie.journal.models import Chain, Entry, Seal


def raw_sql(sql: str, params: list | tuple = ()) -> int:
    """Run SQL on the journal's tables, bypassing the ORM; return the rows touched.

    `{entry}`, `{chain}` and `{seal}` in the statement stand for the tables.
    """
    tables = {
        "entry": connection.ops.quote_name(Entry._meta.db_table),
        "chain": connection.ops.quote_name(Chain._meta.db_table),
        "seal": connection.ops.quote_name(Seal._meta.db_table),
    }
    with connection.cursor() as cursor:
        cursor.execute(sql.format(**tables), params)
        return cursor.rowcount


@contextmanager
def undone() -> Iterator[None]:
    """Undo whatever the block did to the database, so that each row of a table starts afresh."""
    savepoint = transaction.savepoint()
    try:
        yield
    finally:
        transaction.savepoint_rollback(savepoint)


def append_at(when: datetime, *, org, action: str, actor=None, object_label: str = "") -> Entry:
    """Append a correctly chained entry at a chosen time, as record() would have then."""
    key = chain_key(org.pk)
    with transaction.atomic():
        head, _ = Chain.objects.get_or_create(key=key, defaults={"last_hash": GENESIS})
        fields = {
            "chain": key,
            "seq": head.last_seq + 1,
            "time": when,
            "org_id": org.pk,
            "org_label": org.name,
            "actor_id": actor.pk if actor else None,
            "actor_label": actor.email if actor else "",
            "action": action,
            "object_type": "",
            "object_id": "",
            "object_label": object_label,
            "details": {},
            "ip": None,
        }
        digest = entry_hash(settings.JOURNAL_KEY, head.last_hash, fields)
        entry = Entry.objects.create(**fields, prev_hash=head.last_hash, hash=digest)
        head.last_seq, head.last_hash = entry.seq, digest
        head.save(update_fields=["last_seq", "last_hash"])
    return entry
