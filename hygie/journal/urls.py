from django.urls import path, re_path

from hygie.journal import views

app_name = "journal"

urlpatterns = [
    path("o/<str:code>/journal/", views.journal, name="list"),
    re_path(
        r"^o/(?P<code>[^/]+)/journal/export\.(?P<fmt>csv|xlsx|pdf)$",
        views.export,
        name="export",
    ),
    path("o/<str:code>/journal/verifier/", views.verify_view, name="verify"),
    path("o/<str:code>/journal/sceller/", views.seal_view, name="seal"),
]
