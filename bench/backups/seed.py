"""N practices' worth of data, built by the demo's own builders: each
practice gets a titulaire, a praticien and a secretary, its deadlines, and
what every capability adds to the demo (diagnostics and their plan, an
incident with its timeline, patients' requests, the RGPD register), each
change journaled as in use. Run with the environment of the instance to fill
(HYGIE_DATA_DIR, HYGIE_DATABASE_URL).

    python seed.py N PASSWORD
"""

from __future__ import annotations

import os
import sys
import time
from datetime import timedelta

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hygie.settings")

import django

django.setup()

from django.contrib.auth.hashers import make_password  # noqa: E402
from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from hygie.accounts.models import User  # noqa: E402
from hygie.deadlines.actions import set_deadline  # noqa: E402
from hygie.journal.actions import record  # noqa: E402
from hygie.lib import plugins  # noqa: E402
from hygie.orgs.models import Kind, Membership, Organisation, Profession  # noqa: E402
from hygie.orgs.roles import Role  # noqa: E402

PROFESSIONS = [p for p, _ in Profession.choices]


def practice(i: int, hashed: str) -> None:
    now = timezone.now()
    org = Organisation.objects.create(
        name=f"Cabinet n° {i + 1}",
        kind=Kind.CABINET,
        profession=PROFESSIONS[i % len(PROFESSIONS)],
        address=f"{i + 1} rue de la Sauvegarde\n69003 Lyon",
    )
    people = {}
    for role, who in (
        (Role.TITULAIRE, "titulaire"),
        (Role.PRATICIEN, "praticien"),
        (Role.SECRETARIAT, "secretariat"),
    ):
        user = User.objects.create(
            email=f"{who}-{i + 1}@bench-sauvegarde.example",
            full_name=f"{who.capitalize()} {i + 1}",
            password=hashed,
            email_confirmed_at=now,
            last_org=org,
        )
        Membership.objects.create(user=user, org=org, role=role)
        record(action="demo.created", org=org, actor=user, obj=org)
        people[role] = user
    owner, secretary = people[Role.TITULAIRE], people[Role.SECRETARIAT]
    for days in (-3, 7, 30):
        set_deadline(
            org=org,
            title=f"Échéance à {days} jours",
            due_at=now + timedelta(days=days),
            notes="",
            actor=owner,
        )
    for create in plugins.demos():
        create(org, owner, secretary)


def main() -> None:
    n, password = int(sys.argv[1]), sys.argv[2]
    hashed = make_password(password)
    started = time.perf_counter()
    for i in range(n):
        with transaction.atomic():
            practice(i, hashed)
        if (i + 1) % 10 == 0:
            print(f"  {i + 1} cabinets ({time.perf_counter() - started:.0f} s)", file=sys.stderr)


if __name__ == "__main__":
    main()
