from django.urls import path

from hygie.territory import views

app_name = "territory"

P = "o/<str:code>/territoire/"

urlpatterns = [
    path(P, views.home, name="home"),
    path(P + "quitter/<int:pk>/", views.leave, name="leave"),
    path(P + "tableau/", views.dashboard, name="dashboard"),
    path(P + "tableau/export.<str:fmt>", views.export, name="export"),
    path(P + "inviter/", views.invite, name="invite"),
    path(P + "inviter/<int:pk>/retirer/", views.link_revoke, name="link_revoke"),
    path(P + "inviter/<int:pk>/envoyer/", views.link_send, name="link_send"),
    path("territoire/rejoindre/<slug:token>/", views.join, name="join"),
]
