from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Exists, OuterRef
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from hygie.orgs import actions
from hygie.orgs.access import get_for_org, org_view
from hygie.orgs.forms import InviteForm, OrganisationForm, RoleForm, SettingsForm
from hygie.orgs.models import Invitation, Membership


@login_required
def org_list(request: HttpRequest) -> HttpResponse:
    memberships = Membership.objects.for_user(request.user)
    invitations = (
        Invitation.objects.pending().filter(email=request.user.email).select_related("org")
    )
    return render(
        request,
        "orgs/list.html",
        {"memberships": memberships, "invitations": invitations},
    )


@login_required
def org_create(request: HttpRequest) -> HttpResponse:
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        org = actions.create_org(creator=request.user, request=request, **form.cleaned_data)
        messages.success(request, f"{org.name} est créée. Vous en êtes titulaire.")
        return redirect(org)
    return render(request, "orgs/create.html", {"form": form}, status=400 if form.errors else 200)


@org_view()
def members(request: HttpRequest) -> HttpResponse:
    org = request.org
    rows = (
        org.memberships.select_related("user")
        .annotate(has_mfa=Exists(TOTPDevice.objects.filter(user=OuterRef("user"), confirmed=True)))
        .order_by("user__full_name")
    )
    manage = request.membership.can("org.manage")
    form = InviteForm(request.POST or None) if manage else None
    if request.method == "POST":
        if not manage:
            return redirect("orgs:members", org.code)
        if form.is_valid():
            try:
                invitation, sent = actions.invite(
                    org=org,
                    email=form.cleaned_data["email"],
                    role=form.cleaned_data["role"],
                    actor=request.user,
                    request=request,
                )
            except actions.OrgError as error:
                form.add_error("email", str(error))
            else:
                if sent:
                    messages.success(request, f"Invitation envoyée à {invitation.email}.")
                else:
                    messages.warning(
                        request,
                        f"L'invitation de {invitation.email} est enregistrée, mais l'e-mail n'a "
                        "pas pu partir. Réessayez plus tard en l'invitant de nouveau.",
                    )
                return redirect("orgs:members", org.code)
    return render(
        request,
        "orgs/members.html",
        {
            "rows": rows,
            "manage": manage,
            "form": form,
            "invitations": org.invitations.pending() if manage else [],
            "role_form": RoleForm(),
        },
        status=400 if form is not None and form.errors else 200,
    )


@org_view("org.manage")
@require_POST
def member_role(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_for_org(Membership.objects.select_related("user"), request.org, pk=pk)
    form = RoleForm(request.POST)
    if form.is_valid():
        try:
            actions.change_role(
                membership, form.cleaned_data["role"], actor=request.user, request=request
            )
        except actions.OrgError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"Rôle de {membership.user} mis à jour.")
    else:
        messages.error(request, "Choisissez un rôle dans la liste.")
    return redirect("orgs:members", request.org.code)


@org_view("org.manage")
@require_POST
def member_remove(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_for_org(Membership.objects.select_related("user"), request.org, pk=pk)
    if membership.user == request.user:
        return redirect("orgs:leave", request.org.code)
    try:
        actions.remove_member(membership, actor=request.user, request=request)
    except actions.OrgError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{membership.user} ne fait plus partie de l'organisation.")
    return redirect("orgs:members", request.org.code)


@org_view("org.manage")
@require_POST
def invitation_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = get_for_org(Invitation.objects.pending(), request.org, pk=pk)
    actions.revoke_invitation(invitation, actor=request.user, request=request)
    messages.success(request, f"Invitation à {invitation.email} annulée.")
    return redirect("orgs:members", request.org.code)


@org_view()
def leave(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        try:
            actions.remove_member(request.membership, actor=request.user, request=request)
        except actions.OrgError as error:
            messages.error(request, str(error))
            return redirect("orgs:leave", request.org.code)
        messages.success(request, f"Vous avez quitté {request.org.name}.")
        return redirect("orgs:list")
    return render(request, "orgs/leave.html")


@org_view("org.manage")
def org_settings(request: HttpRequest) -> HttpResponse:
    form = SettingsForm(request.POST or None, instance=request.org)
    if request.method == "POST" and form.is_valid():
        actions.update_settings(request.org, form.cleaned_data, actor=request.user, request=request)
        messages.success(request, "Paramètres enregistrés.")
        return redirect("orgs:settings", request.org.code)
    return render(request, "orgs/settings.html", {"form": form}, status=400 if form.errors else 200)


def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The page an invitation link opens, signed in or not."""
    invitation = get_object_or_404(Invitation.objects.select_related("org"), token=token)
    if not invitation.is_pending:
        return render(request, "orgs/invitation_gone.html", {"invitation": invitation}, status=410)
    error = None
    if request.method == "POST" and request.user.is_authenticated:
        if request.POST.get("decision") == "decline" and request.user.email == invitation.email:
            actions.decline_invitation(invitation, user=request.user, request=request)
            messages.info(request, "Invitation déclinée.")
            return redirect("front:start")
        try:
            membership = actions.accept_invitation(invitation, request.user, request=request)
        except actions.OrgError as exc:
            error = str(exc)
        else:
            messages.success(request, f"Bienvenue dans {membership.org.name} !")
            return redirect(membership.org)
    mismatch = request.user.is_authenticated and request.user.email != invitation.email
    return render(
        request,
        "orgs/invitation.html",
        {"invitation": invitation, "error": error, "mismatch": mismatch},
    )
