from django.urls import path

from hygie.surveys import views

app_name = "surveys"

urlpatterns = [
    path("o/<str:code>/enquetes/", views.survey_list, name="list"),
]
