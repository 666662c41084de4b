from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_POST

from hygie.accounts import actions, throttle
from hygie.accounts.forms import (
    CodeForm,
    LoginForm,
    PasswordChangeForm,
    PasswordConfirmForm,
    PasswordResetForm,
    ProfileForm,
    SignupForm,
    TotpConfirmForm,
)
from hygie.accounts.models import RecoveryDevice, User
from hygie.accounts.qr import qr_data_uri
from hygie.lib import french
from hygie.lib.throttling import wait_text

LOCKED_MESSAGE = (
    "Ce compte est verrouillé : de nombreux mots de passe erronés ont été essayés pour lui "
    "depuis plusieurs connexions. Pour le déverrouiller, ouvrez le lien envoyé par e-mail à "
    "son adresse. Si la double authentification est activée, votre mot de passe suivi de "
    "votre code le déverrouille aussi. Sinon, « Mot de passe oublié ? » permet d'en choisir "
    "un nouveau."
)


def throttled_message(verdict: throttle.Verdict) -> str:
    wait = wait_text(verdict.wait)
    if verdict.reason == "address":
        return (
            "Trop d'essais infructueux depuis votre connexion internet, peut-être partagée "
            f"avec d'autres personnes. Patientez {wait} avant de réessayer. Depuis un "
            "navigateur où vous vous êtes déjà connecté à ce compte, la connexion reste "
            "possible sans attendre."
        )
    return (
        "Trop d'essais infructueux pour ce compte depuis votre connexion. Patientez "
        f"{wait} avant de réessayer (le délai double à chaque nouvel échec), ou choisissez "
        "« Mot de passe oublié ? » pour en définir un nouveau."
    )


def _next(request: HttpRequest, default: str = "front:start") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse(default)


def _refuse_if_throttled(request: HttpRequest) -> HttpResponse | None:
    """A form asking for the password again, refused while its throttle says wait."""
    verdict = actions.check_password_again(request)
    if verdict.allowed:
        return None
    messages.error(request, throttled_message(verdict))
    return redirect("accounts:login")


def _url(name: str, **query: str) -> str:
    """A URL with its query string encoded: addresses may hold "+" or "&"."""
    return f"{reverse(name)}?{urlencode(query)}"


def login(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect(_next(request))
    form = LoginForm(request.POST or None, initial={"email": request.GET.get("email", "")})
    unconfirmed = None
    if request.method == "POST" and form.is_valid():
        attempt = actions.attempt_login(
            request,
            email=form.cleaned_data["email"],
            password=form.cleaned_data["password"],
            next_url=_next(request),
        )
        if attempt.outcome == "throttled":
            form.add_error(None, throttled_message(attempt.verdict))
        elif attempt.outcome == "locked":
            form.add_error(None, LOCKED_MESSAGE)
        elif attempt.outcome == "wrong":
            form.add_error(None, "Adresse e-mail ou mot de passe incorrect.")
        elif attempt.outcome == "unconfirmed":
            unconfirmed = attempt.user
        elif attempt.outcome == "second_factor":
            return redirect("accounts:login_code")
        else:
            response = redirect(_next(request))
            throttle.remember_device(request, response, attempt.user.email)
            return response
    return render(
        request,
        "accounts/login.html",
        {"form": form, "next": _next(request), "unconfirmed": unconfirmed},
    )


def login_code(request: HttpRequest) -> HttpResponse:
    """Second step of the login: the TOTP code or a recovery code.

    The right password followed by the right code also lifts a lock.
    """
    pending = actions.pending_second_factor(request)
    if pending is None:
        messages.info(request, "Reprenez la connexion depuis le début.")
        return redirect("accounts:login")
    user = get_object_or_404(User, pk=pending["user"], is_active=True)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        attempt = actions.attempt_second_factor(request, user, form.cleaned_data["code"])
        wait = attempt.wait
        if attempt.outcome == "throttled":
            messages.error(request, throttled_message(attempt.verdict))
            return redirect("accounts:login")
        if attempt.outcome == "wait":
            form.add_error(
                "code",
                f"Après un code erroné, patientez {wait} seconde{'s' if wait > 1 else ''} "
                "avant d'en saisir un autre.",
            )
        elif attempt.outcome == "wrong":
            form.add_error("code", "Ce code n'est pas valide. Vérifiez l'heure de votre téléphone.")
        else:
            if (remaining := attempt.recovery_left) is not None:
                messages.warning(
                    request,
                    f"Code de secours utilisé : il vous en reste {remaining}. "
                    "Pensez à en générer de nouveaux si besoin.",
                )
            response = redirect(pending["next"])
            throttle.remember_device(request, response, user.email)
            return response
    return render(request, "accounts/login_code.html", {"form": form})


@require_POST
def logout(request: HttpRequest) -> HttpResponse:
    actions.log_out(request)
    messages.success(request, "Votre session est fermée.")
    return redirect("accounts:login")


@login_required
@require_POST
def lock(request: HttpRequest) -> HttpResponse:
    actions.lock_session(request)
    return redirect(_url("accounts:locked", next=_next(request)))


@login_required
def locked(request: HttpRequest) -> HttpResponse:
    """The lock screen: the session stays open, the password reopens it."""
    if not request.session.get("_locked"):
        return redirect(_next(request))
    form = PasswordConfirmForm(request.user, request.POST if request.method == "POST" else None)
    form.fields["password"].label = "Mot de passe"
    if request.method == "POST":
        if refused := _refuse_if_throttled(request):
            return refused
        if form.is_valid():
            actions.unlock_session(request)
            return redirect(_next(request))
        if request.POST.get("password"):
            actions.login_failed(request, request.user.email, request.user, "déverrouillage")
    return render(request, "accounts/locked.html", {"form": form, "next": _next(request)})


def signup(request: HttpRequest) -> HttpResponse:
    from hygie.orgs import actions as org_actions
    from hygie.orgs.models import Invitation

    if request.user.is_authenticated:
        return redirect("front:start")
    invitation = None
    if token := request.GET.get("invitation") or request.POST.get("invitation"):
        invitation = Invitation.objects.pending().filter(token=token).first()
    form = SignupForm(request.POST or None, fixed_email=invitation.email if invitation else None)
    if request.method == "POST" and form.is_valid():
        email = invitation.email if invitation else form.cleaned_data["email"]
        user = actions.sign_up(
            email=email,
            full_name=form.cleaned_data["full_name"],
            password=form.cleaned_data["password1"],
            request=request,
            # The invitation link reached this address: it is confirmed.
            confirmed=invitation is not None,
        )
        if invitation is not None and user is not None:
            membership = org_actions.accept_invitation(invitation, user, request=request)
            actions.complete_login(request, user)
            messages.success(request, f"Bienvenue dans {membership.org.name} !")
            return redirect(membership.org.get_absolute_url())
        return redirect(_url("accounts:signup_sent", email=email))
    return render(request, "accounts/signup.html", {"form": form, "invitation": invitation})


def signup_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/signup_sent.html", {"email": request.GET.get("email", "")})


def confirm(request: HttpRequest, token: str) -> HttpResponse:
    user = actions.user_from_confirmation(token)
    if user is None:
        return render(request, "accounts/confirm_invalid.html", status=400)
    actions.confirm_email(user, request)
    messages.success(request, "Votre adresse est confirmée. Vous pouvez vous connecter.")
    return redirect(_url("accounts:login", email=user.email))


@require_POST
def resend_confirmation(request: HttpRequest) -> HttpResponse:
    email = User.objects.normalize(request.POST.get("email", ""))
    user = User.objects.filter(email=email, email_confirmed_at=None).first()
    if user is not None:
        actions.send_confirmation(user)
    return redirect(_url("accounts:signup_sent", email=email))


def unlock(request: HttpRequest, token: str) -> HttpResponse:
    """The e-mailed link: a page with a button, so that a mail scanner opening
    the link does not use it up; the button lifts the lock, once."""
    state, link = throttle.unlock_link(token)
    if state == "valid" and request.method == "POST" and not throttle.use_unlock_link(link):
        state = "used"
    if state != "valid":
        context = {"state": state, "hours": settings.LOGIN_UNLOCK_LINK_HOURS}
        return render(request, "accounts/unlock_invalid.html", context, status=400)
    if request.method != "POST":
        return render(request, "accounts/unlock.html", {"email": link.email})
    actions.unlock_account(link.email, request=request)
    messages.success(request, "Votre compte est déverrouillé. Vous pouvez vous connecter.")
    return redirect(_url("accounts:login", email=link.email))


class PasswordResetView(auth_views.PasswordResetView):
    form_class = PasswordResetForm
    template_name = "accounts/password_reset.html"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        actions.password_reset_done(user=form.user, request=self.request)
        return response


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Vos informations sont enregistrées.")
        return redirect("accounts:profile")
    calendar_url = settings.SITE_URL + reverse(
        "deadlines:calendar", args=[request.user.calendar_token]
    )
    return render(request, "accounts/profile.html", {"form": form, "calendar_url": calendar_url})


@login_required
@require_POST
def renew_calendar(request: HttpRequest) -> HttpResponse:
    actions.renew_calendar_token(request.user)
    messages.success(request, "Nouveau lien créé : l'ancien ne fonctionne plus.")
    return redirect("accounts:profile")


@login_required
def password_change(request: HttpRequest) -> HttpResponse:
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST":
        if refused := _refuse_if_throttled(request):
            return refused
        if form.has_error("old_password", "password_incorrect"):
            actions.login_failed(
                request, request.user.email, request.user, "changement de mot de passe"
            )
    if request.method == "POST" and form.is_valid():
        actions.change_password(
            user=request.user, password=form.cleaned_data["new_password1"], request=request
        )
        messages.success(request, "Mot de passe changé. Vos autres sessions ont été fermées.")
        return redirect("accounts:security")
    return render(request, "accounts/password_change.html", {"form": form})


@login_required
def security(request: HttpRequest) -> HttpResponse:
    recovery = RecoveryDevice.objects.filter(user=request.user).first()
    return render(
        request,
        "accounts/security.html",
        {
            "totp": actions.totp_device(request.user),
            "recovery_left": recovery.remaining() if recovery else 0,
            "disable_form": PasswordConfirmForm(request.user),
        },
    )


@login_required
def mfa_setup(request: HttpRequest) -> HttpResponse:
    if actions.totp_device(request.user) is not None:
        return redirect("accounts:security")
    device = actions.pending_totp_device(request.user)
    form = TotpConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            codes = actions.enable_mfa(request.user, device, request)
            messages.success(request, "La double authentification est activée.")
            return _show_codes(request, codes)
        form.add_error(
            "code",
            "Ce code n'est pas le bon. Vérifiez que l'heure de votre téléphone est exacte, "
            "puis saisissez le code affiché maintenant.",
        )
    secret = device.bin_key
    return render(
        request,
        "accounts/mfa_setup.html",
        {
            "form": form,
            "qr": qr_data_uri(device.config_url),
            "secret": _grouped_base32(secret),
            "next": _next(request),
        },
    )


def _grouped_base32(key: bytes) -> str:
    import base64

    text = base64.b32encode(key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def _show_codes(request: HttpRequest, codes: list[str]) -> HttpResponse:
    """Show freshly generated recovery codes, once, in the answer to the POST.

    They are never stored in clear, not even in the session.
    """
    response = render(
        request, "accounts/recovery_codes.html", {"codes": codes, "next": _next(request)}
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def recovery_regenerate(request: HttpRequest) -> HttpResponse:
    if actions.totp_device(request.user) is None or not request.user.is_verified():
        return redirect("accounts:security")
    codes = actions.regenerate_recovery_codes(request.user, request)
    return _show_codes(request, codes)


@login_required
@require_POST
def mfa_disable(request: HttpRequest) -> HttpResponse:
    if refused := _refuse_if_throttled(request):
        return refused
    form = PasswordConfirmForm(request.user, request.POST)
    if not form.is_valid():
        if form.has_error("password", "wrong_password"):
            actions.login_failed(request, request.user.email, request.user, "désactivation MFA")
        recovery = RecoveryDevice.objects.filter(user=request.user).first()
        return render(
            request,
            "accounts/security.html",
            {
                "totp": actions.totp_device(request.user),
                "recovery_left": recovery.remaining() if recovery else 0,
                "disable_form": form,
            },
            status=400,
        )
    actions.disable_mfa(request.user, request)
    messages.warning(request, "La double authentification est désactivée.")
    return redirect("accounts:security")


@login_required
def sessions(request: HttpRequest) -> HttpResponse:
    rows = request.user.sessions.filter(expire_date__gt=timezone.now()).order_by("-last_activity")
    return render(
        request,
        "accounts/sessions.html",
        {"rows": rows, "current": request.session.session_key},
    )


@login_required
@require_POST
def session_end(request: HttpRequest, key: str) -> HttpResponse:
    session = get_object_or_404(request.user.sessions, session_key=key)
    if key == request.session.session_key:
        actions.log_out(request)
        return redirect("accounts:login")
    actions.end_session(request, session)
    messages.success(request, "La session a été fermée.")
    return redirect("accounts:sessions")


@login_required
@require_POST
def sessions_end_others(request: HttpRequest) -> HttpResponse:
    count = actions.end_other_sessions(request)
    messages.success(
        request, f"{french.count(count, 'autre session fermée', 'autres sessions fermées')}."
    )
    return redirect("accounts:sessions")
