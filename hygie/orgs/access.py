"""The few helpers through which every access to an organisation's data goes.

An outsider gets 404, exactly as for an organisation or object that does not
exist. A member whose role lacks a permission gets 403 with a French page
explaining why. A member of an organisation that requires MFA, signed in
without it, is sent to enrol. An organisation's pages are in its time zone.
"""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from hygie.orgs.models import Membership
from hygie.orgs.roles import PERMISSIONS


def get_membership(user, code: str) -> Membership:
    try:
        return Membership.objects.select_related("org").get(user=user, org__code=code)
    except Membership.DoesNotExist:
        raise Http404("Organisation introuvable") from None


def usual_membership(user) -> Membership | None:
    """The membership a signed-in person works in, outside any organisation's
    pages: the organisation they used last, or their only one; None for a
    visitor or when it cannot be told."""
    if not user.is_authenticated:
        return None
    memberships = Membership.objects.for_user(user)
    mine = memberships.filter(org_id=user.last_org_id).first()
    if mine is None and len(memberships) == 1:
        mine = memberships[0]
    return mine


def memberships_with(request: HttpRequest, code: str) -> Membership:
    """The person's membership of this organisation, 404 if none.

    All their memberships are fetched in the one query and kept on the request,
    where the organisation switcher of every page reads them.
    """
    request.memberships = list(Membership.objects.for_user(request.user))
    for membership in request.memberships:
        if membership.org.code == code:
            return membership
    raise Http404("Organisation introuvable")


def require(membership: Membership, permission: str) -> None:
    if not membership.can(permission):
        raise PermissionDenied(
            f"Votre rôle ({membership.get_role_display()}) ne donne pas accès à cette page."
        )


def org_view(permission: str = "org.view", *, regional: bool = False):
    """Decorate a view taking `code` (the organisation's code) as first argument.

    The wrapped view receives the request with `request.org` and
    `request.membership` set, and without the `code` argument. It runs with
    the organisation's time zone active: `timezone.localtime`, date and time
    form fields and the date filters all read and show that zone's times.
    """
    if permission not in PERMISSIONS:
        raise KeyError(f"Unknown permission {permission!r}: declare it in orgs/roles.py")

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapper(request: HttpRequest, code: str, *args, **kwargs):
            membership = memberships_with(request, code)
            org = membership.org
            if regional and not org.is_regional:
                # Before the role: a practice has no such page, whoever asks.
                raise Http404("Page réservée aux structures d'appui régionales")
            if org.require_mfa and not request.user.is_verified():
                messages.warning(
                    request,
                    f"{org.name} demande à tous ses membres d'activer la double "
                    "authentification. Activez-la pour continuer.",
                )
                query = urlencode({"next": request.get_full_path()})
                return redirect(f"{reverse('accounts:mfa_setup')}?{query}")
            require(membership, permission)
            request.org = org
            request.membership = membership
            if request.user.last_org_id != org.id:
                request.user.last_org = org
                request.user.save(update_fields=["last_org"])
            # Its pages, forms, documents and exports in its own time zone.
            with timezone.override(org.tzinfo()):
                return view(request, *args, **kwargs)

        return wrapper

    return decorator


def regional_view(permission: str):
    """org_view for the pages of a regional body (Organisation.is_regional):
    the same checks, and 404 in any other organisation, which has no such page."""
    return org_view(permission, regional=True)


def get_for_org(source: type[Model] | QuerySet, org, **lookups):
    """Fetch one object of `org`, or 404 whether it is missing or someone else's."""
    queryset = source if isinstance(source, QuerySet) else source._default_manager.all()
    found = get_object_or_404(queryset, org=org, **lookups)
    found.org = org  # known already: reading it again would cost a query
    return found
