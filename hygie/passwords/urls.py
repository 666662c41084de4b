from django.urls import path

from hygie.passwords import card_views, views

app_name = "passwords"

urlpatterns = [
    path("outils/mot-de-passe/", views.tool, name="tool"),
    path("outils/mot-de-passe/fiches/<slug:slug>/", card_views.card, name="card"),
    path("o/<str:code>/mots-de-passe/", views.org_tool, name="org"),
]
