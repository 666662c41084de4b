from django.urls import path, re_path

from hygie.incidents import views

app_name = "incidents"

P = "o/<str:code>/incidents/"

urlpatterns = [
    path(P, views.incident_list, name="list"),
    path(P + "signaler/", views.declare, name="declare"),
    path(P + "registre/", views.register, name="register"),
    re_path(
        r"^o/(?P<code>[^/]+)/incidents/registre\.(?P<fmt>csv|pdf)$",
        views.register_export,
        name="register_export",
    ),
    path(P + "<int:pk>/", views.detail, name="detail"),
    path(P + "<int:pk>/reflexe/", views.tick, name="tick"),
    path(P + "<int:pk>/chronologie/", views.entry, name="entry"),
    path(P + "<int:pk>/qualifier/", views.qualify, name="qualify"),
    path(P + "<int:pk>/obligations/<slug:key>/", views.fulfil, name="fulfil"),
    path(P + "<int:pk>/notification-cnil/", views.cnil_draft, name="cnil_draft"),
    path(
        P + "<int:pk>/notification-cnil/brouillon/",
        views.cnil_draft_autosave,
        name="cnil_draft_autosave",
    ),
    path(
        P + "<int:pk>/notification-cnil/version-<int:number>.pdf",
        views.cnil_notice_pdf,
        name="cnil_notice_pdf",
    ),
    path(P + "<int:pk>/plainte/", views.complaint_memo, name="complaint_memo"),
    path(P + "<int:pk>/lettre-patients/", views.patient_letter, name="patient_letter"),
    path(P + "<int:pk>/clore/", views.close, name="close"),
    path(P + "<int:pk>/rapport-cloture.pdf", views.closing_report, name="closing_report"),
]
