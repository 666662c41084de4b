"""Organisation workflows: membership changes, and the emergency contacts,
always go to the journal."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from hygie.journal.actions import changes, record
from hygie.lib import dates, emails
from hygie.orgs.models import Contacts, Invitation, Membership, Organisation
from hygie.orgs.roles import Role
from hygie.orgs.signals import time_zone_changed


class OrgError(Exception):
    """A refused change, with the French reason shown to the person."""


SETTINGS_FIELDS = (
    "name",
    "kind",
    "profession",
    "address",
    "time_zone",
    "require_mfa",
    "session_idle_minutes",
)


@transaction.atomic
def create_org(
    *,
    name: str,
    kind: str,
    profession: str = "",
    address: str = "",
    time_zone: str = "Europe/Paris",
    creator,
    request: HttpRequest | None = None,
) -> Organisation:
    org = Organisation.objects.create(
        name=name, kind=kind, profession=profession, address=address, time_zone=time_zone
    )
    Membership.objects.create(user=creator, org=org, role=Role.TITULAIRE)
    record(
        action="org.created",
        org=org,
        actor=creator,
        obj=org,
        details={"type": org.get_kind_display()},
        request=request,
    )
    return org


@transaction.atomic
def update_settings(org: Organisation, values: dict, *, actor, request: HttpRequest) -> None:
    """Save the organisation's settings, journaled with what changed.

    A new time zone moves, in the same transaction, every open deadline that a
    capability counts in days in the practice's calendar (orgs/signals.py):
    nothing is ever left in the old zone.
    """
    stored = Organisation.objects.select_for_update().get(pk=org.pk)
    before = {name: getattr(stored, name) for name in SETTINGS_FIELDS}
    for name in SETTINGS_FIELDS:
        setattr(org, name, values[name])
    org.save(update_fields=list(SETTINGS_FIELDS))
    after = {name: getattr(org, name) for name in SETTINGS_FIELDS}
    diff = changes(_said(before), _said(after), model=Organisation)
    if diff:
        record(
            action="org.settings_changed",
            org=org,
            actor=actor,
            obj=org,
            details=diff,
            request=request,
        )
    if before["time_zone"] != org.time_zone:
        time_zone_changed.send(
            sender=Organisation,
            org=org,
            old=ZoneInfo(before["time_zone"]),
            new=org.tzinfo(),
            actor=actor,
            request=request,
        )


def _said(values: dict) -> dict:
    """The time zone as people say it: « heure de la Martinique »."""
    return {**values, "time_zone": dates.territory(ZoneInfo(values["time_zone"])).time_name}


def invite(
    *, org: Organisation, email: str, role: str, actor, request: HttpRequest | None = None
) -> tuple[Invitation, bool]:
    """Record the invitation and e-mail its link; the flag says if the e-mail left."""
    email = email.strip().lower()
    if org.memberships.filter(user__email=email).exists():
        raise OrgError("Cette personne est déjà membre de l'organisation.")
    with transaction.atomic():
        # A new invitation to the same address replaces the pending one.
        org.invitations.pending().filter(email=email).update(revoked_at=timezone.now())
        invitation = Invitation.objects.create(org=org, email=email, role=role, invited_by=actor)
        record(
            action="member.invited",
            org=org,
            actor=actor,
            obj=invitation,
            object_label=email,
            details={"rôle": invitation.get_role_display()},
            request=request,
        )
    return invitation, send_invitation(invitation)


def send_invitation(invitation: Invitation) -> bool:
    return emails.send(
        "invitation",
        invitation.email,
        {
            "invitation": invitation,
            "org": invitation.org,
            "inviter": invitation.invited_by,
            "url": settings.SITE_URL + invitation.get_absolute_url(),
        },
        capped=True,
    )


@transaction.atomic
def decline_invitation(invitation: Invitation, *, user, request: HttpRequest) -> None:
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    record(
        action="invitation.declined",
        org=invitation.org,
        actor=user,
        obj=invitation,
        object_label=invitation.email,
        request=request,
    )


@transaction.atomic
def revoke_invitation(invitation: Invitation, *, actor, request: HttpRequest) -> None:
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    record(
        action="invitation.revoked",
        org=invitation.org,
        actor=actor,
        obj=invitation,
        object_label=invitation.email,
        request=request,
    )


@transaction.atomic
def accept_invitation(invitation: Invitation, user, *, request: HttpRequest) -> Membership:
    if not invitation.is_pending:
        raise OrgError("Cette invitation n'est plus valable.")
    if user.email != invitation.email:
        raise OrgError(
            f"Cette invitation est adressée à {invitation.email}. "
            "Connectez-vous avec ce compte pour l'accepter."
        )
    membership, created = Membership.objects.get_or_create(
        user=user, org=invitation.org, defaults={"role": invitation.role}
    )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    if created:
        record(
            action="invitation.accepted",
            org=invitation.org,
            actor=user,
            obj=membership,
            details={"rôle": membership.get_role_display()},
            request=request,
        )
    return membership


def _ensure_titulaire_remains(membership: Membership, new_role: str | None) -> None:
    if membership.role != Role.TITULAIRE or new_role == Role.TITULAIRE:
        return
    # Two titulaires stepping down at the same moment must not both succeed:
    # changes to an organisation's titulaires wait for one another.
    Organisation.objects.select_for_update().get(pk=membership.org_id)
    others = membership.org.titulaires().exclude(pk=membership.pk)
    if not others.exists():
        raise OrgError(
            "L'organisation doit garder au moins un titulaire : désignez-en un autre d'abord."
        )


@transaction.atomic
def change_role(membership: Membership, role: str, *, actor, request: HttpRequest) -> None:
    if role == membership.role:
        return
    _ensure_titulaire_remains(membership, role)
    old = membership.get_role_display()
    membership.role = role
    membership.save(update_fields=["role"])
    record(
        action="member.role_changed",
        org=membership.org,
        actor=actor,
        obj=membership,
        object_label=membership.user.email,
        details={"rôle": [old, membership.get_role_display()]},
        request=request,
    )


@transaction.atomic
def remove_member(membership: Membership, *, actor, request: HttpRequest) -> None:
    _ensure_titulaire_remains(membership, None)
    leaving = membership.user == actor
    record(
        action="member.left" if leaving else "member.removed",
        org=membership.org,
        actor=actor,
        obj=membership,
        object_label=membership.user.email,
        details={"rôle": membership.get_role_display()},
        request=request,
    )
    membership.delete()
    if membership.user.last_org_id == membership.org_id:
        membership.user.last_org = None
        membership.user.save(update_fields=["last_org"])


def _contact_label(field) -> str:
    """« prestataire informatique (son téléphone) »: a number names whose it is."""
    if field.name.endswith("_tel"):
        owner = Contacts._meta.get_field(field.name.removesuffix("_tel")).verbose_name
        return f"{owner} ({field.verbose_name})"
    return str(field.verbose_name)


@transaction.atomic
def save_contacts(org, values: dict, *, actor=None, request=None) -> Contacts:
    contacts, _ = Contacts.objects.get_or_create(org=org)
    fields = [f for f in Contacts._meta.fields if f.name not in ("id", "org", "updated")]
    before = {_contact_label(f): getattr(contacts, f.name) for f in fields}
    for f in fields:
        setattr(contacts, f.name, values.get(f.name, ""))
    after = {_contact_label(f): getattr(contacts, f.name) for f in fields}
    if before != after:
        contacts.updated = timezone.now()
        contacts.save()
        record(
            action="contacts.changed",
            org=org,
            actor=actor,
            obj=contacts,
            details=changes(before, after),
            request=request,
        )
    return contacts
