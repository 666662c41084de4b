from __future__ import annotations

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import password_validation

from hygie.accounts.models import User
from hygie.accounts.passwords import RULE_SUMMARY, renewal_problem
from hygie.lib import emails

# The longest address an account can hold (User.email); forms.EmailField allows 320.
EMAIL_MAX_LENGTH = 254


class LoginForm(forms.Form):
    email = forms.EmailField(
        label="Adresse e-mail",
        max_length=EMAIL_MAX_LENGTH,
        widget=forms.EmailInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label="Mot de passe",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code à 6 chiffres ou code de secours",
        max_length=40,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}
        ),
    )

    def clean_code(self) -> str:
        return "".join(self.cleaned_data["code"].split())


class NewPasswordMixin:
    """Two password fields checked against the policy, for a given (maybe unsaved) user."""

    def check_new_password(self, user: User, field1: str, field2: str) -> None:
        p1, p2 = self.cleaned_data.get(field1), self.cleaned_data.get(field2)
        if p1 and p2 and p1 != p2:
            self.add_error(field2, "Les deux mots de passe ne sont pas identiques.")
            return
        if p1:
            try:
                password_validation.validate_password(p1, user)
            except forms.ValidationError as error:
                self.add_error(field1, error)


class SignupForm(NewPasswordMixin, forms.Form):
    full_name = forms.CharField(
        label="Nom complet",
        max_length=150,
        help_text="Par exemple : Dr Claire Martin.",
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label="Adresse e-mail professionnelle",
        max_length=EMAIL_MAX_LENGTH,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    password1 = forms.CharField(
        label="Mot de passe",
        strip=False,
        help_text=RULE_SUMMARY,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label="Mot de passe (une seconde fois)",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, fixed_email: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fixed_email = fixed_email
        if fixed_email:
            self.fields["email"].initial = fixed_email
            self.fields["email"].disabled = True
            self.fields["email"].help_text = "L'adresse à laquelle l'invitation a été envoyée."

    def clean(self):
        cleaned = super().clean()
        email = self.fixed_email or cleaned.get("email") or ""
        candidate = User(email=email, full_name=cleaned.get("full_name", ""))
        self.check_new_password(candidate, "password1", "password2")
        return cleaned


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "reminders_by_email"]
        labels = {"reminders_by_email": "Recevoir par e-mail les rappels d'échéances"}


class PasswordConfirmForm(forms.Form):
    """Ask the current password again before a sensitive change."""

    password = forms.CharField(
        label="Votre mot de passe actuel",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, user: User, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("Ce mot de passe n'est pas le bon.", code="wrong_password")
        return password


class TotpConfirmForm(forms.Form):
    code = forms.CharField(
        label="Code à 6 chiffres affiché par l'application",
        max_length=12,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}
        ),
    )

    def clean_code(self) -> str:
        code = "".join(self.cleaned_data["code"].split())
        if not (code.isascii() and code.isdigit()) or len(code) != 6:
            raise forms.ValidationError("Saisissez les 6 chiffres affichés par l'application.")
        return code


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    """Django's form, refusing a new password that merely varies the old one
    (seed 003: « Motdepasse12 » then « Motdepasse13 » or « 14Motdepasse »)."""

    def clean(self):
        cleaned = super().clean()
        old, new = cleaned.get("old_password"), cleaned.get("new_password1")
        # Django reports the policy on the second field: so does this check.
        if old and new and not self.errors:
            problem = renewal_problem(old, new)
            if problem:
                self.add_error(
                    "new_password2", forms.ValidationError(problem, code="password_renewal")
                )
        return cleaned


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's reset form, sending through Hygie's capped e-mail helper."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        emails.send("password_reset", to_email, context, capped=True)
