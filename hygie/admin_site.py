"""The Django admin, for support staff only, behind a verified second factor."""

from django.contrib import admin, messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django_otp.admin import OTPAdminSite


class HygieAdminSite(OTPAdminSite):
    site_header = "Hygie — support"
    site_title = "Hygie support"
    index_title = "Administration"

    def login(self, request, extra_context=None):
        """Sign in through Hygie's own login (password, then code)."""
        if request.user.is_authenticated and request.user.is_staff:
            messages.warning(
                request,
                "L'administration exige une connexion avec double authentification : "
                "activez-la, puis reconnectez-vous.",
            )
            return redirect("accounts:security")
        query = urlencode({"next": request.get_full_path()})
        return redirect(f"{reverse('accounts:login')}?{query}")


admin.site.__class__ = HygieAdminSite
