from django.urls import path

from hygie.backups import views

app_name = "backups"

P = "o/<str:code>/sauvegardes/"

urlpatterns = [
    path(P, views.home, name="home"),
]
