"""What the identitovigilance pages show: each finding or point with its
level in words and its source resolved from the content library."""

from __future__ import annotations

from typing import Any

from hygie.content import library
from hygie.identity import geo, nir, status

LEVELS = {
    nir.ERROR: ("Erreur", "overdue"),
    nir.WARNING: ("À vérifier", "soon"),
    nir.INFO: ("Information", "later"),
}
UNVERIFIED_RULE = (
    "Règle connue par des sources non officielles ou dont le texte n'a pas été relu : "
    "vérifiez-la avant de vous y fier."
)


def sources(refs: list[tuple[str, str]]) -> list[dict[str, Any]]:
    """Distinct (id, citation) pairs as the library's references."""
    seen: dict[str, dict] = {}
    for ref, _citation in refs:
        if ref not in seen:
            seen[ref] = {"ref": ref, "detail": ""}
    return library.cite(list(seen.values()))


def _cited(ref: str, source: str, unverified: bool) -> dict[str, Any]:
    return {
        "source": library.cite([{"ref": ref}])[0] | {"detail": ""},
        "citation": source,
        "unverified": unverified,
        "unverified_check": {"check": UNVERIFIED_RULE},
    }


def nir_context(result: nir.NirCheck) -> dict[str, Any]:
    findings = []
    for f in result.findings:
        label, badge = LEVELS[f.level]
        findings.append(
            {"level": f.level, "label": label, "badge": badge, "message": f.message}
            | _cited(f.ref, f.source, f.unverified)
        )
    warnings = any(f.level == nir.WARNING for f in result.findings)
    if not result.valid:
        verdict, tone = "Numéro invalide ou incohérent", "error"
    elif warnings:
        verdict, tone = "Numéro lisible, avec des points à vérifier", "warning"
    else:
        verdict, tone = "Aucune erreur trouvée", "success"
    return {
        "check": result,
        "verdict": verdict,
        "tone": tone,
        "findings": findings,
        "cog_version": geo.version(),
    }


def point(p: status.Point) -> dict[str, Any]:
    return {"text": p.text} | _cited(p.ref, p.source, p.unverified)


def status_context(outcome: status.Outcome) -> dict[str, Any]:
    return {
        "outcome": outcome,
        "why": [point(p) for p in outcome.why],
        "allows": [point(p) for p in outcome.allows],
        "forbids": [point(p) for p in outcome.forbids],
        "special_case": point(outcome.special_case) if outcome.special_case else None,
    }


def reference_context() -> dict[str, Any]:
    """What the status page shows whatever the answers."""
    return {
        "statuses": status.STATUSES.values(),
        "transitions": status.TRANSITIONS,
        "documents": [point(p) for p in status.HIGH_TRUST_DOCUMENTS],
        "special_cases": [(label, point(p)) for label, p in status.SPECIAL_CASES.values()],
        "unverified_rule": {"check": UNVERIFIED_RULE},
        "status_sources": sources([status.RNIV, status.FR_CORE]),
    }
