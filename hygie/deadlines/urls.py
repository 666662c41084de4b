from django.urls import path, re_path

from hygie.deadlines import views

app_name = "deadlines"

urlpatterns = [
    path("o/<str:code>/echeances/", views.deadline_list, name="list"),
    path("o/<str:code>/echeances/nouvelle/", views.deadline_create, name="create"),
    path("o/<str:code>/echeances/faite/", views.deadline_done, name="done"),
    path("o/<str:code>/echeances/rouvrir/", views.deadline_reopen, name="reopen"),
    re_path(
        r"^o/(?P<code>[^/]+)/echeances/export\.(?P<fmt>csv|xlsx|pdf)$",
        views.deadline_export,
        name="export",
    ),
    path("calendrier/<str:token>.ics", views.calendar, name="calendar"),
]
