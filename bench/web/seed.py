"""Fill a fresh Hygie database with a realistic volume for the load run.

Run by run.py in a subprocess with the environment of the server it will
start (HYGIE_DATA_DIR, and HYGIE_DATABASE_URL for PostgreSQL). Everything is
created through Hygie's own functions, so the rows, reminders and journal
chains are exactly those the application would write:

1. migrate the database and load the content library, as `hygie serve` does
   (the diagnostic's measures come from it);
2. create the demo organisation (hygie.front.demo.create_demo), which writes
   the demo logins to the data folder;
3. give the demo organisation a history of diagnostics (100 by default, one
   a month over eight years, answers drifting from one to the next), then the
   volume of a practice after a year of use;
4. create the other organisations, each with its members, a diagnostic, open
   and closed deadlines and sign-ins in the journal.

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
from hygie.content.loader import load as load_content  # noqa: E402
from hygie.deadlines.actions import complete, set_deadline  # noqa: E402
from hygie.deadlines.models import Deadline  # noqa: E402
from hygie.diagnostic import actions as diagnostic  # noqa: E402
from hygie.diagnostic import demo as diagnostic_demo  # noqa: E402
from hygie.diagnostic import measures  # noqa: E402
from hygie.diagnostic.models import Answer, Assessment  # noqa: E402
from hygie.diagnostic.scoring import applicable  # noqa: E402
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
# The demo organisation's diagnostics, oldest first, one every DIAGNOSTIC_EVERY.
DIAGNOSTIC_EVERY = timedelta(days=30)
# From one diagnostic to the next, each answer is drawn again with this
# probability, and these profile answers change with this one.
ANSWER_CHANGE = 0.2
PROFILE_CHANGE = 0.05
PROFILE_DRIFT = {
    "stockage": ("local", "cloud", "mixte"),
    "wifi": ("oui", "non"),
    "teleconsultation": ("oui", "non"),
    "mobiles": ("oui", "non"),
}


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


def take_diagnostic(org: Organisation, owner: User, profile: dict, choose) -> Assessment:
    """One diagnostic as a person takes it: start, profile, every answer, complete."""
    assessment = diagnostic.start(org, actor=owner)
    diagnostic.save_profile(assessment, profile, actor=owner)
    for measure in applicable(measures.catalogue(), assessment.profile):
        diagnostic.save_answer(assessment, measure, choose(measure), actor=owner)
    diagnostic.complete(assessment, actor=owner)
    return assessment


class DriftingAnswers:
    """Answers of one practice, diagnostic after diagnostic.

    Each answer is kept, or drawn again with probability ANSWER_CHANGE: a level
    0-3 around a mean that rises with `progress` (0 to 1, the practice gets
    better over the years), now and then « Je ne sais pas » or « Non
    applicable », so that the indices differ from one diagnostic to the next.
    """

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.chosen: dict[str, str] = {}
        self.progress = 0.0

    def draw(self, measure: measures.Measure) -> str:
        roll = self.rng.random()
        if roll < 0.06:
            return measures.NSP
        if roll < 0.09 and measure.option(measures.NA) is not None:
            return measures.NA
        level = min(3, max(0, round(self.rng.gauss(1 + 1.5 * self.progress, 1))))
        valued = [o for o in measure.options if o.value is not None and o.key != measures.NSP]
        return min(valued, key=lambda o: (abs(o.value - level), -o.value)).key

    def __call__(self, measure: measures.Measure) -> str:
        key = self.chosen.get(measure.key)
        if key is None or self.rng.random() < ANSWER_CHANGE:
            key = self.chosen[measure.key] = self.draw(measure)
        return key


def add_diagnostic_history(org: Organisation, owner: User, total: int, rng: random.Random) -> None:
    """Bring the organisation's completed diagnostics to `total`, one a month.

    The last one is taken with the demo's own profile and answers (those of
    its latest diagnostic), so that its results page and report are the
    demo's, whatever the length of the history. Then the dates are set back
    as hygie.diagnostic.demo does: the oldest first, the last one now.
    """
    existing = org.assessments.exclude(completed_at=None).count()
    extra = max(total - existing, 0)
    if extra == 0:
        return
    answers = DriftingAnswers(rng)
    profile = dict(diagnostic_demo.PROFILE)
    for i in range(extra - 1):
        answers.progress = i / max(extra - 1, 1)
        for key, values in PROFILE_DRIFT.items():
            if rng.random() < PROFILE_CHANGE:
                profile[key] = rng.choice(values)
        take_diagnostic(org, owner, profile, answers)
    take_diagnostic(
        org,
        owner,
        diagnostic_demo.PROFILE,
        lambda m: diagnostic_demo._choice(m, diagnostic_demo._level(m.key, 1)),
    )
    history = list(org.assessments.exclude(completed_at=None).order_by("pk"))
    now = timezone.now()
    for age, assessment in enumerate(reversed(history[:-1]), start=1):
        when = now - age * DIAGNOSTIC_EVERY
        Assessment.objects.filter(pk=assessment.pk).update(started_at=when, completed_at=when)
        Answer.objects.filter(assessment=assessment).update(answered_at=when)


def seed(args: argparse.Namespace) -> dict:
    rng = random.Random(args.random_seed)
    # Apart, so that the sign-ins stay those of a seed without diagnostics.
    answers_rng = random.Random(args.random_seed + 1)
    started = time.monotonic()
    call_command("migrate", interactive=False, verbosity=0)
    load_content()
    migrated = time.monotonic()

    create_demo()
    demo = Organisation.objects.get(is_demo=True)
    demo_people = list(User.objects.filter(email__in=[email for _, email, _ in PEOPLE]))
    owner = next(u for u in demo_people if u.memberships.get(org=demo).role == Role.TITULAIRE)
    diagnostics_started = time.monotonic()
    with transaction.atomic():
        add_diagnostic_history(demo, owner, args.diagnostics, answers_rng)
    diagnostics_seconds = time.monotonic() - diagnostics_started
    with transaction.atomic():
        # create_demo made open deadlines too (its own, the yearly diagnostic,
        # a plan item).
        add_deadlines(
            demo,
            owner,
            open_count=max(args.deadlines - Deadline.objects.open().filter(org=demo).count(), 0),
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
            org_started = time.monotonic()
            answers = DriftingAnswers(answers_rng)
            profile = {**diagnostic_demo.PROFILE, "profession": org.profession}
            for i in range(args.org_diagnostics):
                answers.progress = i / max(args.org_diagnostics, 1)
                take_diagnostic(org, titulaire, profile, answers)
            diagnostics_seconds += time.monotonic() - org_started
            # Completing a diagnostic sets the yearly one as an open deadline.
            add_deadlines(
                org,
                titulaire,
                open_count=max(args.deadlines - Deadline.objects.open().filter(org=org).count(), 0),
                closed_count=args.closed_deadlines,
            )
            add_sign_ins(members, args.sign_ins, rng)

    completed = Assessment.objects.exclude(completed_at=None)
    demo_history = completed.filter(org=demo).order_by("completed_at")
    latest = demo_history.last()
    latest_result = diagnostic.result_of(latest) if latest else None
    return {
        "seconds": round(time.monotonic() - started, 1),
        "migrate_seconds": round(migrated - started, 1),
        "diagnostics_seconds": round(diagnostics_seconds, 1),
        "demo_org": demo.code,
        "organisations": Organisation.objects.count(),
        "users": User.objects.count(),
        "memberships": Membership.objects.count(),
        "deadlines_open": Deadline.objects.open().count(),
        "deadlines_total": Deadline.objects.count(),
        "demo_deadlines_open": Deadline.objects.open().filter(org=demo).count(),
        "journal_entries": Entry.objects.count(),
        "demo_journal_entries": Entry.objects.for_org(
            demo, {m.user_id: m.created for m in demo.memberships.all()}
        ).count(),
        "diagnostics": completed.count(),
        "diagnostic_answers": Answer.objects.count(),
        "demo_diagnostics": demo_history.count(),
        "demo_diagnostics_since": demo_history.first().completed_at.date().isoformat()
        if latest
        else None,
        "demo_indices": sorted({a.indice for a in demo_history}),
        "demo_latest_indice": latest.indice if latest else None,
        "demo_latest_gaps": len(latest_result.gaps) if latest_result else None,
        # The latest completed diagnostic of each organisation: the pages the load asks for.
        "latest_diagnostics": {
            a.org.code: a.pk
            for a in completed.select_related("org").order_by("org_id", "completed_at")
        },
        "titulaires": [f"titulaire{n}@bench.example" for n in range(args.orgs)],
        "titulaire_password": BENCH_PASSWORD,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orgs", type=int, default=30, help="organisations besides the demo")
    parser.add_argument("--members", type=int, default=4, help="members per organisation")
    parser.add_argument("--deadlines", type=int, default=50, help="open deadlines per org")
    parser.add_argument("--closed-deadlines", type=int, default=10, help="done deadlines per org")
    parser.add_argument(
        "--diagnostics",
        type=int,
        default=100,
        help="completed diagnostics of the demo organisation (create_demo makes 2)",
    )
    parser.add_argument(
        "--org-diagnostics", type=int, default=1, help="completed diagnostics per other org"
    )
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
