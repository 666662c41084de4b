from django.urls import path

from hygie.phishing import views

app_name = "phishing"

P = "o/<str:code>/messages/"

urlpatterns = [
    path("outils/message/", views.public, name="public"),
    path("outils/message/que-faire/<slug:answer>/", views.public_steps, name="public_steps"),
    path(P, views.analyse, name="analyse"),
    path(P + "conserver/", views.keep, name="keep"),
    path(P + "incident/", views.incident, name="incident"),
    path(P + "cyberquiz/", views.quiz, name="quiz"),
    path(P + "rapports/", views.reports, name="reports"),
    path(P + "rapports/<int:pk>/", views.report, name="report"),
    path(P + "rapports/<int:pk>/supprimer/", views.delete, name="delete"),
]
