from django.urls import path

from hygie.front import views

app_name = "front"

urlpatterns = [
    path("", views.landing, name="landing"),
    path("accueil/", views.start, name="start"),
    path("etat/", views.health, name="health"),
    path("urgence/", views.emergency, name="emergency"),
]
