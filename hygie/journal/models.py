from __future__ import annotations

import re
from datetime import date, datetime

from django.db import models
from django.db.models import Q
from django.utils import timezone

from hygie.law.territories import TERRITORIES
from hygie.lib import dates, french


class AppendOnlyError(Exception):
    pass


class EntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Journal entries cannot be changed.")

    def delete(self):
        raise AppendOnlyError("Journal entries cannot be deleted.")

    def for_org(self, org, joined: dict[int, datetime]):
        """The organisation's own entries, and its current members' sign-ins
        since they joined it.

        `joined` maps each member's user id to when their membership began.
        Sign-ins belong to the person, not to an organisation: one made before
        joining (for another practice, from its address) is not this
        organisation's to see; a member who left is no longer followed.
        """
        from hygie.journal.labels import ACCOUNT_ACTIONS

        theirs = Q(pk__in=[])
        for user_id, since in joined.items():
            theirs |= Q(actor_id=user_id, time__gte=since)
        return self.filter(Q(org_id=org.id) | (Q(org_id=None, action__in=ACCOUNT_ACTIONS) & theirs))


class Entry(models.Model):
    """One line of the audit journal.

    It refers to organisations, people and objects by identifier and label, not
    by foreign key: nothing elsewhere can cascade into it, and it outlives what
    it describes.
    """

    chain = models.CharField(max_length=40)
    seq = models.PositiveBigIntegerField()
    time = models.DateTimeField()
    org_id = models.BigIntegerField(null=True)
    org_label = models.CharField(max_length=150, blank=True)
    actor_id = models.BigIntegerField(null=True)
    actor_label = models.CharField(max_length=254, blank=True)
    action = models.CharField(max_length=60)
    object_type = models.CharField(max_length=60, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    object_label = models.CharField(max_length=200, blank=True)
    details = models.JSONField(default=dict, blank=True)
    ip = models.GenericIPAddressField(null=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    objects = EntryQuerySet.as_manager()

    class Meta:
        verbose_name = "entrée du journal"
        verbose_name_plural = "entrées du journal"
        constraints = [models.UniqueConstraint(fields=["chain", "seq"], name="one_seq_per_chain")]
        indexes = [
            models.Index(fields=["org_id", "-time"]),
            models.Index(fields=["actor_id", "-time"]),
            # An organisation's page also shows its members' sign-ins, which
            # have no organisation: found through both columns, never by
            # scanning every sign-in of the instance.
            models.Index(fields=["org_id", "actor_id", "-time"], name="journal_org_actor_time"),
        ]

    def __str__(self) -> str:
        return f"{self.chain} n° {self.seq} — {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("Journal entries cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Journal entries cannot be deleted.")

    def fields(self) -> dict:
        from hygie.journal.chain import HASHED_FIELDS

        return {name: getattr(self, name) for name in HASHED_FIELDS}

    @property
    def details_text(self) -> str:
        """The details as a French reader reads them: « rôle : Praticien → Titulaire ».

        Entries recorded before details were written in French are shown so
        too: a known field name by its label, an ISO time as a French date in
        the active time zone, a zone by its name (« heure de la Martinique »).
        """
        from hygie.journal.labels import ACTIONS, DETAIL_LABELS

        tz = timezone.get_current_timezone()

        def show(value, key: str = "") -> str:
            # A pair is a change, as actions.changes() writes it: [old, new].
            if isinstance(value, list) and len(value) == 2:
                return f"{show(value[0], key)} → {show(value[1], key)}"
            if isinstance(value, list):
                return ", ".join(show(v, key) for v in value)
            if isinstance(value, dict):
                return ", ".join(f"{label(k)} : {show(v, k)}" for k, v in value.items())
            if isinstance(value, bool):
                return "oui" if value else "non"
            if value is None or value == "":
                return "—"
            if isinstance(value, str):
                return _said(value, key, tz, ACTIONS)
            return str(value)

        def label(key: str) -> str:
            return DETAIL_LABELS.get(key, key)

        parts = [f"{label(k)} : {show(v, k)}" for k, v in self.details.items()]
        # A value's own full stop is dropped before « ; », never « x. ; y ».
        return " ; ".join([french.without_full_stop(p) for p in parts[:-1]] + parts[-1:])

    @property
    def action_label(self) -> str:
        from hygie.journal.labels import ACTIONS

        return ACTIONS.get(self.action, self.action)


ISO_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?([+-]\d\d:\d\d|Z)$")
ISO_DATE = re.compile(r"^\d{4}-\d\d-\d\d$")


def _said(value: str, key: str, tz, actions: dict[str, str]) -> str:
    """A stored string as people read it: never an ISO date, a zone's IANA name
    or an action's identifier."""
    if ISO_TIME.match(value):
        return dates.named_datetime(datetime.fromisoformat(value), tz)
    if ISO_DATE.match(value):
        return dates.long_date(date.fromisoformat(value))
    if value in TERRITORIES:
        return TERRITORIES[value].time_name
    if key == "action" and value in actions:
        return actions[value]
    return value


class Chain(models.Model):
    """The head of one chain: the last sequence number and hash appended.

    Verification compares it with the last entry, so that removing entries at
    the end of a chain is detected too.
    """

    key = models.CharField(max_length=40, primary_key=True)
    last_seq = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64)

    def __str__(self) -> str:
        return f"{self.key} ({self.last_seq})"


class Seal(models.Model):
    """A sealed checkpoint (« sceau ») of one chain's head: its number of
    entries and last hash at a time, signed with the journal key.

    Its text is the witness: e-mailed to the organisation's titulaire and
    référent and printed on every export, it is kept outside the database, so
    that a journal rewound or rewritten afterwards no longer matches it. The
    copy kept here only shows it again: whoever can rewrite the journal can
    delete it too (hygie/journal/seals.py).
    """

    chain = models.CharField(max_length=40)
    seq = models.PositiveBigIntegerField()
    head_hash = models.CharField(max_length=64)
    time = models.DateTimeField()
    signature = models.CharField(max_length=64)
    # Made by the reminder loop (periodic), asked for (requested), or printed
    # on an export (export, not e-mailed).
    reason = models.CharField(max_length=20)
    # The addresses it was e-mailed to.
    recipients = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = "sceau du journal"
        verbose_name_plural = "sceaux du journal"
        indexes = [models.Index(fields=["chain", "-time"])]

    def __str__(self) -> str:
        return self.text

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("A seal cannot be changed.")
        super().save(*args, **kwargs)

    @property
    def text(self) -> str:
        from hygie.journal.seals import SealText

        return SealText.of(self).text
