from django.urls import path

from hygie.territory import views

app_name = "territory"

P = "o/<str:code>/territoire/"

urlpatterns = [
    path(P, views.home, name="home"),
]
