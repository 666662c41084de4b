from django.urls import path, re_path

from hygie.diagnostic import views

app_name = "diagnostic"

P = "o/<str:code>/diagnostic/"

urlpatterns = [
    path("diagnostic/decouverte/", views.discover, name="discovery"),
    path("diagnostic/decouverte/resultat.pdf", views.discover_pdf, name="discovery_pdf"),
    path(P, views.home, name="home"),
    path(P + "commencer/", views.start, name="start"),
    path(P + "<int:pk>/profil/", views.profile, name="profile"),
    path(P + "<int:pk>/theme/<int:number>/", views.theme, name="theme"),
    path(P + "<int:pk>/reponse/", views.answer, name="answer"),
    path(P + "<int:pk>/verifier/", views.review, name="review"),
    path(P + "<int:pk>/terminer/", views.finish, name="finish"),
    path(P + "<int:pk>/supprimer/", views.discard, name="discard"),
    path(P + "<int:pk>/resultat/", views.result, name="result"),
    path(P + "<int:pk>/rapport.pdf", views.report, name="report"),
    re_path(
        r"^o/(?P<code>[^/]+)/diagnostic/(?P<pk>[0-9]+)/reponses\.(?P<fmt>csv|xlsx)$",
        views.export_answers,
        name="export_answers",
    ),
    path(P + "plan/", views.plan, name="plan"),
    path(P + "plan/<int:pk>/", views.plan_item, name="plan_item"),
    re_path(
        r"^o/(?P<code>[^/]+)/diagnostic/plan\.(?P<fmt>csv|xlsx)$",
        views.export_plan,
        name="export_plan",
    ),
    path(P + "fiche-reflexe.pdf", views.reflex_sheet, name="reflex_sheet"),
    path(P + "contacts/", views.contacts, name="contacts"),
]
