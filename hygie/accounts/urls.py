from django.contrib.auth import views as auth_views
from django.urls import path

from hygie.accounts import views

app_name = "accounts"

urlpatterns = [
    path("connexion/", views.login, name="login"),
    path("connexion/code/", views.login_code, name="login_code"),
    path("deconnexion/", views.logout, name="logout"),
    path("verrouiller/", views.lock, name="lock"),
    path("verrouille/", views.locked, name="locked"),
    path("inscription/", views.signup, name="signup"),
    path("inscription/envoyee/", views.signup_sent, name="signup_sent"),
    path("inscription/confirmer/<str:token>/", views.confirm, name="confirm"),
    path("inscription/renvoyer/", views.resend_confirmation, name="resend_confirmation"),
    path("deverrouiller/<str:token>/", views.unlock, name="unlock"),
    path("mot-de-passe/oublie/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "mot-de-passe/oublie/envoye/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "mot-de-passe/nouveau/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "mot-de-passe/nouveau/termine/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path("compte/", views.profile, name="profile"),
    path("compte/calendrier/renouveler/", views.renew_calendar, name="renew_calendar"),
    path("compte/mot-de-passe/", views.password_change, name="password_change"),
    path("compte/securite/", views.security, name="security"),
    path("compte/securite/activer/", views.mfa_setup, name="mfa_setup"),
    path(
        "compte/securite/codes/renouveler/", views.recovery_regenerate, name="recovery_regenerate"
    ),
    path("compte/securite/desactiver/", views.mfa_disable, name="mfa_disable"),
    path("compte/sessions/", views.sessions, name="sessions"),
    path(
        "compte/sessions/fermer-les-autres/", views.sessions_end_others, name="sessions_end_others"
    ),
    path("compte/sessions/<str:key>/fermer/", views.session_end, name="session_end"),
]
