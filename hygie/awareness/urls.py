from django.urls import path

from hygie.awareness import views

app_name = "awareness"

urlpatterns = [
    path("sensibilisation/", views.index, name="index"),
]
