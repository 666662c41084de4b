"""The Django admin, for support staff only, behind a verified second factor."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django_otp.admin import OTPAdminSite


class HygieAdminSite(OTPAdminSite):
    site_header = "Hygie — support"
    site_title = "Hygie support"
    index_title = "Administration"

    def index(self, request, extra_context=None):
        """The index, with the instance's alerts (a failed scheduled backup)."""
        from hygie.backups.instance.schedule import alerts

        extra_context = {**(extra_context or {}), "instance_alerts": alerts()}
        return super().index(request, extra_context)

    def login(self, request, extra_context=None):
        """Sign in through Hygie's own login (password, then code).

        1. Staff signed in with a verified device: on to the page asked for.
        2. Staff without one: to the security page, to turn it on.
        3. Anyone else signed in: refused (sending them to the login would loop).
        4. Anonymous: Hygie's login, then straight to the page asked for.
        """
        target = request.GET.get("next", "")
        if not url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            target = reverse("admin:index")
        user = request.user
        if self.has_permission(request):
            return redirect(target)
        if user.is_authenticated and user.is_staff:
            messages.warning(
                request,
                "L'administration exige une connexion avec double authentification : "
                "activez-la, puis reconnectez-vous.",
            )
            return redirect("accounts:security")
        if user.is_authenticated:
            raise PermissionDenied("L'administration est réservée à l'équipe support.")
        return redirect(f"{reverse('accounts:login')}?{urlencode({'next': target})}")


admin.site.__class__ = HygieAdminSite
