from django.urls import path

from hygie.identity import views

app_name = "identity"

P = "o/<str:code>/identite/"

urlpatterns = [
    path("outils/nir/", views.nir_public, name="nir_public"),
    path(P, views.home, name="home"),
    path(P + "audit/", views.audit_upload, name="audit_upload"),
    path(P + "audit/colonnes/", views.audit_mapping, name="audit_mapping"),
    path(P + "audit/progression/", views.audit_progress, name="audit_progress"),
    path(P + "audit/resultats/", views.audit_results, name="audit_results"),
    path(P + "audit/paire/<int:index>/", views.audit_pair, name="audit_pair"),
    path(P + "audit/telecharger/<str:fmt>/", views.audit_download, name="audit_download"),
    path(P + "audit/conserver/", views.audit_keep, name="audit_keep"),
    path(P + "rapports/", views.reports, name="reports"),
    path(P + "rapports/<int:pk>/", views.report, name="report"),
    path(P + "rapports/<int:pk>/pdf/", views.report_pdf, name="report_pdf"),
    path(P + "rapports/<int:pk>/supprimer/", views.report_delete, name="report_delete"),
    path(P + "nir/", views.nir, name="nir"),
    path(P + "statut/", views.status, name="status"),
    path(P + "mssante/", views.mssante, name="mssante"),
]
