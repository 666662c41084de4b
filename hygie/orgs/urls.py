from django.urls import path

from hygie.orgs import views

app_name = "orgs"

# The organisation's home page, "orgs:home", is front's (front/urls.py, hygie/urls.py).

urlpatterns = [
    path("organisations/", views.org_list, name="list"),
    path("organisations/nouvelle/", views.org_create, name="create"),
    path("invitation/<str:token>/", views.invitation, name="invitation"),
    path("o/<str:code>/membres/", views.members, name="members"),
    path("o/<str:code>/membres/<int:pk>/role/", views.member_role, name="member_role"),
    path("o/<str:code>/membres/<int:pk>/retirer/", views.member_remove, name="member_remove"),
    path(
        "o/<str:code>/invitations/<int:pk>/annuler/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path("o/<str:code>/quitter/", views.leave, name="leave"),
    path("o/<str:code>/parametres/", views.org_settings, name="settings"),
]
