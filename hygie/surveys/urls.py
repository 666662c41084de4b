from django.urls import path

from hygie.surveys import public, results_views, views

app_name = "surveys"

urlpatterns = [
    path("o/<str:code>/enquetes/", views.survey_list, name="list"),
    path("o/<str:code>/enquetes/nouvelle/", views.create, name="create"),
    path("o/<str:code>/enquetes/<int:pk>/", views.detail, name="detail"),
    path("o/<str:code>/enquetes/<int:pk>/statut/", views.status, name="status"),
    path("o/<str:code>/enquetes/<int:pk>/affiche/", views.poster, name="poster"),
    path("o/<str:code>/enquetes/<int:pk>/invitations/", views.invitations, name="invitations"),
    path(
        "o/<str:code>/enquetes/<int:pk>/questions/nouvelle/",
        views.question_edit,
        name="question_new",
    ),
    path(
        "o/<str:code>/enquetes/<int:pk>/questions/<int:qpk>/",
        views.question_edit,
        name="question_edit",
    ),
    path(
        "o/<str:code>/enquetes/<int:pk>/questions/<int:qpk>/supprimer/",
        views.question_delete,
        name="question_delete",
    ),
    path(
        "o/<str:code>/enquetes/<int:pk>/questions/<int:qpk>/deplacer/",
        views.question_move,
        name="question_move",
    ),
    path(
        "o/<str:code>/enquetes/<int:pk>/sections/nouvelle/", views.section_edit, name="section_new"
    ),
    path(
        "o/<str:code>/enquetes/<int:pk>/sections/<int:spk>/",
        views.section_edit,
        name="section_edit",
    ),
    path(
        "o/<str:code>/enquetes/<int:pk>/sections/<int:spk>/supprimer/",
        views.section_delete,
        name="section_delete",
    ),
    # The respondents' pages: no account.
    path("enquete/<slug:token>/", public.answer, name="answer"),
    path("enquete/<slug:token>/i/<slug:invitation>/", public.answer_invited, name="answer_invited"),
    path("enquete/<slug:token>/merci/", public.thanks, name="thanks"),
    path("enquete/<slug:token>/information/", public.notice, name="notice"),
]

urlpatterns += results_views.urlpatterns
