from django.urls import path

from hygie.surveys import results_views, views

app_name = "surveys"

urlpatterns = [
    path("o/<str:code>/enquetes/", views.survey_list, name="list"),
]

urlpatterns += results_views.urlpatterns
