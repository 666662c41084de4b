"""Fill a fresh Hygie database with a realistic volume for the load run.

Run by run.py in a subprocess with the environment of the server it will
start (HYGIE_DATA_DIR, and HYGIE_DATABASE_URL for PostgreSQL). Everything is
created through Hygie's own functions, so the rows, reminders and journal
chains are exactly those the application would write:

1. migrate the database;
2. create the demo organisation (hygie.front.demo.create_demo), which writes
   the demo logins to the data folder;
3. give the demo organisation the volume of a practice after a year of use;
4. create the other organisations, each with its members, open and closed
   deadlines and sign-ins in the journal.

It prints one line of JSON: what it created and how long it took.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from datetime import datetime, timedelta
from datetime import time as clock

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hygie.settings")
django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from hygie.accounts.models import User  # noqa: E402
from hygie.deadlines.actions import complete, set_deadline  # noqa: E402
from hygie.deadlines.models import Deadline  # noqa: E402
from hygie.front.demo import PEOPLE, create_demo  # noqa: E402
from hygie.journal.actions import record  # noqa: E402
from hygie.journal.models import Entry  # noqa: E402
from hygie.orgs.actions import create_org  # noqa: E402
from hygie.orgs.models import Kind, Membership, Organisation, Profession  # noqa: E402
from hygie.orgs.roles import Role  # noqa: E402

TASKS = [
    "Vérifier la sauvegarde chiffrée du poste",
    "Relire la liste des accès au logiciel métier",
    "Renouveler le certificat de la messagerie sécurisée",
    "Mettre à jour le registre des traitements",
    "Tester la restauration d'un dossier patient",
    "Former la nouvelle secrétaire aux règles de confidentialité",
    "Vérifier les mises à jour de sécurité des postes",
    "Changer le mot de passe du Wi-Fi du cabinet",
    "Contrôler l'affichage de l'information des patients",
    "Faire signer l'engagement de confidentialité du remplaçant",
]
NOTES = [
    "",
    "",
    "Voir avec le prestataire informatique.",
    "Noter la date du test dans le classeur qualité.",
]
# The other organisations' titulaires sign in with this, so that the load can
# spread over every organisation as real users would.
BENCH_PASSWORD = "Banc-Essai-Hygie-2026"
KINDS = [Kind.CABINET, Kind.CABINET_GROUPE, Kind.MSP, Kind.CENTRE_SANTE]
PROFESSIONS = [
    Profession.MEDECIN_GENERALISTE,
    Profession.INFIRMIER,
    Profession.KINESITHERAPEUTE,
    Profession.CHIRURGIEN_DENTISTE,
    Profession.PLURIPROFESSIONNEL,
]


def due(days: int) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return datetime.combine(day, clock(9, 0), timezone.get_current_timezone())


def add_deadlines(org: Organisation, owner: User, *, open_count: int, closed_count: int) -> None:
    """Open deadlines from a few days overdue to six months ahead, and some done."""
    for i in range(open_count):
        set_deadline(
            org=org,
            title=f"{TASKS[i % len(TASKS)]} ({i + 1})",
            due_at=due(-4 + i * 190 // max(open_count, 1)),
            notes=NOTES[i % len(NOTES)],
            actor=owner,
        )
    for i in range(closed_count):
        deadline = set_deadline(
            org=org,
            title=f"{TASKS[i % len(TASKS)]} (fait {i + 1})",
            due_at=due(-60 + i * 5),
            actor=owner,
        )
        complete(deadline, actor=owner)


def add_sign_ins(users: list[User], count: int, rng: random.Random) -> None:
    """Sign-ins and sign-outs: account events the titulaire sees in the journal."""
    for i in range(count):
        user = users[i % len(users)]
        action = "login.success" if i % 3 else "logout"
        details = {"double_authentification": False} if action == "login.success" else None
        record(action=action, actor=user, details=details)
        if rng.random() < 0.02:
            record(action="login.failure", actor=user, details={"étape": "mot de passe"})


def seed(args: argparse.Namespace) -> dict:
    rng = random.Random(args.random_seed)
    started = time.monotonic()
    call_command("migrate", interactive=False, verbosity=0)
    migrated = time.monotonic()

    create_demo()
    demo = Organisation.objects.get(is_demo=True)
    demo_people = list(User.objects.filter(email__in=[email for _, email, _ in PEOPLE]))
    owner = next(u for u in demo_people if u.memberships.get(org=demo).role == Role.TITULAIRE)
    with transaction.atomic():
        # create_demo made 3 open deadlines.
        add_deadlines(
            demo,
            owner,
            open_count=max(args.deadlines - 3, 0),
            closed_count=args.closed_deadlines,
        )
        add_sign_ins(demo_people, args.demo_sign_ins, rng)

    for n in range(args.orgs):
        with transaction.atomic():
            titulaire = User.objects.create_user(
                f"titulaire{n}@bench.example",
                BENCH_PASSWORD,
                full_name=f"Dr Titulaire {n}",
                email_confirmed_at=timezone.now(),
            )
            org = create_org(
                name=f"Cabinet de test {n}",
                kind=KINDS[n % len(KINDS)],
                profession=PROFESSIONS[n % len(PROFESSIONS)],
                creator=titulaire,
            )
            members = [titulaire]
            for m in range(args.members - 1):
                user = User.objects.create_user(
                    f"membre{n}-{m}@bench.example",
                    None,
                    full_name=f"Membre {n}-{m}",
                    email_confirmed_at=timezone.now(),
                )
                role = Role.SECRETARIAT if m == 0 else Role.PRATICIEN
                Membership.objects.create(user=user, org=org, role=role)
                members.append(user)
            add_deadlines(
                org, titulaire, open_count=args.deadlines, closed_count=args.closed_deadlines
            )
            add_sign_ins(members, args.sign_ins, rng)

    return {
        "seconds": round(time.monotonic() - started, 1),
        "migrate_seconds": round(migrated - started, 1),
        "demo_org": demo.code,
        "organisations": Organisation.objects.count(),
        "users": User.objects.count(),
        "memberships": Membership.objects.count(),
        "deadlines_open": Deadline.objects.open().count(),
        "deadlines_total": Deadline.objects.count(),
        "demo_deadlines_open": Deadline.objects.open().filter(org=demo).count(),
        "journal_entries": Entry.objects.count(),
        "demo_journal_entries": Entry.objects.for_org(demo, [u.pk for u in demo_people]).count(),
        "titulaires": [f"titulaire{n}@bench.example" for n in range(args.orgs)],
        "titulaire_password": BENCH_PASSWORD,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orgs", type=int, default=30, help="organisations besides the demo")
    parser.add_argument("--members", type=int, default=4, help="members per organisation")
    parser.add_argument("--deadlines", type=int, default=50, help="open deadlines per org")
    parser.add_argument("--closed-deadlines", type=int, default=10, help="done deadlines per org")
    parser.add_argument("--sign-ins", type=int, default=40, help="account events per org")
    parser.add_argument(
        "--demo-sign-ins", type=int, default=1000, help="account events of the demo's members"
    )
    parser.add_argument("--random-seed", type=int, default=1)
    args = parser.parse_args()
    json.dump(seed(args), sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
