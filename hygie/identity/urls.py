from django.urls import path

from hygie.identity import views

app_name = "identity"

P = "o/<str:code>/identite/"

urlpatterns = [
    path(P, views.home, name="home"),
    path(P + "audit/", views.audit_upload, name="audit_upload"),
    path(P + "audit/colonnes/", views.audit_mapping, name="audit_mapping"),
]
