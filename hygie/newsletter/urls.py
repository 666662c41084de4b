from django.urls import path

from hygie.newsletter import public, views

app_name = "newsletter"

urlpatterns = [
    path("o/<str:code>/lettre/", views.home, name="home"),
    path("o/<str:code>/lettre/nouvelle/", views.issue_new, name="issue_new"),
    path("o/<str:code>/lettre/abonnes/", views.subscribers, name="subscribers"),
    path(
        "o/<str:code>/lettre/abonnes/<int:pk>/retirer/",
        views.subscriber_remove,
        name="subscriber_remove",
    ),
    path("o/<str:code>/lettre/<int:pk>/", views.issue, name="issue"),
    path("o/<str:code>/lettre/<int:pk>/modifier/", views.issue_edit, name="issue_edit"),
    path("o/<str:code>/lettre/<int:pk>/blocs/<str:kind>/", views.block_new, name="block_new"),
    path("o/<str:code>/lettre/<int:pk>/bloc/<int:block>/", views.block_edit, name="block_edit"),
    path(
        "o/<str:code>/lettre/<int:pk>/bloc/<int:block>/deplacer/",
        views.block_move,
        name="block_move",
    ),
    path(
        "o/<str:code>/lettre/<int:pk>/bloc/<int:block>/supprimer/",
        views.block_delete,
        name="block_delete",
    ),
    path("o/<str:code>/lettre/<int:pk>/apercu/", views.preview, name="preview"),
    path("o/<str:code>/lettre/<int:pk>/apercu.html", views.preview_html, name="preview_html"),
    path("o/<str:code>/lettre/<int:pk>/essai/", views.send_test, name="send_test"),
    path("o/<str:code>/lettre/<int:pk>/envoyer/", views.send, name="send"),
    path("o/<str:code>/lettre/<int:pk>/progression/", views.progress, name="progress"),
    path("o/<str:code>/lettre/<int:pk>/relancer/", views.resend, name="resend"),
    # Public pages: no account.
    path("lettre/<slug:code>/inscription/", public.subscribe, name="subscribe"),
    path("lettre/confirmation/<slug:token>/", public.confirm, name="confirm"),
    path("lettre/desabonnement/<slug:token>/", public.unsubscribe, name="unsubscribe"),
    path("lettre/<slug:token>/", public.web, name="web"),
]
