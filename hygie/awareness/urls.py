from django.urls import path

from hygie.awareness import views

app_name = "awareness"

urlpatterns = [
    path("sensibilisation/", views.index, name="index"),
    path("sensibilisation/pdf/", views.set_pdf, name="set_pdf"),
    path("sensibilisation/<slug:slug>/", views.page, name="page"),
    path("sensibilisation/<slug:slug>/pdf/", views.page_pdf, name="page_pdf"),
]
