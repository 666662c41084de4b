from django.urls import path, re_path

from hygie.rights import calculator, views

app_name = "rights"

P = "o/<str:code>/droits/"

urlpatterns = [
    path("outils/delais/", calculator.calculator, name="calculator"),
    path(P, views.dashboard, name="dashboard"),
    path(P + "nouvelle/", views.new, name="new"),
    path(P + "conservation/", views.retention, name="retention"),
    re_path(
        r"^o/(?P<code>[^/]+)/droits/demandes-(?P<year>[0-9]{4})\.csv$",
        views.export,
        name="export",
    ),
    path(P + "<int:pk>/", views.detail, name="detail"),
    path(P + "<int:pk>/identite/", views.identity, name="identity"),
    path(P + "<int:pk>/prise-en-charge/", views.take_on, name="take_on"),
    path(P + "<int:pk>/note/", views.note, name="note"),
    path(P + "<int:pk>/reponse/", views.answer, name="answer"),
    path(P + "<int:pk>/refus/", views.refuse, name="refuse"),
    path(P + "<int:pk>/prolongation/", views.extend, name="extend"),
    path(P + "<int:pk>/courrier/<slug:kind>/", views.letter, name="letter"),
]
