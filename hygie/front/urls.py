from django.urls import path

from hygie.front import views

app_name = "front"

urlpatterns = [
    path("", views.landing, name="landing"),
    path("accueil/", views.start, name="start"),
    path("etat/", views.health, name="health"),
    path("urgence/", views.emergency, name="emergency"),
]

# The organisation's home page keeps its name "orgs:home": hygie/urls.py adds
# it to the organisations' addresses.
org_home = [path("o/<str:code>/", views.home, name="home")]
