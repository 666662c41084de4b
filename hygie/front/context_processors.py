from django.conf import settings
from django.utils.functional import SimpleLazyObject

from hygie.orgs.roles import permissions_of


def hygie(request):
    def memberships():
        from hygie.orgs.models import Membership

        if not request.user.is_authenticated:
            return []
        if hasattr(request, "memberships"):  # set by orgs.access.org_view
            return request.memberships
        return list(Membership.objects.for_user(request.user))

    membership = getattr(request, "membership", None)
    return {
        "site_name": settings.SITE_NAME,
        "my_memberships": SimpleLazyObject(memberships),
        "current_org": getattr(request, "org", None),
        "current_membership": membership,
        "current_permissions": permissions_of(membership.role) if membership else frozenset(),
    }
