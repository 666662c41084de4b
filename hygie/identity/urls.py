from django.urls import path

from hygie.identity import views

app_name = "identity"

P = "o/<str:code>/identite/"

urlpatterns = [
    path("outils/nir/", views.nir_public, name="nir_public"),
    path(P, views.home, name="home"),
    path(P + "audit/", views.audit_upload, name="audit_upload"),
    path(P + "audit/colonnes/", views.audit_mapping, name="audit_mapping"),
    path(P + "nir/", views.nir, name="nir"),
    path(P + "statut/", views.status, name="status"),
    path(P + "mssante/", views.mssante, name="mssante"),
]
