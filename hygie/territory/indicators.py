"""What a practice shares with its territories, computed from what Hygie holds.

Aggregated figures only: no patient, no person, no incident's details. The
pure parts (a register's completeness, a postal address's département) are
plain functions; `compute` reads the other capabilities' tables.
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date, datetime, timedelta

from django.db.models import Sum
from django.utils import timezone

from hygie.register.completeness import REQUIRED

# The diagnostic's key measures: those of the highest weight, the ones its
# priority actions put first (diagnostic.scoring: priority = weight x gap).
KEY_WEIGHT = 3
MONTHS = 12
POSTAL_CODE = re.compile(r"(?<!\d)(\d{5})(?!\d)")


def departement_of_address(address: str) -> str:
    """The département of a French postal address, from its last postal code.

    '69003 Lyon' → '69'; Corsica's 200xx-201xx → '2A', 202xx-206xx → '2B';
    overseas 97xxx/98xxx → three digits; '' when there is no postal code.
    """
    found = POSTAL_CODE.findall(address or "")
    if not found:
        return ""
    code = found[-1]
    if code.startswith("20"):
        return "2A" if int(code) < 20200 else "2B"
    if code[:2] in ("97", "98"):
        return code[:3]
    return code[:2]


def register_completeness(snapshot: dict) -> int | None:
    """The share (0-100) of what RGPD art. 30(1) asks that the register holds:
    the controller, the DPO decision, and each processing's required fields.
    None when the register has no processing yet."""
    processings = snapshot.get("processings") or []
    if not processings:
        return None
    controller = snapshot.get("controller") or {}
    checks = [bool(controller.get("name") and controller.get("contact")), bool(snapshot.get("dpo"))]
    checks += [bool(p.get(key)) for p in processings for key, _ in REQUIRED]
    return round(100 * sum(checks) / len(checks))


def month_key(moment: datetime | date) -> str:
    return f"{moment.year:04d}-{moment.month:02d}"


def last_months(today: date, n: int = MONTHS) -> list[str]:
    """The keys "YYYY-MM" of the n months up to today's, oldest first."""
    year, month = today.year, today.month
    keys = []
    for _ in range(n):
        keys.append(f"{year:04d}-{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return keys[::-1]


def diagnostic_figures(org) -> dict:
    from hygie.diagnostic import actions, measures
    from hygie.diagnostic.measures import NA
    from hygie.diagnostic.scoring import applicable

    assessment = actions.latest_completed(org)
    if assessment is None:
        return {"indice": None, "theme_indices": {}, "key_measures": {}}
    answers = actions.answers_of(assessment)
    result = actions.result_of(assessment, with_plan=True, answers=answers)
    gaps = {gap.measure.key for gap in result.gaps}
    key_measures = {
        m.key: m.key not in gaps
        for m in applicable(measures.catalogue(), assessment.profile)
        if m.weight >= KEY_WEIGHT and answers.get(m.key) != NA
    }
    return {
        "indice": result.indice,
        "theme_indices": {t.key: t.indice for t in result.themes if t.indice is not None},
        "key_measures": key_measures,
    }


def quiz_figures(org, today: date) -> dict:
    from hygie.quiz.models import ThemeStat

    rows = (
        ThemeStat.objects.filter(org=org, day__gt=today - timedelta(days=365))
        .values("theme")
        .annotate(answers=Sum("answers"), correct=Sum("correct"))
    )
    return {r["theme"]: [r["answers"], r["correct"]] for r in rows if r["answers"]}


def incident_figures(org, today: date) -> dict:
    from hygie.incidents.models import Incident

    months = set(last_months(today))
    since = timezone.now() - timedelta(days=31 * MONTHS)
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for kind, declared in Incident.objects.filter(org=org, declared_at__gte=since).values_list(
        "kind", "declared_at"
    ):
        key = month_key(timezone.localtime(declared, org.tzinfo()))
        if key in months:
            counts[kind][key] += 1
    return {kind: dict(by_month) for kind, by_month in counts.items()}


def request_figures(org) -> dict:
    from hygie.rights.models import PatientRequest

    since = timezone.now() - timedelta(days=365)
    answered = on_time = 0
    for patient_request in PatientRequest.objects.filter(org=org, answered_at__gte=since):
        patient_request.org = org
        answered += 1
        on_time += bool(patient_request.on_time())
    return {"requests_answered": answered, "requests_on_time": on_time}


def compute(org) -> dict:
    """The values of a practice's snapshot (the fields of models.Snapshot)."""
    from hygie.register.actions import snapshot as register_snapshot

    today = timezone.localdate(timezone=org.tzinfo())
    return {
        "profession": org.profession,
        **diagnostic_figures(org),
        "quiz": quiz_figures(org, today),
        "incidents": incident_figures(org, today),
        **request_figures(org),
        "register_completeness": register_completeness(register_snapshot(org)),
    }
