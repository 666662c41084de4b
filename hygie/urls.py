from django.contrib import admin
from django.urls import include, path

import hygie.admin_site  # noqa: F401  (puts the admin behind MFA)
from hygie.front.urls import org_home
from hygie.orgs import urls as orgs_urls

urlpatterns = [
    path("", include("hygie.front.urls")),
    path("", include("hygie.accounts.urls")),
    path("", include(([*org_home, *orgs_urls.urlpatterns], orgs_urls.app_name))),
    path("", include("hygie.deadlines.urls")),
    path("", include("hygie.journal.urls")),
    path("", include("hygie.diagnostic.urls")),
    path("", include("hygie.incidents.urls")),
    path("", include("hygie.rights.urls")),
    path("", include("hygie.register.urls")),
    path("", include("hygie.quiz.urls")),
    path("", include("hygie.quiz.play_urls")),
    path("", include("hygie.phishing.urls")),
    path("", include("hygie.identity.urls")),
    path("", include("hygie.passwords.urls")),
    path("", include("hygie.backups.urls")),
    path("", include("hygie.awareness.urls")),
    path("", include("hygie.surveys.urls")),
    path("", include("hygie.territory.urls")),
    path("", include("hygie.newsletter.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "hygie.front.views.bad_request"
handler403 = "hygie.front.views.permission_denied"
handler404 = "hygie.front.views.page_not_found"
handler500 = "hygie.front.views.server_error"
