from django.urls import path

from hygie.identity import views

app_name = "identity"

P = "o/<str:code>/identite/"

urlpatterns = [
    path(P, views.home, name="home"),
]
