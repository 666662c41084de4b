from django.urls import path, re_path

from hygie.backups import views

app_name = "backups"

P = "o/<str:code>/sauvegardes/"

urlpatterns = [
    path(P, views.home, name="home"),
    path(P + "journal/", views.log, name="log"),
    path(P + "plan/ajouter/", views.plan_new, name="plan_new"),
    path(P + "plan/<int:pk>/", views.plan_edit, name="plan_edit"),
    path(P + "plan/<int:pk>/retirer/", views.plan_retire, name="plan_retire"),
    path(P + "plan/<int:pk>/faite/", views.run, name="run"),
    path(P + "journal/sauvegarde/", views.run_new, name="run_new"),
    path(P + "journal/sauvegarde/<int:pk>/supprimer/", views.run_delete, name="run_delete"),
    path(P + "journal/restauration/", views.restore_new, name="restore_new"),
    path(P + "journal/destruction/", views.destruction_new, name="destruction_new"),
    re_path(
        r"^o/(?P<code>[^/]+)/sauvegardes/(?P<what>plan|journal|sauvegardes)\.(?P<fmt>csv|pdf)$",
        views.export,
        name="export",
    ),
]
