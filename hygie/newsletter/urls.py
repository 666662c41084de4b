from django.urls import path

from hygie.newsletter import views

app_name = "newsletter"

urlpatterns = [
    path("o/<str:code>/lettre/", views.home, name="home"),
]
