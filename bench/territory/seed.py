"""Seed a territory of N practices with six months of snapshots (see README.md).

Run with the server's environment, after migrations and the content library:
    hygie shell < seed.py   (N from BENCH_PRACTICES, the password from BENCH_PASSWORD)
"""

import os
import random
from datetime import timedelta

from django.utils import timezone

from hygie.accounts.models import User
from hygie.diagnostic import measures
from hygie.orgs.models import Kind, Membership, Organisation, Profession
from hygie.orgs.roles import Role
from hygie.quiz.forms import THEMES
from hygie.territory import labels
from hygie.territory.actions import CONSENT_VERSION
from hygie.territory.models import Participation, Snapshot, month_of

N = int(os.environ.get("BENCH_PRACTICES", "5000"))
MONTHS = 6
DEPARTEMENTS = ["01", "07", "26", "38", "42", "69", "73", "74", "03", "15", "43", "63"]
KINDS = ["rancongiciel", "lien-ou-piece-jointe", "erreur-destinataire", "indisponibilite"]
rng = random.Random(2026)
now = timezone.now()

region = Organisation.objects.create(name="GRADeS du banc d'essai", kind=Kind.APPUI)
animateur = User.objects.create_user(
    "animateur@bench.example",
    os.environ["BENCH_PASSWORD"],
    full_name="Animateur du banc",
    email_confirmed_at=now,
    last_org=region,
)
Membership.objects.create(user=animateur, org=region, role=Role.ANIMATEUR)

professions = [p for p, _ in Profession.choices]
practices = Organisation.objects.bulk_create(
    Organisation(
        name=f"Structure {i:05d}",
        kind=Kind.CABINET,
        profession=rng.choice(professions),
        address=f"{i} rue du Banc\n{rng.choice(DEPARTEMENTS)}000 Ville",
    )
    for i in range(N)
)
Participation.objects.bulk_create(
    Participation(
        region=region,
        practice=org,
        departement=org.address.split("\n")[1][:2],
        consent_version=CONSENT_VERSION,
        joined_at=now - timedelta(days=200),
    )
    for org in practices
)
catalogue = measures.catalogue()
themes = [t.key for t in catalogue.themes]
key_measures = labels.names().key_measures
current = month_of(timezone.localdate(now))
months = [current]
for _ in range(MONTHS - 1):
    months.append((months[-1] - timedelta(days=1)).replace(day=1))
rows = []
for org in practices:
    level = rng.randint(20, 90)
    for back, month in enumerate(months):
        indice = max(0, level - 2 * back + rng.randint(-3, 3))
        rows.append(
            Snapshot(
                practice=org,
                month=month,
                computed_at=now if back == 0 else now - timedelta(days=30 * back),
                profession=org.profession,
                indice=indice,
                theme_indices={t: max(0, min(100, indice + rng.randint(-20, 20))) for t in themes},
                key_measures={k: rng.random() < indice / 100 for k in key_measures},
                quiz={
                    t: [a, rng.randint(a // 3, a)]
                    for t in rng.sample(list(THEMES), 4)
                    for a in [rng.randint(10, 60)]
                },
                incidents={
                    rng.choice(KINDS): {f"{month.year:04d}-{month.month:02d}": 1}
                    for _ in range(rng.random() < 0.3)
                },
                requests_answered=(answered := rng.randint(0, 4)),
                requests_on_time=rng.randint(0, answered),
                register_completeness=rng.choice([None, 40, 70, 85, 100]),
            )
        )
Snapshot.objects.bulk_create(rows, batch_size=2000)
print(f"SEEDED {region.code} {N} {len(rows)}")
