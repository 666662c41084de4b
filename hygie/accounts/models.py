from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models
from django.utils import timezone
from django_otp.models import Device

# Base32 without look-alikes: codes are read from paper and typed by hand.
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def new_calendar_token() -> str:
    return secrets.token_urlsafe(24)


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    @staticmethod
    def normalize(email: str) -> str:
        return email.strip().lower()

    def get_by_natural_key(self, email: str) -> User:
        return self.get(email=self.normalize(email))

    def create_user(self, email: str, password: str | None = None, **fields) -> User:
        user = self.model(email=self.normalize(email), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields) -> User:
        fields.update(is_staff=True, is_superuser=True, email_confirmed_at=timezone.now())
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField("adresse e-mail", unique=True)
    full_name = models.CharField("nom complet", max_length=150)
    is_active = models.BooleanField("actif", default=True)
    is_staff = models.BooleanField("équipe support", default=False)
    date_joined = models.DateTimeField("inscrit le", default=timezone.now)
    email_confirmed_at = models.DateTimeField("adresse confirmée le", null=True, blank=True)
    calendar_token = models.CharField(max_length=40, unique=True, default=new_calendar_token)
    reminders_by_email = models.BooleanField("rappels par e-mail", default=True)
    last_org = models.ForeignKey(
        "orgs.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = "utilisateur"

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name or self.email

    @property
    def email_confirmed(self) -> bool:
        return self.email_confirmed_at is not None

    def has_mfa(self) -> bool:
        return self.totpdevice_set.filter(confirmed=True).exists()


class Session(AbstractBaseSession):
    """A session row that also knows its owner, address and browser."""

    user = models.ForeignKey(User, null=True, on_delete=models.CASCADE, related_name="sessions")
    ip = models.GenericIPAddressField(null=True)
    user_agent = models.CharField(max_length=300, blank=True)
    created = models.DateTimeField(null=True)
    last_activity = models.DateTimeField(null=True)

    @classmethod
    def get_session_store_class(cls):
        from hygie.accounts.sessions import SessionStore

        return SessionStore

    class Meta:
        indexes = [models.Index(fields=["user", "expire_date"])]

    def browser(self) -> str:
        """A short French description of the browser, from its user agent."""
        ua = self.user_agent
        names = [
            ("Edg/", "Edge"),
            ("Firefox/", "Firefox"),
            ("Chrome/", "Chrome"),
            ("Safari/", "Safari"),
        ]
        name = next((label for token, label in names if token in ua), "Navigateur inconnu")
        systems = [
            ("Android", "Android"),
            ("iPhone", "iPhone"),
            ("iPad", "iPad"),
            ("Windows", "Windows"),
            ("Mac OS", "macOS"),
            ("Linux", "Linux"),
        ]
        system = next((label for token, label in systems if token in ua), "")
        return f"{name} sur {system}" if system else name


class LoginFailureQuerySet(models.QuerySet):
    def since(self, minutes: float):
        return self.filter(created__gte=timezone.now() - timedelta(minutes=minutes))

    def for_account(self, email: str):
        return self.filter(email=email)

    def for_pair(self, email: str, network: str):
        return self.filter(email=email, network=network)

    def for_network(self, network: str):
        return self.filter(network=network)


class LoginFailure(models.Model):
    """One failed password or code, kept for a day to throttle further attempts.

    `network` is the unit attempts are counted by (an IPv4 address or an IPv6
    /64); `lifted` marks failures whose account lock was lifted since, which
    still slow down their connection but no longer count toward a lock.
    """

    email = models.CharField(max_length=254, db_index=True)
    ip = models.GenericIPAddressField(null=True)
    network = models.CharField(max_length=64, blank=True)
    lifted = models.BooleanField(default=False)
    created = models.DateTimeField(default=timezone.now, db_index=True)

    objects = LoginFailureQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["email", "network", "created"]),
            models.Index(fields=["network", "created"]),
        ]

    def __str__(self) -> str:
        return f"{self.email} {self.created:%Y-%m-%d %H:%M}"


class UnlockLink(models.Model):
    """An e-mailed link that lifts an account's lock, once.

    Only a digest of its token is stored: a copy of the database gives no
    working link.
    """

    email = models.CharField(max_length=254, db_index=True)
    digest = models.CharField(max_length=64, unique=True)
    created = models.DateTimeField(default=timezone.now, db_index=True)
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"déverrouillage de {self.email} {self.created:%Y-%m-%d %H:%M}"

    @staticmethod
    def digest_of(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()


class RecoveryDevice(Device):
    """Single-use recovery codes, stored as SHA-256 digests.

    django-otp's own static device keeps its codes in clear; these codes have
    80 bits of entropy, so a plain digest is enough to make a copy of the
    database useless for signing in.
    """

    CODE_COUNT = 10

    class Meta:
        verbose_name = "codes de secours"

    @staticmethod
    def digest(code: str) -> str:
        normalized = "".join(c for c in code.lower() if c.isalnum())
        return hashlib.sha256(normalized.encode()).hexdigest()

    @staticmethod
    def new_code() -> str:
        raw = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(16))
        return "-".join(raw[i : i + 4] for i in range(0, 16, 4))

    def regenerate(self) -> list[str]:
        codes = [self.new_code() for _ in range(self.CODE_COUNT)]
        self.codes.all().delete()
        RecoveryCode.objects.bulk_create(
            RecoveryCode(device=self, digest=self.digest(c)) for c in codes
        )
        return codes

    def verify_token(self, token) -> bool:
        deleted, _ = self.codes.filter(digest=self.digest(str(token))).delete()
        return deleted > 0

    def remaining(self) -> int:
        return self.codes.count()


class RecoveryCode(models.Model):
    device = models.ForeignKey(RecoveryDevice, on_delete=models.CASCADE, related_name="codes")
    digest = models.CharField(max_length=64, db_index=True)

    def __str__(self) -> str:
        return f"code de secours de {self.device.user}"


class SentMail(models.Model):
    """An e-mail that a visitor can cause to be sent, kept for an hour.

    Confirmation links, password resets and invitations are capped per address
    and kind (lib/emails.py), so that nobody can use Hygie to flood a mailbox.
    """

    kind = models.CharField(max_length=40)
    address = models.CharField(max_length=254)
    created = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        indexes = [models.Index(fields=["address", "kind", "created"])]

    def __str__(self) -> str:
        return f"{self.kind} → {self.address}"
