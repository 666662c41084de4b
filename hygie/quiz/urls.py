from django.urls import path, re_path

from hygie.quiz import views

app_name = "quiz"

P = "o/<str:code>/quiz/"

urlpatterns = [
    path(P, views.home, name="home"),
    path(P + "composer/", views.compose, name="compose"),
    path(P + "<int:pk>/modifier/", views.compose, name="edit"),
    path(P + "<int:pk>/dupliquer/", views.duplicate, name="duplicate"),
    re_path(
        r"^o/(?P<code>[^/]+)/quiz/questions/(?P<key>(?:bank:[a-z0-9-]+|org:[0-9]+))/apercu/$",
        views.preview,
        name="preview",
    ),
    path(P + "lancer/", views.launch, name="launch"),
    path(P + "questions/nouvelle/", views.question_new, name="question_new"),
    path(P + "parties/<int:pk>/", views.host, name="host"),
    path(P + "parties/<int:pk>/projection/", views.projection, name="projection"),
    path(P + "parties/<int:pk>/resultats/", views.results, name="results"),
    re_path(
        r"^o/(?P<code>[^/]+)/quiz/parties/(?P<pk>[0-9]+)/resultats\.(?P<fmt>csv|xlsx)$",
        views.export,
        name="export",
    ),
]
