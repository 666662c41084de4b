from django.urls import path, re_path

from hygie.register import views

app_name = "register"

P = "o/<str:code>/registre-rgpd/"
# The supplier questionnaires, offered by the diagnostic, at its addresses.
Q = "o/<str:code>/diagnostic/questionnaires/"

urlpatterns = [
    path(P, views.home, name="home"),
    path(P + "modeles/", views.start, name="start"),
    path(P + "responsable/", views.controller, name="controller"),
    path(P + "dpo/", views.dpo_decision, name="dpo"),
    path(P + "historique/", views.history, name="history"),
    path(P + "site-internet/", views.website_text, name="website"),
    path(P + "traitements/nouveau/", views.processing_edit, name="processing_new"),
    path(P + "traitements/<int:pk>/", views.processing_edit, name="processing_edit"),
    path(P + "traitements/<int:pk>/retirer/", views.processing_delete, name="processing_delete"),
    path(P + "sous-traitants/nouveau/", views.processor_edit, name="processor_new"),
    path(P + "sous-traitants/<int:pk>/", views.processor_edit, name="processor_edit"),
    path(P + "sous-traitants/<int:pk>/retirer/", views.processor_delete, name="processor_delete"),
    re_path(
        r"^o/(?P<code>[^/]+)/registre-rgpd/(?P<fmt>notice|affiche-a4|affiche-a3)\.pdf$",
        views.notice,
        name="notice",
    ),
    re_path(
        r"^o/(?P<code>[^/]+)/registre-rgpd/export/(?P<what>registre|sous-traitants)"
        r"\.(?P<fmt>pdf|xlsx|ods)$",
        views.export,
        name="export",
    ),
    path(Q, views.questionnaires, name="questionnaires"),
    path(Q + "retour/", views.questionnaire_returned, name="questionnaire_returned"),
    path(Q + "<int:number>.pdf", views.questionnaire_pdf, name="questionnaire_pdf"),
]
