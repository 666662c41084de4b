"""The demo organisation: a GP's practice with a secretary, a few deadlines,
and what each capability adds when it registers its demo (lib/plugins.py):
two diagnostics, an incident in progress, two patients' requests and its RGPD
register."""

from __future__ import annotations

import os
import secrets
import string
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from hygie.accounts.models import User
from hygie.deadlines.actions import set_deadline
from hygie.journal.actions import record
from hygie.lib import plugins
from hygie.orgs.models import Kind, Membership, Organisation, Profession
from hygie.orgs.roles import Role

ORG_NAME = "Cabinet du Dr Martin"
ORG_ADDRESS = "12 rue des Tilleuls\n69003 Lyon"
PEOPLE = [
    ("Dr Claire Martin", "claire.martin@cabinet-martin.example", Role.TITULAIRE),
    ("Sophie Bernard", "sophie.bernard@cabinet-martin.example", Role.SECRETARIAT),
]
REGION_NAME = "GRADeS de démonstration"
REGION_ADDRESS = "5 place de la République\n69002 Lyon"
ANIMATEUR = ("Anne Morel", "anne.morel@grades-demo.example", Role.ANIMATEUR)
# (title, days from today, notes)
DEADLINES = [
    (
        "Mettre à jour la liste des personnes ayant accès au logiciel du cabinet",
        -2,
        "Retirer les comptes des remplaçants partis.",
    ),
    (
        "Installer les mises à jour en attente du poste d'accueil",
        5,
        "Redémarrer le poste une fois les mises à jour installées.",
    ),
    (
        "Faire remplir le questionnaire de sécurité par le prestataire informatique",
        21,
        "",
    ),
]


@dataclass(frozen=True)
class Login:
    name: str
    email: str
    password: str
    role: str


def logins_file() -> Path:
    return settings.DATA_DIR / "demo-logins.txt"


def new_password() -> str:
    """A random password meeting CNIL case 1: 4 groups of 4, all character classes."""
    alphabet = string.ascii_letters + string.digits
    while True:
        raw = "".join(secrets.choice(alphabet) for _ in range(16))
        password = "-".join(raw[i : i + 4] for i in range(0, 16, 4))
        try:
            validate_password(password)
        except ValidationError:
            continue
        return password


@transaction.atomic
def create_demo() -> list[Login]:
    """Create the demo organisation afresh, replacing any previous one."""
    Organisation.objects.filter(is_demo=True).delete()
    User.objects.filter(email__in=[email for _, email, _ in [*PEOPLE, ANIMATEUR]]).delete()

    org = Organisation.objects.create(
        name=ORG_NAME,
        kind=Kind.CABINET,
        profession=Profession.MEDECIN_GENERALISTE,
        address=ORG_ADDRESS,
        is_demo=True,
    )
    logins = []
    now = timezone.now()
    for name, email, role in PEOPLE:
        password = new_password()
        user = User.objects.create_user(
            email, password, full_name=name, email_confirmed_at=now, last_org=org
        )
        Membership.objects.create(user=user, org=org, role=role)
        logins.append(Login(name, email, password, Role(role).label))
    owner = User.objects.get(email=PEOPLE[0][1])
    record(action="demo.created", org=org, actor=owner, obj=org)

    today = timezone.localdate()
    tz = timezone.get_current_timezone()
    for title, days, notes in DEADLINES:
        due = datetime.combine(today + timedelta(days=days), time(9, 0), tz)
        set_deadline(org=org, title=title, due_at=due, notes=notes, actor=owner)
    secretary = User.objects.get(email=PEOPLE[1][1])
    for create in plugins.demos():
        create(org, owner, secretary)
    logins.append(_create_region(org, now))
    _write_logins(logins)
    return logins


def _create_region(practice: Organisation, now) -> Login:
    """The demo regional body, its animateur, and what each capability adds
    to it (its territory of demo practices, a survey, a newsletter draft)."""
    region = Organisation.objects.create(
        name=REGION_NAME, kind=Kind.APPUI, address=REGION_ADDRESS, is_demo=True
    )
    name, email, role = ANIMATEUR
    password = new_password()
    user = User.objects.create_user(
        email, password, full_name=name, email_confirmed_at=now, last_org=region
    )
    Membership.objects.create(user=user, org=region, role=role)
    record(action="demo.created", org=region, actor=user, obj=region)
    for create in plugins.region_demos():
        create(region, user, practice)
    return Login(name, email, password, Role(role).label)


def _write_logins(logins: list[Login]) -> None:
    path = logins_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        path.unlink()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(format_logins(logins))


def format_logins(logins: list[Login]) -> str:
    """One line per login, starting with its role (« Titulaire », « Animateur »…)."""
    lines = [f"Démonstration : {ORG_NAME} et {REGION_NAME}"]
    for login in logins:
        lines.append(f"{login.role:<12} {login.email}   mot de passe : {login.password}")
    return "\n".join(lines) + "\n"


def saved_logins() -> str | None:
    """The logins printed at creation, while the demo organisation still exists."""
    path = logins_file()
    if path.exists() and Organisation.objects.filter(is_demo=True).exists():
        return path.read_text()
    return None
